import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInFlowStore } from '../../../functions/adapters/dynamo/sign-in-flow-store.ts';
import { createOidcSignIn } from '../../../functions/adapters/oidc/oidc-sign-in.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { createApp } from '../../../local/app.ts';
import { startOidcIssuer, type TestOidcIssuer } from '../../support/oidc-issuer.ts';
import { createTestTable } from '../../support/table.ts';
import { createHarness, type Harness } from './harness.ts';

/*
 * The provider sign-in's refusals, without a browser: the app as deployed (a provider, no dev hooks)
 * against the local OIDC provider of test/support. The happy path, refresh and sign-out are the
 * browser test's (test/browser/sign-in.test.ts).
 */

const BASE = 'http://relais.test';
const CLIENT_ID = 'relais-pages';
const REDIRECT = `${BASE}/app/sign-in/callback`;

let h: Harness;
let issuer: TestOidcIssuer;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  h = await createHarness('oidc-sign-in');
  issuer = await startOidcIssuer({ clientId: CLIENT_ID, redirectUri: REDIRECT });
  const flows = await createTestTable('oidc-sign-in-flows');
  const deps: Deps = {
    ...h.deps,
    signIn: {
      provider: createOidcSignIn({
        issuer: issuer.issuer,
        clientId: CLIENT_ID,
        redirectUri: REDIRECT,
        postLogoutRedirectUri: `${BASE}/`,
      }),
      flows: createSignInFlowStore(flows.dynamo, flows.tableName),
    },
  };
  app = createApp(deps);
});

afterAll(async () => {
  await issuer?.close();
});

const cookieOf = (res: Response, name: string) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

