import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { apiDocument } from '../../../functions/contract/api-document.ts';
import { linkApp } from '../../../functions/links/app.ts';
import { LINK_REFUSALS, type LinkRefusal } from '../../../functions/links/refusals.ts';
import { linkRouteDocs } from '../../../functions/links/routes.ts';
import { escapeHtml } from '../../../functions/ui/html.ts';
import { type Locale, t } from '../../../functions/ui/messages.ts';
import { type Harness, specialist, type TestResponse } from '../http/harness.ts';
import { linksHarness, openReferral, stored } from './support.ts';

/*
 * Every reason a link does nothing, over HTTP, as a JSON client and as a browser: the status, the problem
 * type and title and the message page all come from the refusal table (functions/links/refusals.ts), the
 * page in the specialist's locale when the link names one (here German, while the browser asks for
 * Dutch), in the browser's when it names nobody. Nothing changes.
 */

let h: Harness;
const eyes = ['ref-a', 'ref-b'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'de', monthlyQuota: 50 }),
);
const SPECIALIST: Locale = 'de';
const BROWSER: Locale = 'nl';

beforeAll(async () => {
  h = await linksHarness('links-refusals', eyes);
});

afterAll(async () => {
  await h?.stopEvents();
});

const IN_A_MONTH = new Date('2026-12-25T00:00:00Z');

/** An offer or outcome link for one offer, signed as the emails are (until `expiresAt`). */
const tokenFor = (
  r: Referral,
  offerId: string,
  purpose: 'offer' | 'outcome' = 'offer',
  expiresAt = IN_A_MONTH,
) => h.deps.linkTokens.sign({ purpose, offerId, referralId: r.id, expiresAt, now: h.clock.now() });

const asJson = (path: string, body: Record<string, string>) =>
  h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': BROWSER },
    body: JSON.stringify(body),
  });
const asForm = (path: string, body: Record<string, string>) =>
  h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': BROWSER },
    body: new URLSearchParams(body).toString(),
  });

const DECLINE = { reason: 'no_capacity' };
const MOVE = { appointmentAt: '2026-12-02T09:00:00Z' };

