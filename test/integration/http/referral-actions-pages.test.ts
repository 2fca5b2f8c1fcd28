import { beforeAll, describe, expect, it } from 'vitest';
import {
  accompanimentHarness,
  as,
  atTime,
  MDM,
  openReferral,
  scheduledReferral,
  WORKER,
} from '../accompaniment/support.ts';
import { type Harness, postPageForm, specialist } from './harness.ts';

/*
 * The referral page's actions on the appointment, offers and follow-up, over HTTP (the browser test
 * walks them in Chromium): each form is there only when the state allows it, posts to the use case of
 * its JSON route, reads its date and time in the organisation's time zone, and comes back with the
 * refusal next to the field. The organisation here keeps its dates in Lisbon (UTC+0 in winter), so a
 * time read in Luxembourg's zone instead would be an hour off.
 */

let h: Harness;
let cookie: string;
const NAME = 'referral-actions-pages';

beforeAll(async () => {
  h = await accompanimentHarness(NAME);
  await h.deps.organisations.put({ ...MDM, timeZone: 'Europe/Lisbon', version: 1 });
  await h.deps.specialists.put(
    specialist({ id: 'paused-oph', displayName: 'Dr Paused', pausedUntil: '2027-01-01T00:00:00Z' }),
  );
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(WORKER.role, 'mdm-lu', WORKER.sub) }).toString(),
  });
  expect(res.status).toBe(303);
  // English chosen with the language setting; the organisation's own locale is French.
  cookie = `${(res.headers.get('set-cookie') ?? '').split(';')[0]}; relais_locale=en`;
});

const page = async (id: string, c = cookie) =>
  (await h.request(`/app/referrals/${id}`, { headers: { cookie: c } })).text();

const post = (path: string, body: URLSearchParams | Record<string, string>) =>
  postPageForm(h, cookie, path, body);

describe('rescheduling from the referral page', () => {
  it('shows the appointment in the organisation’s time zone and moves it to a time read in that zone', async () => {
    const r = await scheduledReferral(h);
    const html = await page(r.id);
    expect(html).toContain('action="/app/referrals/' + r.id + '/reschedule"');
    expect(html).toContain('(Europe/Lisbon)');
    expect(html).toContain('value="2026-11-27T10:00"');
    const res = await post(`/app/referrals/${r.id}/reschedule`, {
      version: String(r.version),
      appointmentAt: '2026-12-03T14:30',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/referrals/${r.id}?done=reschedule`);
    expect((await h.deps.store.get(r.id))?.appointment?.at).toBe('2026-12-03T14:30:00.000Z');
    expect(await page(r.id)).toContain('Appointment moved');
  });

  it('refuses a time in the past next to the field, keeping it, and moves nothing', async () => {
    const r = await scheduledReferral(h);
    const res = await post(`/app/referrals/${r.id}/reschedule`, {
      version: String(r.version),
      appointmentAt: '2026-11-01T09:00',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="appointmentAt-error"');
    expect(html).toContain('value="2026-11-01T09:00"');
    expect((await h.deps.store.get(r.id))?.appointment?.at).toBe(r.appointment?.at);
  });

  it('is not offered while the referral has no appointment', async () => {
    const r = await openReferral(h, { autoOffer: false });
    expect(await page(r.id)).not.toContain('/reschedule"');
  });
});

describe('offering to named specialists from the referral page', () => {
  it('lists the need’s specialists, the ones it cannot go to disabled with why', async () => {
    const r = await openReferral(h);
    const html = await page(r.id);
    const asked = r.offers[0]!.specialistId;
    expect(html).toMatch(new RegExp(`value="${asked}" disabled`));
    expect(html).toContain('already asked on this referral');
    expect(html).toMatch(/value="paused-oph" disabled/);
    expect(html).toContain('Dr Paused');
    expect(html).toContain('cannot be offered: paused');
  });

  it('offers to the ticked specialist through the offer planner', async () => {
    const r = await openReferral(h, { autoOffer: false });
    const chosen = `${NAME}-oph-2`;
    expect(await page(r.id)).toMatch(new RegExp(`name="specialistIds" value="${chosen}"(?! disabled)`));
    const res = await post(`/app/referrals/${r.id}/offer-named`, {
      version: String(r.version),
      specialistIds: chosen,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/referrals/${r.id}?done=offer-named`);
    const after = await h.deps.store.get(r.id);
    expect(after?.status).toBe('offered');
    expect(after?.offers.map((o) => o.specialistId)).toEqual([chosen]);
  });

  it('says to choose someone when nobody is ticked, and a disabled one sent anyway is refused', async () => {
    const r = await openReferral(h, { autoOffer: false });
    const none = await post(`/app/referrals/${r.id}/offer-named`, { version: String(r.version) });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('id="specialistIds-error"');
    const paused = await post(`/app/referrals/${r.id}/offer-named`, {
      version: String(r.version),
      specialistIds: 'paused-oph',
    });
    expect(paused.status).toBe(422);
    expect(await paused.text()).toContain('cannot be offered this referral');
    expect((await h.deps.store.get(r.id))?.offers).toEqual([]);
  });
});

describe('the follow-up on the referral page', () => {
  it('moves the follow-up to a date read in the organisation’s time zone, beside “follow-up done”', async () => {
    const r = await scheduledReferral(h);
    const recorded = await atTime(h, () =>
      as(h, WORKER, 'POST', `/v1/referrals/${r.id}/outcome`, {
        attended: true,
        followUpDueAt: '2026-12-10T09:00:00.000Z',
      }),
    );
    expect(recorded.status).toBe(200);
    const { version } = (await h.deps.store.get(r.id))!;
    const html = await page(r.id);
    expect(html).toContain('follow-up due');
    expect(html).toContain(`action="/app/referrals/${r.id}/follow-up"`);
    expect(html).toContain(`action="/app/referrals/${r.id}/follow-up-moved"`);
    expect(html).toContain('value="2026-12-10T09:00"');
    const res = await post(`/app/referrals/${r.id}/follow-up-moved`, {
      version: String(version),
      dueAt: '2026-12-17T11:00',
    });
    expect(res.status).toBe(303);
    expect((await h.deps.store.get(r.id))?.outcome?.followUpDueAt).toBe('2026-12-17T11:00:00.000Z');
  });

  it('is not offered before an outcome', async () => {
    const r = await scheduledReferral(h);
    expect(await page(r.id)).not.toContain('/follow-up-moved"');
  });
});

describe('the referral page’s language', () => {
  it('speaks the organisation’s locale when the staff member chose none, with its dates in its zone', async () => {
    const r = await scheduledReferral(h);
    const html = await page(r.id, cookie.replace('; relais_locale=en', ''));
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('Déplacer le rendez-vous');
    expect(html).toContain('Rendez-vous fixé');
    expect(html).not.toContain('Move the appointment');
  });
});

describe('a referral the page cannot show', () => {
  it('is a page saying so, not a JSON problem', async () => {
    const res = await h.request('/app/referrals/no-such-referral', { headers: { cookie } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<h1>Something went wrong</h1>');
  });
});
