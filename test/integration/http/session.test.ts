import { beforeAll, describe, expect, it } from 'vitest';
import { HSTS } from '../../../functions/edge/security-headers.ts';
import { createApp } from '../../../local/app.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('session');
});

const signIn = (token: string, headers: Record<string, string> = {}) =>
  h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token }).toString(),
  });

describe('staff sign-in for pages', () => {
  it('keeps a valid token in an HttpOnly, Secure, SameSite=Strict cookie and goes to the role’s page', async () => {
    const res = await signIn(await h.token('accompanier'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/accompaniments');
    // A social worker starts on their referrals.
    expect((await signIn(await h.token('social_worker'))).headers.get('location')).toBe('/app/referrals');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^relais_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/app');
  });

  it('refuses an invalid token with the sign-in page again and no cookie', async () => {
    const res = await signIn('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.forged-signature');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('not valid');
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await signIn(await h.token('accompanier'), { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('never redirects to another site after signing in', async () => {
    const res = await h.request('/app/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await h.token('coordinator'), next: '//evil.example/x' }).toString(),
    });
    expect(res.headers.get('location')).toBe('/app/board');
  });
});

/** The `name=value` of the session cookie a response set. */
const cookieOf = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('the server-side page session', () => {
  it('puts an opaque id in the cookie, never the token or any part of it', async () => {
    const token = await h.token('accompanier');
    const cookie = cookieOf(await signIn(token));
    const value = cookie.slice('relais_session='.length);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const part of token.split('.')) expect(value).not.toContain(part);
    expect(cookie).not.toContain(token.slice(0, 20));
  });

  it('signs the pages in with the cookie until sign-out; the same cookie replayed afterwards is refused', async () => {
    const cookie = cookieOf(await signIn(await h.token('accompanier')));
    const before = await h.request('/app/accompaniments', { headers: { cookie } });
    expect(before.status).toBe(200);

    const out = await h.request('/app/sign-out', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/app/sign-in');
    expect(out.headers.get('set-cookie')).toMatch(/^relais_session=;.*Max-Age=0/);

    const replayed = await h.request('/app/accompaniments', { headers: { cookie } });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Faccompaniments');
    const tap = await h.request('/app/accompaniments/some-id/arrived', {
      method: 'POST',
      headers: { cookie },
    });
    expect(tap.status).toBe(303);
    expect(tap.headers.get('location')).toMatch(/^\/app\/sign-in/);
  });

  it('ends only the session signed out of: another sign-in of the same person still works', async () => {
    const token = await h.token('coordinator');
    const first = cookieOf(await signIn(token));
    const second = cookieOf(await signIn(token));
    expect(first).not.toBe(second);
    await h.request('/app/sign-out', { method: 'POST', headers: { cookie: first } });
    expect((await h.request('/app/board', { headers: { cookie: second } })).status).toBe(200);
    expect((await h.request('/app/board', { headers: { cookie: first } })).status).toBe(303);
  });

  it('ends the session a browser already had when it signs in again', async () => {
    const token = await h.token('coordinator');
    const first = cookieOf(await signIn(token));
    const second = cookieOf(await signIn(token, { cookie: first }));
    expect((await h.request('/app/board', { headers: { cookie: first } })).status).toBe(303);
    expect((await h.request('/app/board', { headers: { cookie: second } })).status).toBe(200);
  });

  it('takes the bearer token itself in the cookie for no session', async () => {
    const token = await h.token('coordinator');
    const res = await h.request('/app/board', { headers: { cookie: `relais_session=${token}` } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Fboard');
  });

  it('refuses a page POST with `Origin: null` (a sandboxed frame or a data: URL)', async () => {
    const res = await signIn(await h.token('accompanier'), { origin: 'null', host: 'relais.test' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    const cookie = cookieOf(await signIn(await h.token('accompanier')));
    const out = await h.request('/app/sign-out', { method: 'POST', headers: { cookie, origin: 'null' } });
    expect(out.status).toBe(403);
    expect((await h.request('/app/accompaniments', { headers: { cookie } })).status).toBe(200);
  });

  it('still takes a same-origin page POST', async () => {
    const res = await signIn(await h.token('accompanier'), {
      origin: 'http://relais.test',
      host: 'relais.test',
      'sec-fetch-site': 'same-origin',
    });
    expect(res.status).toBe(303);
  });
});

describe('Strict-Transport-Security', () => {
  it('is on every deployed response: API, pages, refusals, link pages', async () => {
    const responses = [
      await h.request('/health'),
      await h.request('/app/sign-in'),
      await h.request('/app/board'),
      await h.request('/v1/referrals'),
      await h.call('GET', '/v1/referrals'),
      await h.request('/o/not-a-token'),
      await h.request('/nowhere'),
    ];
    for (const res of responses) expect(res.headers.get('strict-transport-security')).toBe(HSTS);
  });

  it('is not sent by the one-machine runtime, which serves plain http', async () => {
    const local = createApp({
      ...h.deps,
      dev: { outbox: async () => [], advanceClock: async () => ({ now: '', fired: [] }) },
    });
    for (const path of ['/health', '/app/sign-in']) {
      const res = await local.request(path);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('lets the one-machine runtime sign in over plain http: no Secure flag there', async () => {
    const local = createApp({
      ...h.deps,
      settings: { ...h.deps.settings, publicBaseUrl: 'http://127.0.0.1:3000' },
      dev: { outbox: async () => [], advanceClock: async () => ({ now: '', fired: [] }) },
    });
    const res = await local.request('/app/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await h.token('accompanier') }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).not.toContain('Secure');
  });
});
