import { beforeAll, describe, expect, it } from 'vitest';
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