/** The JSON answer says `refusal` as the table does. */
async function expectProblem(res: TestResponse, refusal: LinkRefusal): Promise<void> {
  const row = LINK_REFUSALS[refusal];
  expect(res.status, refusal).toBe(row.status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(await res.json()).toMatchObject({
    status: row.status,
    type: row.problem.type,
    title: row.problem.title,
  });
  if (row.status === 401) expect(res.headers.get('www-authenticate')).toContain('relais-link');
}

/** The page says `refusal` as the table does, in `locale`. */
async function expectPage(res: TestResponse, refusal: LinkRefusal, locale: Locale): Promise<void> {
  const row = LINK_REFUSALS[refusal];
  expect(res.status, refusal).toBe(row.status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  const html = await res.text();
  expect(html).toContain(`<html lang="${locale}">`);
  expect(html).toContain(`<h1>${escapeHtml(t(locale, `message.${row.page}.title`))}</h1>`);
  if (row.status === 401) expect(res.headers.get('www-authenticate')).toContain('relais-link');
}

/** Both answers to `path`, and the referral unchanged by either. */
async function expectRefused(
  r: Referral,
  path: string,
  body: Record<string, string>,
  refusal: LinkRefusal,
  locale: Locale,
): Promise<void> {
  const before = await stored(h, r.id);
  await expectProblem(await asJson(path, body), refusal);
  await expectPage(await asForm(path, body), refusal, locale);
  expect(await stored(h, r.id)).toEqual(before);
}

/** A referral on offer to both specialists, and each one's offer link. */
async function onOffer(pseudonym: string): Promise<{ r: Referral; a: string; b: string; offerA: string }> {
  const r = await openReferral(h, { pseudonym });
  const [first, second] = r.offers;
  if (!first || !second) throw new Error('two offers expected');
  return { r, a: await tokenFor(r, first.id), b: await tokenFor(r, second.id), offerA: first.id };
}

async function withClock<T>(at: Date, run: () => Promise<T>): Promise<T> {
  const now = h.clock.now();
  h.clock.set(at);
  try {
    return await run();
  } finally {
    h.clock.set(now);
  }
}

describe('a link that does nothing says why, from one table, to scripts and browsers alike', () => {
  it('used (410): an offer already answered', async () => {
    const { r, a } = await onOffer('REFUSE-USED');
    expect((await asJson(`/o/${a}/decline`, DECLINE)).status).toBe(200);
    await expectRefused(r, `/o/${a}/decline`, DECLINE, 'used', SPECIALIST);
  });

  it('taken (409): another specialist accepted first', async () => {
    const { r, a, b } = await onOffer('REFUSE-TAKEN');
    expect((await asJson(`/o/${a}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status).toBe(200);
    await expectRefused(r, `/o/${b}/decline`, DECLINE, 'taken', SPECIALIST);
  });

  it('closed (410): the request moved on or was withdrawn', async () => {
    const { r, a } = await onOffer('REFUSE-CLOSED');
    const closed = await h.call('POST', `/v1/referrals/${r.id}/close`, { body: { reason: 'cancelled' } });
    expect(closed.status).toBe(200);
    await expectRefused(r, `/o/${a}/decline`, DECLINE, 'closed', SPECIALIST);
  });

  it('waiting (409): the specialist asked a question that waits for its answer', async () => {
    const { r, a } = await onOffer('REFUSE-WAITING');
    expect((await asJson(`/o/${a}/more-info`, { question: 'Is there a letter?' })).status).toBe(200);
    await expectRefused(r, `/o/${a}/decline`, DECLINE, 'waiting', SPECIALIST);
    // Looked at, the same link is the page saying the question was sent: 200, not a refusal.
    const looked = await h.request(`/o/${a}`, { headers: { 'accept-language': BROWSER } });
    expect(looked.status).toBe(200);
    expect(await looked.text()).toContain(escapeHtml(t(SPECIALIST, 'message.info_requested.title')));
  });

  it('expired (410): the offer ran out of time, though the token itself has not', async () => {
    const { r, offerA } = await onOffer('REFUSE-EXPIRED');
    const a = await tokenFor(r, offerA, 'offer', new Date('2027-06-01T00:00:00Z'));
    const deadline = Date.parse(r.offers[0]?.expiresAt ?? '');
    await withClock(new Date(deadline + 60_000), () =>
      expectRefused(r, `/o/${a}/decline`, DECLINE, 'expired', SPECIALIST),
    );
  });

  it('invalid (401): a genuine token naming no offer of its referral, in the browser’s locale', async () => {
    const { r } = await onOffer('REFUSE-INVALID');
    const nothing = await tokenFor(r, 'no-such-offer');
    await expectRefused(r, `/o/${nothing}/decline`, DECLINE, 'invalid', BROWSER);
  });

  it('expired token (410), in the specialist’s locale, and a bad token (401), in the browser’s, refused before anything changes', async () => {
    const { r, offerA, a } = await onOffer('REFUSE-TOKEN');
    const stale = await h.deps.linkTokens.sign({
      purpose: 'offer',
      offerId: offerA,
      referralId: r.id,
      expiresAt: new Date(h.clock.now().getTime() - 60_000),
      now: new Date(h.clock.now().getTime() - 3_600_000),
    });
    // A genuine link past its time speaks its specialist's language, like every other refusal.
    await expectRefused(r, `/o/${stale}/decline`, DECLINE, 'expired', SPECIALIST);
    const tampered = `${a.slice(0, -4)}${a.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await expectRefused(r, `/o/${tampered}/decline`, DECLINE, 'invalid', BROWSER);
    // The wrong purpose is a bad token too: an offer link on the outcome route.
    await expectRefused(r, `/o/${a}/outcome`, { attended: 'true' }, 'invalid', BROWSER);
  });

  it('looking at a refused link (GET) answers the same, a page for browsers and a problem for scripts', async () => {
    const { r, a } = await onOffer('REFUSE-GET');
    expect((await asJson(`/o/${a}/decline`, DECLINE)).status).toBe(200);
    const before = await stored(h, r.id);
    await expectPage(
      await h.request(`/o/${a}`, { headers: { 'accept-language': BROWSER } }),
      'used',
      SPECIALIST,
    );
    await expectProblem(await h.request(`/o/${a}`, { headers: { accept: 'application/json' } }), 'used');
    expect(await stored(h, r.id)).toEqual(before);
  });
});

describe('the reschedule link refuses the way every other link does', () => {
  /** A referral whose first offer was accepted: its outcome link, and an outcome link for the other offer. */
  async function scheduled(pseudonym: string) {
    const { r, a, offerA } = await onOffer(pseudonym);
    expect((await asJson(`/o/${a}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status).toBe(200);
    const other = r.offers.find((o) => o.id !== offerA)?.id ?? '';
    return {
      r,
      outcome: await tokenFor(r, offerA, 'outcome'),
      notTheAppointment: await tokenFor(r, other, 'outcome'),
    };
  }

  /** `/reschedule` and `/outcome` give the same status, problem and page for the same link. */
  async function sameAsOutcome(r: Referral, token: string, refusal: LinkRefusal, locale: Locale) {
    await expectRefused(r, `/o/${token}/reschedule`, MOVE, refusal, locale);
    await expectRefused(r, `/o/${token}/outcome`, { attended: 'true' }, refusal, locale);
  }

  it('closed (410) once the referral is closed, in the specialist’s locale', async () => {
    const { r, outcome } = await scheduled('MOVE-CLOSED');
    const closed = await h.call('POST', `/v1/referrals/${r.id}/close`, { body: { reason: 'cancelled' } });
    expect(closed.status).toBe(200);
    await sameAsOutcome(r, outcome, 'closed', SPECIALIST);
  });

  it('invalid (401) for an outcome link naming no appointment of its referral', async () => {
    const { r, notTheAppointment } = await scheduled('MOVE-INVALID');
    await sameAsOutcome(r, notTheAppointment, 'invalid', BROWSER);
  });

  it('invalid (401) for an offer link, expired (410) for an outcome link past its time', async () => {
    const { r, outcome } = await scheduled('MOVE-TOKEN');
    const offerLink = await tokenFor(r, r.offers[0]?.id ?? '', 'offer');
    await expectRefused(r, `/o/${offerLink}/reschedule`, MOVE, 'invalid', BROWSER);
    await withClock(new Date(IN_A_MONTH.getTime() + 60_000), async () => {
      await sameAsOutcome(r, outcome, 'expired', SPECIALIST);
      // It was the specialist's own appointment: not "the request may have gone to another volunteer".
      const page = await (await asForm(`/o/${outcome}/outcome`, { attended: 'true' })).text();
      expect(page).toContain(escapeHtml(t(SPECIALIST, 'message.outcome_expired.body')));
      expect(page).not.toContain(escapeHtml(t(SPECIALIST, 'message.expired.body')));
    });
  });

  it('shows a browser the outcome page again, with a note, for a time that is not a time', async () => {
    const { r, outcome } = await scheduled('MOVE-BAD');
    const before = await stored(h, r.id);
    const page = await asForm(`/o/${outcome}/reschedule`, { appointmentAt: 'soon' });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain(`action="/o/${outcome}/reschedule"`);
    expect((await asJson(`/o/${outcome}/reschedule`, { appointmentAt: 'soon' })).status).toBe(400);
    expect(await stored(h, r.id)).toEqual(before);
  });
});

describe('what is not a link is refused with a 4xx, never a 500', () => {
  it('refuses a token path segment over 4 KB (401), on the page and every answer', async () => {
    const huge = `eyJ${'A'.repeat(5000)}.${'B'.repeat(100)}.${'C'.repeat(100)}`;
    await expectPage(
      await h.request(`/o/${huge}`, { headers: { 'accept-language': BROWSER } }),
      'invalid',
      BROWSER,
    );
    await expectProblem(
      await h.request(`/o/${huge}`, { headers: { accept: 'application/json' } }),
      'invalid',
    );
    for (const [action, body] of [
      ['accept', { appointmentAt: '2026-11-27T09:30:00Z' }],
      ['decline', DECLINE],
      ['outcome', { attended: 'true' }],
      ['reschedule', MOVE],
    ] as const) {
      await expectProblem(await asJson(`/o/${huge}/${action}`, body), 'invalid');
      await expectPage(await asForm(`/o/${huge}/${action}`, body), 'invalid', BROWSER);
    }
    const encoded = await h.request(`/o/${'%E0%A4%A'.repeat(600)}/decline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(DECLINE),
    });
    expect(encoded.status).toBe(401);
  });

  it('answers a link POST with a malformed Origin header on the token alone, never a 500', async () => {
    const { r, a, b } = await onOffer('ORIGIN-1');
    for (const origin of ['http://[::1', 'not a url', '://', 'null']) {
      const refused = await h.request('/o/not-a-token/decline', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: 'reason=no_capacity',
      });
      expect(refused.status, origin).toBe(401);
    }
    const answered = await h.request(`/o/${a}/decline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: 'http://[::1' },
      body: JSON.stringify(DECLINE),
    });
    expect(answered.status).toBe(200);
    const asked = await h.request(`/o/${b}/more-info`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: '%%%' },
      body: new URLSearchParams({ question: 'Is there a letter?' }).toString(),
    });
    expect(asked.status).toBe(200);
    expect((await stored(h, r.id)).status).toBe('on_hold');
  });
});

describe('the link routes are documented as they are served', () => {
  const key = (method: string, path: string) =>
    `${method.toUpperCase()} ${path.replace(/:token/g, '{token}')}`;

  it('documents every served link route, and serves every documented one', () => {
    const served = h.app.routes
      .filter((r) => r.path.startsWith('/o/') && r.method !== 'ALL')
      .map((r) => key(r.method, r.path));
    const documented = Object.entries(apiDocument().paths)
      .filter(([path]) => path.startsWith('/o/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => key(method, path)));
    expect(served.length).toBeGreaterThanOrEqual(7);
    expect(new Set(served).size).toBe(served.length);
    expect([...served].sort()).toEqual([...documented].sort());
  });

  it('serves from the link app exactly the routes of the table it documents', () => {
    const served = linkApp(h.deps).routes.map((r) => key(r.method, r.path));
    const documented = linkRouteDocs().map((r) => key(r.method, r.path));
    expect(served.sort()).toEqual(documented.sort());
    for (const route of linkRouteDocs()) {
      expect(route.security).toBe('link');
      if (route.method === 'post') expect(route.body).toBeDefined();
    }
  });
});
