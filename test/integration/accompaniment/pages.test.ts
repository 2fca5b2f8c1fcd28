import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../functions/ui/html.ts';
import { t } from '../../../functions/ui/messages.ts';
import type { Harness } from '../http/harness.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  atTime,
  OTHER_ACCOMPANIER,
  read,
  type Staff,
  scheduledReferral,
} from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('acc-pages');
  h.clock.set(new Date('2026-11-27T07:00:00Z'));
});
afterAll(async () => {
  await h.stopEvents();
});

/** Signs in through the form, as a browser would; the session cookie to send back. */
async function signIn(who: Staff): Promise<string> {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(who.role, who.org ?? 'mdm-lu', who.sub) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const tap = (cookie: string, id: string, action: string, headers: Record<string, string> = {}, body = '') =>
  h.request(`/app/accompaniments/${id}/${action}`, {
    method: 'POST',
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'http://localhost',
      host: 'localhost',
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body,
  });

describe('the accompanier’s page', () => {
  it('needs a session: without one it sends the browser to sign in', async () => {
    const res = await h.request('/app/accompaniments');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Faccompaniments');
    const post = await h.request('/app/accompaniments/x/arrived', { method: 'POST' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^\/app\/sign-in/);
  });

  it('is a strict, script-free page listing the caller’s accompaniments and those to take', async () => {
    const mine = await accompaniedReferral(h, { pseudonym: 'LARK-1' });
    const open = await scheduledReferral(h, { pseudonym: 'LARK-2' });
    const res = await h.request('/app/accompaniments', { headers: { cookie: await signIn(ACCOMPANIER) } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).not.toMatch(/<script|\son[a-z]+=|https?:\/\//i);
    expect(html).toContain(`id="r-${mine.id}"`);
    expect(html).toContain(`/app/accompaniments/${mine.id}/arrived`);
    expect(html).toContain(`/app/accompaniments/${open.id}/take`);
    // Need to know: who the person is shows on the caller's own, not on one they could take.
    expect(html).toContain('LARK-1');
    expect(html).not.toContain('LARK-2');
  });

  it('says a repeated tap was already done, not "done", and changes nothing', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'LARK-9' });
    const cookie = await signIn(ACCOMPANIER);
    const again = await tap(cookie, r.id, 'take');
    expect(again.headers.get('location')).toBe(`/app/accompaniments?error=already#r-${r.id}`);
    const page = await h.request('/app/accompaniments?error=already', { headers: { cookie } });
    // In the organisation's language (French) when the staff member chose none.
    expect(await page.text()).toContain(escapeHtml(t('fr', 'staff.acc.error.already')));
    const english = await h.request('/app/accompaniments?error=already', {
      headers: { cookie: `${cookie}; relais_locale=en` },
    });
    expect(await english.text()).toContain('Already recorded before: nothing changed.');
    expect((await read(h, r.id)).version).toBe(r.version);
  });

  it('takes, confirms and records with one form post each, then redirects back (PRG)', async () => {
    const r = await scheduledReferral(h, { pseudonym: 'LARK-3' });
    const cookie = await signIn(ACCOMPANIER);
    const take = await tap(cookie, r.id, 'take');
    expect(take.status).toBe(303);
    expect(take.headers.get('location')).toBe(`/app/accompaniments?done=taken#r-${r.id}`);
    for (const step of ['departed', 'arrived']) {
      const res = await tap(cookie, r.id, step);
      expect(res.headers.get('location')).toBe(`/app/accompaniments?done=${step}#r-${r.id}`);
    }
    // Attendance is recorded from the appointment's time.
    const attended = await atTime(h, () =>
      tap(
        cookie,
        r.id,
        'attended',
        {},
        new URLSearchParams({ followUpOn: '2026-12-15', note: 'check the stitches' }).toString(),
      ),
    );
    expect(attended.headers.get('location')).toBe(`/app/accompaniments?done=attended#r-${r.id}`);
    const after = await read(h, r.id);
    expect(after).toMatchObject({
      status: 'attended',
      accompaniment: { accompanierId: ACCOMPANIER.sub },
      // 09:00 in Luxembourg on the day.
      outcome: { attended: true, followUpDueAt: '2026-12-15T08:00:00.000Z', note: 'check the stitches' },
    });
  });

  it('says why a tap did nothing, without changing anything', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'LARK-4' });
    const open = await scheduledReferral(h, { pseudonym: 'LARK-7' });
    const other = await signIn(OTHER_ACCOMPANIER);
    // One open to take is theirs to see, not to confirm; one someone else has is not theirs to see.
    const res = await tap(other, open.id, 'arrived');
    expect(res.headers.get('location')).toBe(`/app/accompaniments?error=forbidden#r-${open.id}`);
    const page = await h.request('/app/accompaniments?error=forbidden', { headers: { cookie: other } });
    expect(await page.text()).toContain(escapeHtml(t('fr', 'staff.acc.error.forbidden')));
    const taken = await tap(other, r.id, 'arrived');
    expect(taken.headers.get('location')).toBe(`/app/accompaniments?error=not_found#r-${r.id}`);
    const phone = await tap(
      await signIn(ACCOMPANIER),
      r.id,
      'attended',
      {},
      new URLSearchParams({ note: 'ring 0471 12 34 56' }).toString(),
    );
    expect(phone.headers.get('location')).toBe(`/app/accompaniments?error=invalid_input#r-${r.id}`);
    expect((await read(h, r.id)).version).toBe(r.version);
  });

  it('refuses a post that another site made the browser send', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'LARK-5' });
    const cookie = await signIn(ACCOMPANIER);
    const crossSite = await tap(cookie, r.id, 'arrived', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const foreign = await tap(cookie, r.id, 'arrived', {
      'sec-fetch-site': '',
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await read(h, r.id)).status).toBe('scheduled');
  });

  it('shows a referral’s timeline to its organisation only', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'LARK-6' });
    const res = await h.request(`/app/referrals/${r.id}`, { headers: { cookie: await signIn(ACCOMPANIER) } });
    expect(res.status).toBe(200);
    const html = await res.text();
    // In the organisation's French, as every page of a signed-in member who chose no language.
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Accompagnateur désigné');
    expect(html).toContain(ACCOMPANIER.sub);
    // The person on the page, never in its title (browser history, tabs, a shared screen).
    expect(html).toContain('<h1>Orientation LARK-6</h1>');
    expect(html.match(/<title>([^<]*)<\/title>/)?.[1]).toBe('Orientation · Relais');
    const foreign = await h.request(`/app/referrals/${r.id}`, {
      headers: { cookie: await signIn({ role: 'social_worker', sub: 'sw-x', org: 'dune-bxl' }) },
    });
    expect(foreign.status).toBe(404);
  });
});
