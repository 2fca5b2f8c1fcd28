import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { StaffRole } from '../../../domain/referral/model.ts';
import type {} from '../../edge/context.ts';
import { readForm } from '../../edge/validation.ts';
import type { StaffPrincipal } from '../../lib/deps.ts';
import { noteStaffSeen } from '../../lib/staff-seen.ts';
import { type TextKey, t } from '../../ui/messages.ts';
import type { PagesAppDeps } from '../pages-parts.ts';
import { pageOnError } from './error-page.tsx';
import { PAGE_HEADERS } from './layout.tsx';
import { localeSchema, pageLocale, rememberLocale, withPageLocale } from './locale.ts';
import { movingOnPage, signInPage } from './sign-in-page.tsx';

/**
 * Staff sign-in for the server-rendered pages, three ways into one server-side session
 * (deps.pageSessions), whose cookie holds only the session's opaque random id:
 * - with the identity provider (deps.signIn, deployed): OpenID Connect's code flow with PKCE
 *   (`/app/sign-in/start` → the provider → `/app/sign-in/callback`). The session keeps the provider's
 *   refresh token server side (sealed, page-sessions.ts) and refreshes while in use, roles and
 *   organisation read again each time; signing out ends it here and at the provider;
 * - with a staff token in the `token` field (what scripts and tests use), verified once: the session
 *   ends at the latest when that token expires;
 * - locally only (deps.dev), the dev sign-in: pick a demo staff member by organisation and role.
 * A session ends after 30 minutes without a request (each request pushes that back), and signing out
 * ends it, so a cookie copied before sign-out signs nobody in afterwards.
 *
 * The cookie is one that scripts cannot read (HttpOnly), sent only over HTTPS when deployed (Secure),
 * that other sites cannot make the browser send (SameSite=Strict), and only to the pages (Path=/app).
 * POSTs from pages also check Sec-Fetch-Site / Origin, so a form on another site cannot act with it.
 */
export const SESSION_COOKIE = 'relais_session';
/**
 * The sign-in attempt under way (its id only; the PKCE verifier, state and nonce stay in the table).
 * SameSite=Lax, not Strict: the provider sends the browser back to the callback from its own site.
 */
export const FLOW_COOKIE = 'relais_signin';
const FLOW_SECONDS = 10 * 60;
/** A session is refreshed when its ID token has less than this left (seconds). */
const REFRESH_MARGIN_SECONDS = 120;
/** The cookie of a session that refreshes: the store ends it sooner (idle, or its maximum age). */
const REFRESHABLE_COOKIE_SECONDS = 12 * 60 * 60;

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
 * The page a role starts on, after sign-in and from the front door: coordinators (of an organisation or
 * of the network) on the board, social workers on their referrals, accompaniers (and anyone else) on
 * the accompaniments.
 */
