import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { StaffRole } from '../../../domain/referral/model.ts';
import type {} from '../../edge/context.ts';
import { readForm } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { escapeHtml, PAGE_HEADERS, renderPage } from './layout.ts';

/**
 * Staff sign-in for the server-rendered pages. The staff member pastes (or their identity provider
 * posts) the same bearer token the API takes; it is kept in a cookie that scripts cannot read
 * (HttpOnly), that is only sent over HTTPS or to localhost (Secure), and that other sites cannot make
 * the browser send (SameSite=Strict). POSTs from pages also check Sec-Fetch-Site / Origin, so a form on
 * another site cannot act with it.
 */
export const SESSION_COOKIE = 'relais_session';

const signInBody = z.strictObject({
  token: z.string().check(z.trim(), z.minLength(20), z.maxLength(4096)),
  next: z.optional(z.string().check(z.maxLength(200))),
});

/** Where to go after signing in: only our own pages. */
function safeNext(next: string | undefined, roles: readonly StaffRole[]): string {
  if (next && /^\/app\/[A-Za-z0-9/_?=&.-]*$/.test(next) && !next.startsWith('//')) return next;
  if (roles.includes('accompanier')) return '/app/accompaniments';
  if (roles.includes('coordinator') || roles.includes('network_coordinator')) return '/app/board';
  return '/app/accompaniments';
}

function signInPage(error?: string, next?: string): string {
  return renderPage({
    title: 'Sign in',
    body:
      '<h1>Sign in</h1>' +
      (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
      '<form method="post" action="/app/sign-in" class="card">' +
      '<label for="token">Staff token</label>' +
      '<textarea id="token" name="token" rows="4" autocomplete="off" spellcheck="false" required></textarea>' +
      (next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : '') +
      '<button type="submit">Sign in</button></form>',
  });
}

/** The host of an `Origin` header; undefined when it is not a URL, which then matches no host. */
const hostOf = (origin: string): string | undefined => {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
};

/** Refuses a state-changing request that another site made the browser send. */
export const sameOriginOnly: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
    const foreignOrigin =
      origin !== undefined && origin !== 'null' && host !== undefined && hostOf(origin) !== host;
    if (crossSite || foreignOrigin) return c.text('Cross-site request refused.', 403);
  }
  await next();
};

/** `/app/sign-in` and `/app/sign-out`. */
export function sessionRoutes(deps: Deps) {
  return new Hono()
    .use(sameOriginOnly)
    .get('/sign-in', (c) => c.body(signInPage(undefined, c.req.query('next')), 200, PAGE_HEADERS))
    .post('/sign-in', async (c) => {
      const { token, next } = await readForm(c, signInBody);
      let roles: readonly StaffRole[];
      let exp: number;
      try {
        roles = (await deps.verifyStaff(token)).roles;
        exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number })
          .exp;
      } catch {
        return c.body(signInPage('That token is not valid or has expired.', next), 401, PAGE_HEADERS);
      }
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
        path: '/app',
        maxAge: Math.max(0, exp - Math.floor(Date.now() / 1000)),
      });
      return c.redirect(safeNext(next, roles), 303);
    })
    .post('/sign-out', (c) => {
      deleteCookie(c, SESSION_COOKIE, { path: '/app', secure: true });
      return c.redirect('/app/sign-in', 303);
    });
}

/**
 * Requires a signed-in staff member on a page: sets `c.var.principal` like staffAuth does for the API;
 * otherwise sends the browser to sign in (and back afterwards).
 */
export function pageSession(deps: Deps): MiddlewareHandler {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    try {
      if (!token) throw new Error('no session');
      c.set('principal', await deps.verifyStaff(token));
    } catch {
      const back = new URL(c.req.url).pathname;
      return c.redirect(`/app/sign-in?next=${encodeURIComponent(back)}`, 303);
    }
    await next();
  };
}
