import { beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../functions/ui/messages.ts';
import { createHarness, type Harness, openBody, postPageForm } from './harness.ts';

/*
 * The social worker's pages over HTTP (the browser test walks the main path): a stale amend form says
 * someone changed the referral meanwhile and shows its new state; a form from another site is refused;
 * the amendment reaches the timeline in words.
 */

let h: Harness;
let cookie: string;

beforeAll(async () => {
  h = await createHarness('social-worker-pages');
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token('social_worker', 'mdm-lu', 'sw-page') }).toString(),
  });
  expect(res.status).toBe(303);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

const opened = async () => {
  const res = await h.call('POST', '/v1/referrals', { body: openBody({ autoOffer: false }) });
  return (await res.json()) as { id: string; version: number };
};

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  postPageForm(h, cookie, path, fields, headers);

const amendForm = (version: number, urgency: string) => ({
  version: String(version),
  urgency,
  languages: 'pt, fr',
  'accompaniment.required': 'true',
  reason: 'Blurred vision, getting worse',
});

describe('the referral page’s amend form', () => {
  it('amends through the form and shows the amendment on the timeline', async () => {
    const r = await opened();
    const res = await post(`/app/referrals/${r.id}/amend`, amendForm(r.version, 'urgent'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/referrals/${r.id}?done=amend`);
    const after = await h.deps.store.get(r.id);
    expect(after).toMatchObject({ urgency: 'urgent', reason: 'Blurred vision, getting worse' });
    const page = await (await h.request(`/app/referrals/${r.id}`, { headers: { cookie } })).text();
    expect(page).toContain('Referral amended');
  });

  it('says someone changed it meanwhile on a stale form, shows the new state, and changes nothing', async () => {
    const r = await opened();
    expect((await post(`/app/referrals/${r.id}/amend`, amendForm(r.version, 'soon'))).status).toBe(303);
    const stale = await post(`/app/referrals/${r.id}/amend`, amendForm(r.version, 'urgent'));
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Someone changed this referral meanwhile');
    expect(html).toContain(`name="version" value="${r.version + 1}"`);
    expect((await h.deps.store.get(r.id))?.urgency).toBe('soon');
  });

  it('keeps a refused reason in the form, next to its error', async () => {
    const r = await opened();
    const form = { ...amendForm(r.version, 'soon'), reason: 'Ring her at +352 621 123 456' };
    const res = await post(`/app/referrals/${r.id}/amend`, form);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="reason-error"');
    // The words for contact data (by the refusal's reason), not the field's generic ones.
    expect(html).toContain(t('en', 'staff.referral.error.contact').replaceAll("'", '&#39;'));
    expect(html).toContain('Ring her at +352 621 123 456');
    expect((await h.deps.store.get(r.id))?.version).toBe(r.version);
  });

  it('refuses a form posted from another site', async () => {
    const r = await opened();
    const res = await post(`/app/referrals/${r.id}/amend`, amendForm(r.version, 'urgent'), {
      'sec-fetch-site': 'cross-site',
    });
    expect(res.status).toBe(403);
    expect((await h.deps.store.get(r.id))?.version).toBe(r.version);
  });
});

describe('the new referral form', () => {
  it('opens one referral when sent twice (a double tap), under the key the form carries', async () => {
    const form = await (await h.request('/app/referrals/new', { headers: { cookie } })).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1];
    expect(key).toBeDefined();
    const fields = {
      idempotencyKey: key!,
      pseudonym: 'TWICE-TAPPED-1',
      // Not the specialty the list's filter test counts.
      'need.specialty': 'dermatology',
      urgency: 'routine',
      reason: 'rash on both arms',
      languages: 'fr',
      socialCheckDone: 'true',
      consentToShare: 'true',
    };
    const [first, second] = await Promise.all([
      post('/app/referrals/new', fields),
      post('/app/referrals/new', fields),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const found = await h.call('GET', '/v1/referrals?pseudonym=TWICE-TAPPED-1', { role: 'coordinator' });
    expect((await found.json()).items).toHaveLength(1);
    // Another form (another key) is another referral.
    const again = await (await h.request('/app/referrals/new', { headers: { cookie } })).text();
    expect(/name="idempotencyKey" value="([^"]+)"/.exec(again)?.[1]).not.toBe(key);
  });
});

describe('the person page', () => {
  it('finds a person by pseudonym, and marks do-not-contact after a confirmation step', async () => {
    const r = await h.call('POST', '/v1/referrals', {
      body: openBody({ autoOffer: false, pseudonym: 'KITE-31' }),
    });
    const { id } = (await r.json()) as { id: string };
    const search = await h.request('/app/people?pseudonym=KITE-31', { headers: { cookie } });
    expect(search.status).toBe(303);
    expect(search.headers.get('location')).toBe('/app/people/KITE-31');
    const person = await (await h.request('/app/people/KITE-31', { headers: { cookie } })).text();
    expect(person).toContain(`href="/app/referrals/${id}"`);
    const confirm = await (
      await h.request('/app/people/KITE-31/do-not-contact', { headers: { cookie } })
    ).text();
    expect(confirm).toContain('action="/app/people/KITE-31/do-not-contact"');
    expect((await h.deps.store.get(id))?.doNotContactDirectly).toBe(false);
    const done = await post('/app/people/KITE-31/do-not-contact', {});
    expect(done.status).toBe(303);
    expect((await h.deps.store.get(id))?.doNotContactDirectly).toBe(true);
  });
});

describe('the referral list’s filters', () => {
  it('fill a page from further store pages, so a filter matching only older referrals still finds them', async () => {
    const dental = await h.call('POST', '/v1/referrals', {
      body: openBody({ autoOffer: false, pseudonym: 'DENTAL-OLD', need: { specialty: 'dental' } }),
    });
    const { id } = (await dental.json()) as { id: string };
    // More than a store page (25) of newer referrals of another specialty in front of it.
    for (let i = 0; i < 30; i++) await opened();
    const page = await (await h.request('/app/referrals?specialty=dental', { headers: { cookie } })).text();
    expect(page).toContain(`href="/app/referrals/${id}"`);
    // Every row shown is of the filtered specialty.
    const shown = [...page.matchAll(/href="\/app\/referrals\/([0-9A-Z]{26})"/g)].map((m) => m[1]);
    expect(shown).toEqual([id]);
  });
});