export function startPageFor(roles: readonly StaffRole[]): string {
  if (roles.includes('coordinator') || roles.includes('network_coordinator')) return '/app/board';
  if (roles.includes('social_worker')) return '/app/referrals';
  return '/app/accompaniments';
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
const secureCookie = (deps: PagesAppDeps): boolean =>
  !deps.dev || deps.settings.publicBaseUrl.startsWith('https:');

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const callbackQuery = z.object({
  code: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  state: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  error: z.optional(z.string().check(z.maxLength(256))),
});

const languageBody = z.strictObject({
  locale: localeSchema,
  next: z.optional(z.string().check(z.maxLength(200))),
});

const devSignInBody = z.strictObject({
  user: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
  next: z.optional(z.string().check(z.maxLength(200))),
});

/** `/app/sign-in` (and its provider and dev steps) and `/app/sign-out`. */
export function sessionRoutes(deps: PagesAppDeps) {
  const secure = secureCookie(deps);
  const sessionCookie = { httpOnly: true, secure, sameSite: 'Strict', path: '/app' } as const;
  const flowCookie = { httpOnly: true, secure, sameSite: 'Lax', path: '/app/sign-in' } as const;
  const page = async (c: Context, status: 200 | 401, error?: TextKey, next?: string) => {
    const { locale } = await pageLocale(c, deps);
    return c.body(
      signInPage({
        locale,
        ...(error ? { error: t(locale, error) } : {}),
        next,
        provider: deps.signIn !== undefined,
        ...(deps.dev?.staff ? { demo: await deps.dev.staff.list() } : {}),
      }),
      status,
      PAGE_HEADERS,
    );
  };
  /** A page that moves on by itself, in the page's language. */
  const movingOn = async (c: Context, title: TextKey, to: string, text: TextKey) => {
    const { locale } = await pageLocale(c, deps);
    return c.body(movingOnPage(locale, t(locale, title), to, t(locale, text)), 200, PAGE_HEADERS);
  };

  /** Opens the session (ending this browser's older one: one browser, one session) and sets its cookie. */
  const openSession = async (
    c: Context,
    principal: StaffPrincipal,
    expiresAt: number,
    refreshToken?: string,
  ): Promise<void> => {
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await deps.pageSessions.close(previous);
    const id = await deps.pageSessions.open(principal, expiresAt, refreshToken);
    const now = Math.floor(Date.now() / 1000);
    setCookie(c, SESSION_COOKIE, id, {
      ...sessionCookie,
      // The browser may drop it then; the server ends the session sooner when idle.
      maxAge: refreshToken ? REFRESHABLE_COOKIE_SECONDS : expiresAt - now,
    });
  };

  /** Signs in with a staff token (the `token` form, the dev sign-in). */
  const withToken = async (c: Context, token: string, next: string | undefined) => {
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
      return page(c, 401, 'staff.sign_in.bad_token', next);
    }
    await openSession(c, principal, exp);
    return c.redirect(safeNext(next, principal.roles), 303);
  };

  const routes = new Hono().use(sameOriginOnly);
  routes.onError(pageOnError(deps));
  routes.get('/sign-in', async (c) => {
    const next = c.req.query('next');
    // Deployed with a provider, signing in is the provider's: straight there.
    if (deps.signIn && !deps.dev) {
      return c.redirect(`/app/sign-in/start${next ? `?next=${encodeURIComponent(next)}` : ''}`, 303);
    }
    return page(c, 200, undefined, next);
  });
  routes.post('/sign-in', async (c) => {
    const { token, next } = await readForm(c, signInBody);
    return withToken(c, token, next);
  });

  const signIn = deps.signIn;
  if (signIn) {
    routes.get('/sign-in/start', async (c) => {
      const next = c.req.query('next');
      const codeVerifier = base64url(randomBytes(32));
      const state = base64url(randomBytes(24));
      const nonce = base64url(randomBytes(24));
      const checkedNext = next && safeNext(next, []) === next ? next : undefined;
      const flow = await signIn.flows.begin({
        state,
        nonce,
        codeVerifier,
        ...(checkedNext ? { next: checkedNext } : {}),
      });
      setCookie(c, FLOW_COOKIE, flow, { ...flowCookie, maxAge: FLOW_SECONDS });
      const codeChallenge = base64url(createHash('sha256').update(codeVerifier).digest());
      return c.redirect(await signIn.provider.authorizationUrl({ state, nonce, codeChallenge }), 303);
    });
    routes.get('/sign-in/callback', async (c) => {
      const query = callbackQuery.safeParse(c.req.query());
      const flowId = getCookie(c, FLOW_COOKIE);
      deleteCookie(c, FLOW_COOKIE, flowCookie);
      // Taken (so ended) whatever happens next: an attempt is used once.
      const flow = flowId ? await signIn.flows.take(flowId) : undefined;
      const retry = 'staff.sign_in.retry';
      if (!query.success || !flow || !query.data.code || !query.data.state) return page(c, 401, retry);
      // The state binds the answer to the attempt this browser started (no sign-in forced on it).
      if (!sameText(query.data.state, flow.state)) return page(c, 401, retry, flow.next);
      let tokens: Awaited<ReturnType<typeof signIn.provider.exchangeCode>>;
      try {
        tokens = await signIn.provider.exchangeCode({
          code: query.data.code,
          codeVerifier: flow.codeVerifier,
          nonce: flow.nonce,
        });
      } catch (error) {
        deps.logger.warn('sign-in refused', { error: error instanceof Error ? error.message : 'unknown' });
        return page(c, 401, 'staff.sign_in.refused', flow.next);
      }
      await openSession(c, tokens.principal, tokens.expiresAt, tokens.refreshToken);
      // Seen at sign-in, as a bearer token is at its first API call: choosable by name from now on.
      await noteStaffSeen(deps, tokens.principal);
      const to = safeNext(flow.next, tokens.principal.roles);
      return movingOn(c, 'staff.sign_in.signed_in', to, 'staff.sign_in.continue');
    });
  }

  const staff = deps.dev?.staff;
  if (staff) {
    // Local mode only: deps.dev never exists deployed, so neither does this route.
    routes.post('/sign-in/dev', async (c) => {
      const { user, next } = await readForm(c, devSignInBody);
      const token = await staff.tokenFor(user);
      if (!token) return page(c, 401, 'staff.dev.unknown', next);
      return withToken(c, token, next);
    });
  }

  // The language setting of every page: remembered in this browser, then back to the page it was set on.
  routes.post('/language', async (c) => {
    const { locale, next } = await readForm(c, languageBody);
    rememberLocale(c, locale, secure);
    return c.redirect(next && (next === '/' || safeNext(next, []) === next) ? next : '/app', 303);
  });

  routes.post('/sign-out', async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) await deps.pageSessions.close(id);
    deleteCookie(c, SESSION_COOKIE, sessionCookie);
    const endSession = signIn ? await signIn.provider.endSessionUrl().catch(() => undefined) : undefined;
    if (endSession) {
      return movingOn(c, 'staff.sign_in.signing_out', endSession, 'staff.sign_in.finish_sign_out');
    }
    return c.redirect('/app/sign-in', 303);
  });
  return routes;
}

