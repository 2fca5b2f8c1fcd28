import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSensitive } from '../../support/log-guard.ts';
import { type Harness, specialist } from '../http/harness.ts';
import {
  expectNoHealthData,
  linkIn,
  linksHarness,
  MDM,
  mailsTo,
  openReferral,
  parse,
  pathOf,
  postForm,
  postJson,
  refOf,
  stored,
} from './support.ts';

let h: Harness;

const eyes = ['ans-a', 'ans-b', 'ans-c'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'en', monthlyQuota: 50, languages: ['pt'] }),
);
const [A, B] = eyes as [(typeof eyes)[0], (typeof eyes)[0]];

beforeAll(async () => {
  h = await linksHarness('links-answers', eyes);
});

afterAll(async () => {
  await h?.stopEvents();
});

/** The newest link emailed to a specialist. */
const latestLink = (email: string) => pathOf(linkIn(mailsTo(h, email).at(-1)?.text));

async function openAndEmail(pseudonym: string, overrides: Record<string, unknown> = {}) {
  const r = await openReferral(h, { pseudonym, ...overrides });
  await h.drainEvents();
  return r;
}

describe('GET never changes state', () => {
  it('leaves the referral as it was after GET and HEAD, however often and in any state', async () => {
    const r = await openAndEmail('LOOK-1');
    const link = latestLink(r.offers[0]?.specialistId === A.id ? A.email : B.email);
    const before = await stored(h, r.id);
    for (let i = 0; i < 5; i++) {
      expect((await h.request(link)).status).toBe(200);
      expect((await h.request(link, { method: 'HEAD' })).status).toBe(200);
      expect((await h.request(link, { headers: { accept: 'application/json' } })).status).toBe(200);
    }
    expect(await stored(h, r.id)).toEqual(before);
    // Even past the deadline, when a sweep would expire the offer: the page says so and writes nothing.
    const now = h.clock.now();
    h.clock.set(new Date(Date.parse(r.offers[0]?.expiresAt ?? '') + 1000));
    try {
      expect((await h.request(link)).status).toBe(410);
    } finally {
      h.clock.set(now);
    }
    await h.drainEvents();
    expect(await stored(h, r.id)).toEqual(before);
  });
});

