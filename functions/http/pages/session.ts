import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { StaffRole } from '../../../domain/referral/model.ts';
import type {} from '../../edge/context.ts';
import { readForm } from '../../edge/validation.ts';
import type { Deps, StaffPrincipal } from '../../lib/deps.ts';
import { escapeHtml, PAGE_HEADERS, renderPage } from './layout.ts';

/**
 * Staff sign-in for the server-rendered pages. The staff member pastes (or their identity provider
 * posts) the same bearer token the API takes; it is verified once and exchanged for a server-side
 * session (deps.pageSessions): the cookie holds only the session's opaque random id, never the token,
 * and signing out deletes the session, so a cookie copied before sign-out signs nobody in afterwards.
 * A session ends after 30 minutes without a request (each request pushes that back) and at the latest
 * when the token it was opened with expires.
 *
 * The cookie is one that scripts cannot read (HttpOnly), sent only over HTTPS when deployed (Secure),
 * that other sites cannot make the browser send (SameSite=Strict), and only to the pages (Path=/app).
 * POSTs from pages also check Sec-Fetch-Site / Origin, so a form on another site cannot act with it.
 */
export const SESSION_COOKIE = 'relais_session';

const signInBody = z.strictObject({
  token: z.string().check(z.trim(), z.minLength(20), z.maxLength(4096)),
  next: z.optional(z.string().check(z.maxLength(200))),
});

/** Where to go after signing in: only our own pages. */
function safeNext(next: string | undefined, roles: readonly StaffRole[]): string {
  if (next && /^\/app\/[A-Za-z0-9/_?=&.-]*$/.test(next) && !next.startsWith('//')) return next;
  return startPageFor(roles);
}

/**
 * The page a role starts on, after sign-in and from the front door. Social workers have no pages of
 * their own yet, so they start where accompaniers do; coordinators (of an organisation or of the
 * network) on the board.
 */
export function startPageFor(roles: readonly StaffRole[]): string {
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
    // `Origin: null` is what a sandboxed frame, a data: URL or a file sends: a page of ours never does
    // (their Referrer-Policy is same-origin, under which a same-origin form POST names its origin).
    const foreignOrigin =
      origin !== undefined && (origin === 'null' || (host !== undefined && hostOf(origin) !== host));
    if (crossSite || foreignOrigin) return c.text('Cross-site request refused.', 403);
  }
  await next();
};

/** The `exp` of a token the verifier accepted (epoch seconds), or undefined when it has none. */
function expiryOf(token: string): number | undefined {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    exp?: unknown;
  };
  return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp : undefined;
}

/**
 * `Secure` wherever the pages are served over HTTPS: always when deployed; in the one-machine runtime
 * (the only one with `deps.dev`) only when its public address is https, so that signing in works on
 * plain http://127.0.0.1.
 */
const secureCookie = (deps: Deps): boolean => !deps.dev || deps.settings.publicBaseUrl.startsWith('https:');

/** `/app/sign-in` and `/app/sign-out`. */
export function sessionRoutes(deps: Deps) {
  const secure = secureCookie(deps);
  return new Hono()
    .use(sameOriginOnly)
    .get('/sign-in', (c) => c.body(signInPage(undefined, c.req.query('next')), 200, PAGE_HEADERS))
    .post('/sign-in', async (c) => {
      const { token, next } = await readForm(c, signInBody);
      let principal: StaffPrincipal | undefined;
      let exp: number | undefined;
      try {
        principal = await deps.verifyStaff(token);
        exp = expiryOf(token);
      } catch {
        principal = undefined;
      }
      const now = Math.floor(Date.now() / 1000);
      if (!principal || exp === undefined || exp <= now) {
        return c.body(signInPage('That token is not valid or has expired.', next), 401, PAGE_HEADERS);
      }
      // A sign-in over an older session ends it: one browser, one session.
      const previous = getCookie(c, SESSION_COOKIE);
      if (previous) await deps.pageSessions.close(previous);
      const id = await deps.pageSessions.open(principal, exp);
      setCookie(c, SESSION_COOKIE, id, {
        httpOnly: true,
        secure,
        sameSite: 'Strict',
        path: '/app',
        // The browser may drop it with the token's expiry; the server ends the session sooner when idle.
        maxAge: exp - now,
      });
      return c.redirect(safeNext(next, principal.roles), 303);
    })
    .post('/sign-out', async (c) => {
      const id = getCookie(c, SESSION_COOKIE);
      if (id) await deps.pageSessions.close(id);
      deleteCookie(c, SESSION_COOKIE, { path: '/app', secure, httpOnly: true, sameSite: 'Strict' });
      return c.redirect('/app/sign-in', 303);
    });
}

/**
 * Requires a signed-in staff member on a page: sets `c.var.principal` from the session, like staffAuth
 * does from a bearer token for the API; otherwise sends the browser to sign in (and back afterwards).
 */
export function pageSession(deps: Deps): MiddlewareHandler {
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const principal = id ? await deps.pageSessions.resume(id) : undefined;
    if (!principal) {
      const back = new URL(c.req.url).pathname;
      return c.redirect(`/app/sign-in?next=${encodeURIComponent(back)}`, 303);
    }
    c.set('principal', principal);
    await next();
  };
}