/**
 * Requires a signed-in staff member on a page: sets `c.var.principal` from the session, like staffAuth
 * does from a bearer token for the API; otherwise sends the browser to sign in (and back afterwards).
 * A session whose ID token is (nearly) over is refreshed with the provider first, which reads the
 * roles and organisation again; one the provider refuses to refresh ends.
 */
export function pageSession(deps: PagesAppDeps): MiddlewareHandler {
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const principal = id ? await currentPrincipal(deps, id) : undefined;
    if (!principal) {
      const back = new URL(c.req.url).pathname;
      return c.redirect(`/app/sign-in?next=${encodeURIComponent(back)}`, 303);
    }
    c.set('principal', principal);
    // The page's language and time zone, once for the request, now that its organisation is known.
    await withPageLocale(deps)(c, next);
  };
}

/** The session's staff member, refreshed first when its token is nearly over; undefined when none. */
export async function currentPrincipal(deps: PagesAppDeps, id: string): Promise<StaffPrincipal | undefined> {
  const session = await deps.pageSessions.resume(id);
  if (!session) return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (session.tokenExpiresAt - now > REFRESH_MARGIN_SECONDS) return session.principal;
  if (!session.refreshToken || !deps.signIn) {
    // Nothing to refresh it with: good until its token's expiry (the store ends it then).
    return session.tokenExpiresAt > now ? session.principal : undefined;
  }
  try {
    const fresh = await deps.signIn.provider.refresh(session.refreshToken);
    const renewed = await deps.pageSessions.renew(id, fresh.principal, fresh.expiresAt, fresh.refreshToken);
    return renewed ? fresh.principal : undefined;
  } catch (error) {
    deps.logger.info('session refresh refused', {
      error: error instanceof Error ? error.message : 'unknown',
    });
    await deps.pageSessions.close(id);
    return undefined;
  }
}