describe('declining', () => {
  it('records the reason and offers the next candidate in the same write', async () => {
    const r = await openAndEmail('DECLINE-1');
    const [first, second] = r.offers;
    const declining = eyes.find((s) => s.id === first?.specialistId)!;
    const res = await postForm(h, `${latestLink(declining.email)}/decline`, { reason: 'dates_impossible' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('offered to another volunteer');

    const after = await stored(h, r.id);
    expect(after.version).toBe(2);
    expect(after.status).toBe('offered');
    expect(after.offers.find((o) => o.id === first?.id)).toMatchObject({
      state: 'declined',
      declineReason: 'dates_impossible',
    });
    const fresh = after.offers.filter((o) => o.state === 'pending').map((o) => o.specialistId);
    expect(fresh).toHaveLength(2);
    expect(fresh).toContain(second?.specialistId);
    expect(after.timeline.slice(-2).map((e) => e.action)).toEqual(['offer.declined', 'offer.sent']);
    expect(after.timeline.at(-1)?.actor).toEqual({ role: 'system', id: 'matching' });
    // The third specialist gets the offer email.
    await h.drainEvents();
    const third = fresh.find((id) => id !== second?.specialistId);
    expect(refOf(latestLink(`${third}@clinic.example`))).toBe(r.id);
  });

  it('records that candidates are exhausted when the last one declines', async () => {
    const r = await openAndEmail('DECLINE-ALL', { urgency: 'urgent' });
    for (let round = 0; round < 3; round++) {
      const current = await stored(h, r.id);
      const pending = current.offers.find((o) => o.state === 'pending');
      if (!pending) break;
      await h.drainEvents();
      const email = `${pending.specialistId}@clinic.example`;
      expect((await postJson(h, `${latestLink(email)}/decline`, { reason: 'no_capacity' })).status).toBe(200);
    }
    const after = await stored(h, r.id);
    expect(after.status).toBe('open');
    expect(after.candidatesExhaustedAt).toBeDefined();
    expect(after.timeline.at(-1)?.action).toBe('referral.candidates_exhausted');
    expect(after.offers.every((o) => o.state === 'declined')).toBe(true);
  });
});

describe('asking for more information', () => {
  it('puts the referral on hold, tells the worker, and the answer sends a fresh link to the same specialist', async () => {
    const r = await openAndEmail('ASK-1');
    const asker = eyes.find((s) => s.id === r.offers[0]?.specialistId)!;
    const other = eyes.find((s) => s.id === r.offers[1]?.specialistId)!;
    const askLink = latestLink(asker.email);
    const otherLink = latestLink(other.email);
    const question = 'Has the person already seen an optician this year?';
    markSensitive(question);
    const sentBefore = h.sent.length;

    const res = await postForm(h, `${askLink}/more-info`, { question });
    expect(res.status).toBe(200);
    let after = await stored(h, r.id);
    expect(after.status).toBe('on_hold');
    expect(after.hold).toMatchObject({ reason: 'more_info', question, specialistId: asker.id });
    // The other specialist's link has stopped: the request moved on.
    expect((await postJson(h, `${otherLink}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status).toBe(
      410,
    );
    // The asker's link now waits: it shows the question sent and refuses answers meanwhile.
    expect((await h.request(askLink)).status).toBe(200);
    expect((await postJson(h, `${askLink}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status).toBe(
      409,
    );

    await h.drainEvents();
    const desk = h.sent.slice(sentBefore).find((m) => m.to === MDM.contact.email);
    expect(desk).toBeDefined();
    expectNoHealthData(await parse(desk!), [question]);
    const feed = await h.deps.notifications.list(
      { sub: 'social_worker-mdm-lu', org: 'mdm-lu' },
      { limit: 50 },
    );
    expect(feed.items.some((n) => n.referralId === r.id && n.kind === 'info_requested')).toBe(true);

    // The worker reads the question and answers it.
    const read = await (await h.call('GET', `/v1/referrals/${r.id}`)).json();
    expect(read.hold.question).toBe(question);
    const answer = 'Not yet; she has a letter from the drop-in nurse.';
    const answered = await h.call('POST', `/v1/referrals/${r.id}/answer`, { body: { answer } });
    expect(answered.status).toBe(200);
    after = await stored(h, r.id);
    expect(after.status).toBe('offered');
    const fresh = after.offers.findLast((o) => o.specialistId === asker.id);
    expect(fresh).toMatchObject({ state: 'pending' });
    // The specialist whose offer the question withdrew is asked again, with the same deadline.
    const again = after.offers.findLast((o) => o.specialistId === other.id);
    expect(again).toMatchObject({ state: 'pending', expiresAt: fresh?.expiresAt });
    expect(after.exchanges).toEqual([expect.objectContaining({ question, answer, nextOfferId: fresh?.id })]);
    expect((await answered.json()).exchanges).toEqual([
      expect.objectContaining({ specialistId: asker.id, question, answer }),
    ]);

    // A fresh email, with a fresh link, whose page shows the question and the answer.
    await h.drainEvents();
    const mail = mailsTo(h, asker.email).at(-1);
    expectNoHealthData(await parse(mail!), [question, answer]);
    const freshLink = latestLink(asker.email);
    expect(freshLink).not.toBe(askLink);
    // The other specialist has a fresh offer email too, whose link works; the old one still does not.
    const otherAgain = latestLink(other.email);
    expect(otherAgain).not.toBe(otherLink);
    expect((await h.request(otherAgain)).status).toBe(200);
    expect((await postJson(h, `${otherLink}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status).toBe(
      410,
    );
    const page = await (await h.request(freshLink)).text();
    expect(page).toContain(question);
    expect(page).toContain(answer);
    // The old link follows to the fresh offer: its forms post to a link for it.
    const oldPage = await h.request(askLink);
    expect(oldPage.status).toBe(200);
    const oldHtml = await oldPage.text();
    expect(oldHtml).toContain(answer);
    expect(oldHtml).not.toContain(`action="${askLink}/accept"`);
    const followed = /action="(\/o\/[^"]+)\/accept"/.exec(oldHtml)?.[1];
    expect((await postJson(h, `${followed}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status).toBe(
      200,
    );
    expect((await stored(h, r.id)).status).toBe('scheduled');
    // The first acceptance wins: the other specialist’s fresh link says it is taken (409).
    expect(
      (await postJson(h, `${otherAgain}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status,
    ).toBe(409);
  });

  it('takes the answer of a coordinator of the referring organisation as well as its social workers', async () => {
    const r = await openAndEmail('ASK-CO');
    const asker = eyes.find((s) => s.id === r.offers[0]?.specialistId)!;
    expect(
      (await postForm(h, `${latestLink(asker.email)}/more-info`, { question: 'Any allergy?' })).status,
    ).toBe(200);
    const answered = await h.call('POST', `/v1/referrals/${r.id}/answer`, {
      body: { answer: 'None known.' },
      role: 'coordinator',
      sub: 'co-dora',
    });
    expect(answered.status).toBe(200);
    const after = await stored(h, r.id);
    expect(after.status).toBe('offered');
    expect(after.exchanges?.[0]?.answeredBy).toEqual({ role: 'coordinator', id: 'co-dora' });
    expect(after.offers.findLast((o) => o.specialistId === asker.id)).toMatchObject({ state: 'pending' });
  });

  it('refuses an answer when no question waits (422), and to another organisation (404)', async () => {
    const r = await openAndEmail('ASK-NONE', { autoOffer: false });
    expect(
      (await h.call('POST', `/v1/referrals/${r.id}/answer`, { body: { answer: 'Anything' } })).status,
    ).toBe(422);
    const elsewhere = await h.call('POST', `/v1/referrals/${r.id}/answer`, {
      body: { answer: 'Anything' },
      org: 'dune-bxl',
    });
    expect(elsewhere.status).toBe(404);
    const accompanier = await h.call('POST', `/v1/referrals/${r.id}/answer`, {
      body: { answer: 'Anything' },
      role: 'accompanier',
    });
    expect(accompanier.status).toBe(403);
  });
});

describe('returning with advice', () => {
  it('closes the referral as returned_with_advice, tells the referrer, and every link says it is closed', async () => {
    const r = await openAndEmail('ADVICE-1');
    const adviser = eyes.find((s) => s.id === r.offers[0]?.specialistId)!;
    const other = eyes.find((s) => s.id === r.offers[1]?.specialistId)!;
    const advice = 'No visit needed: reading glasses from a pharmacy should do.';
    markSensitive(advice);
    const sentBefore = h.sent.length;
    const res = await postJson(h, `${latestLink(adviser.email)}/advice`, { advice });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'advice_sent' });
    const after = await stored(h, r.id);
    expect(after).toMatchObject({ status: 'closed', closeReason: 'returned_with_advice', advice });

    const page = await h.request(latestLink(other.email), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This request is closed');

    await h.drainEvents();
    const desk = h.sent.slice(sentBefore).find((m) => m.to === MDM.contact.email);
    expectNoHealthData(await parse(desk!), [advice]);
    const feed = await h.deps.notifications.list(
      { sub: 'social_worker-mdm-lu', org: 'mdm-lu' },
      { limit: 50 },
    );
    expect(feed.items.some((n) => n.referralId === r.id && n.kind === 'advice_returned')).toBe(true);
  });

  it('stops every link of a referral closed by its worker', async () => {
    const r = await openAndEmail('CLOSED-1');
    const link = latestLink(eyes.find((s) => s.id === r.offers[0]?.specialistId)!.email);
    expect(
      (await h.call('POST', `/v1/referrals/${r.id}/close`, { body: { reason: 'cancelled' } })).status,
    ).toBe(200);
    const before = await stored(h, r.id);
    const res = await postJson(h, `${link}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' });
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ title: 'Request closed' });
    expect(await stored(h, r.id)).toEqual(before);
  });
});

describe('the answers refuse bad input', () => {
  it('refuses an unknown decline reason, contact data in a question, and an empty body', async () => {
    const r = await openAndEmail('BAD-1');
    const link = latestLink(eyes.find((s) => s.id === r.offers[0]?.specialistId)!.email);
    expect((await postJson(h, `${link}/decline`, { reason: 'bored' })).status).toBe(400);
    const phone = await postJson(h, `${link}/more-info`, { question: 'Call me on +352 621 123 456' });
    expect(phone.status).toBe(400);
    const page = await postForm(h, `${link}/more-info`, { question: 'Call me on +352 621 123 456' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('role="alert"');
    expect(
      (
        await h.request(`${link}/accept`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'x',
        })
      ).status,
    ).toBe(415);
    expect((await stored(h, r.id)).version).toBe(1);
  });
});