/** Starts a sign-in: the attempt's cookie and where the provider sent the browser back to. */
async function start(): Promise<{ cookie: string; callback: URL }> {
  const started = await app.request('/app/sign-in/start?next=%2Fapp%2Fboard', {}, {});
  expect(started.status).toBe(303);
  const flow = cookieOf(started, 'relais_signin')!;
  const authorize = await fetch(started.headers.get('location')!, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  return { cookie: flow.split(';')[0]!, callback: new URL(authorize.headers.get('location')!) };
}

describe('signing in with the provider, as deployed', () => {
  it('sends the sign-in page straight to the provider, with a short-lived, Lax attempt cookie', async () => {
    const page = await app.request('/app/sign-in?next=%2Fapp%2Fboard');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/app/sign-in/start?next=%2Fapp%2Fboard');
    const started = await app.request('/app/sign-in/start');
    const to = new URL(started.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(`${issuer.issuer}/authorize`);
    expect(to.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(to.searchParams.get('response_type')).toBe('code');
    expect(to.searchParams.get('scope')).toBe('openid email');
    const cookie = cookieOf(started, 'relais_signin')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/app\/sign-in/);
    expect(cookie).toMatch(/Max-Age=600/);
  });

  it('opens a session from the callback, then moves the browser on to the page asked for', async () => {
    issuer.user = { sub: 'coord-9', org: 'mdm-lu', roles: ['coordinator'] };
    const seenBefore = await h.deps.staffSeen.list('mdm-lu', { limit: 100 });
    expect(seenBefore.items.map((s) => s.sub)).not.toContain('coord-9');
    const { cookie, callback } = await start();
    const back = await app.request(`${callback.pathname}${callback.search}`, { headers: { cookie } });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('content="0;url=/app/board"');
    expect(cookieOf(back, 'relais_session')).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    // Seen at sign-in, before any API call: a coordinator can choose them by name at once.
    const seen = await h.deps.staffSeen.list('mdm-lu', { limit: 100 });
    expect(seen.items).toContainEqual(expect.objectContaining({ sub: 'coord-9', roles: ['coordinator'] }));
  });

  it('refuses a callback without the attempt cookie, with another state, or used twice', async () => {
    const { cookie, callback } = await start();
    const withoutCookie = await app.request(`${callback.pathname}${callback.search}`);
    expect(withoutCookie.status).toBe(401);
    expect(cookieOf(withoutCookie, 'relais_session')).toBeUndefined();

    const other = await start();
    const forged = new URL(other.callback);
    forged.searchParams.set('state', 'another-state-of-the-attacker');
    const refused = await app.request(`${forged.pathname}${forged.search}`, {
      headers: { cookie: other.cookie },
    });
    expect(refused.status).toBe(401);
    expect(cookieOf(refused, 'relais_session')).toBeUndefined();
    // The attempt was used up by the refusal: the genuine answer cannot follow.
    const late = await app.request(`${other.callback.pathname}${other.callback.search}`, {
      headers: { cookie: other.cookie },
    });
    expect(late.status).toBe(401);
    // Nor does an attempt answer another's callback.
    const crossed = await app.request(`${other.callback.pathname}${other.callback.search}`, {
      headers: { cookie },
    });
    expect(crossed.status).toBe(401);
  });

  it('refuses an ID token for another audience, and a provider error, with no session', async () => {
    issuer.idTokenAudience = 'someone-else';
    try {
      const { cookie, callback } = await start();
      const back = await app.request(`${callback.pathname}${callback.search}`, { headers: { cookie } });
      expect(back.status).toBe(401);
      expect(cookieOf(back, 'relais_session')).toBeUndefined();
    } finally {
      issuer.idTokenAudience = CLIENT_ID;
    }
    const { cookie } = await start();
    const denied = await app.request('/app/sign-in/callback?error=access_denied', { headers: { cookie } });
    expect(denied.status).toBe(401);
  });

  it('ends a session the provider will no longer refresh, and sends the browser to sign in', async () => {
    issuer.user = { sub: 'coord-10', org: 'mdm-lu', roles: ['coordinator'] };
    issuer.idTokenSeconds = 60; // within the refresh margin: the next page refreshes
    try {
      const { cookie, callback } = await start();
      const back = await app.request(`${callback.pathname}${callback.search}`, { headers: { cookie } });
      const session = cookieOf(back, 'relais_session')!.split(';')[0]!;
      const id = session.split('=')[1]!;
      expect((await app.request('/app/board', { headers: { cookie: session } })).status).toBe(200);
      // The account is gone at the provider: its refresh token is refused.
      issuer.user = { sub: 'someone-else', org: 'mdm-lu', roles: ['coordinator'] };
      const refused = await app.request('/app/board', { headers: { cookie: session } });
      expect(refused.status).toBe(303);
      expect(refused.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Fboard');
      expect(await h.deps.pageSessions.resume(id)).toBeUndefined();
    } finally {
      issuer.idTokenSeconds = 3600;
    }
  });

  it('has no dev sign-in', async () => {
    const res = await app.request('/app/sign-in/dev', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=coordinator-mdm-lu',
    });
    expect(res.status).toBe(404);
  });
});

describe('the OIDC adapter', () => {
  it('refuses an ID token whose nonce is not the attempt’s', async () => {
    const provider = createOidcSignIn({
      issuer: issuer.issuer,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT,
      postLogoutRedirectUri: `${BASE}/`,
    });
    const verifier = 'v'.repeat(43);
    const url = await provider.authorizationUrl({
      state: 's'.repeat(32),
      nonce: 'n'.repeat(32),
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    });
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    await expect(
      provider.exchangeCode({
        code: back.searchParams.get('code')!,
        codeVerifier: verifier,
        nonce: 'x'.repeat(32),
      }),
    ).rejects.toThrow(/nonce/);
  });

  it('refuses a discovery document naming another issuer', async () => {
    const provider = createOidcSignIn({
      issuer: `${issuer.issuer}/`,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT,
      postLogoutRedirectUri: `${BASE}/`,
    });
    await expect(
      provider.authorizationUrl({
        state: 's'.repeat(32),
        nonce: 'n'.repeat(32),
        codeChallenge: 'c'.repeat(43),
      }),
    ).rejects.toThrow(/another issuer/);
  });

  it('follows no redirect: a moved discovery document or token endpoint fails the sign-in', async () => {
    // A provider in front of the local one: its discovery document moved to the local one's, or (under
    // /token-moved) its own document whose token endpoint redirects to the local one's.
    const proxy = createServer((req, res) => {
      if (req.url === '/moved/.well-known/openid-configuration')
        return void res
          .writeHead(302, { location: `${issuer.issuer}/.well-known/openid-configuration` })
          .end();
      if (req.url === '/token-moved/.well-known/openid-configuration') {
        const here = `${base}/token-moved`;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer: here,
            authorization_endpoint: `${issuer.issuer}/authorize`,
            token_endpoint: `${here}/token`,
            jwks_uri: `${issuer.issuer}/jwks`,
          }),
        );
      }
      if (req.url === '/token-moved/token')
        return void res.writeHead(307, { location: `${issuer.issuer}/token` }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const at = (path: string) =>
        createOidcSignIn({
          issuer: `${base}${path}`,
          clientId: CLIENT_ID,
          redirectUri: REDIRECT,
          postLogoutRedirectUri: `${BASE}/`,
        });
      const attempt = { state: 's'.repeat(32), nonce: 'n'.repeat(32), codeChallenge: 'c'.repeat(43) };
      await expect(at('/moved').authorizationUrl(attempt)).rejects.toThrow(/OIDC discovery failed: 302/);
      const [grants, refusals] = [issuer.grants.length, issuer.refusals.length];
      await expect(
        at('/token-moved').exchangeCode({ code: 'any', codeVerifier: 'v'.repeat(43), nonce: attempt.nonce }),
      ).rejects.toThrow(/token endpoint refused: 307/);
      // The local provider's token endpoint was not asked: neither answered nor refused.
      expect([issuer.grants.length, issuer.refusals.length]).toEqual([grants, refusals]);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((ok) => proxy.close(() => ok()));
    }
  });
});
