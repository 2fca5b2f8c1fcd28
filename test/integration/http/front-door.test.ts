import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

/* The front door: `/` says what Relais is and leads to sign-in; signed in, it leads to the role's page. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('front-door');
});

type Role = 'coordinator' | 'social_worker' | 'network_coordinator' | 'accompanier';

/** Signs in through the form, as a browser would: the session cookie to send back. */
const signIn = async (role: Role): Promise<string> => {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(role) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
};

describe('the front door', () => {
  it('answers an HTML page with the staff pages’ headers, saying what Relais is and linking to sign-in', async () => {
    const res = await h.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<a href="/app/sign-in">Sign in</a>');
    expect(html).toContain('Relais coordinates referrals and accompaniments');
  });

  it('sends a signed-in visitor to the page their role starts on', async () => {
    const starts: Record<Role, string> = {
      coordinator: '/app/board',
      network_coordinator: '/app/board',
      accompanier: '/app/accompaniments',
      social_worker: '/app/referrals',
    };
    for (const [role, start] of Object.entries(starts) as [Role, string][]) {
      const res = await h.request('/', { headers: { cookie: await signIn(role) } });
      expect(res.status, role).toBe(303);
      expect(res.headers.get('location'), role).toBe(start);
    }
  });

  it('sends /app and /app/ to sign in, or signed in to the role’s page', async () => {
    for (const path of ['/app', '/app/']) {
      const out = await h.request(path);
      expect(out.status).toBe(303);
      expect(out.headers.get('location')).toBe('/app/sign-in');
      const signedIn = await h.request(path, { headers: { cookie: await signIn('coordinator') } });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/app/board');
    }
  });

  it('shows the page again after sign-out: the session is gone', async () => {
    const cookie = await signIn('coordinator');
    await h.request('/app/sign-out', {
      method: 'POST',
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
    });
    const res = await h.request('/', { headers: { cookie } });
    expect(res.status).toBe(200);
  });
});
