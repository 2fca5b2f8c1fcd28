import { afterEach, describe, expect, it } from 'vitest';
import {
  assignAccompanier,
  confirmArrived,
  markAbsent,
  markSeenAgain,
  recordOutcome,
  requestMoreInfo,
} from '../../../domain/referral/rules/index.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import {
  actions,
  apply,
  count,
  HOUR,
  MDM_EN,
  MINUTE,
  open,
  plus,
  SECOND,
  schedule,
  sweepAt,
  worker,
} from './support.ts';

/*
 * PRODUCT.md's timer table, row by row, against DynamoDB Local with the service clock under control:
 * each deadline fires at its instant and not a second before, once.
 */

const coordinator = { role: 'coordinator' as const, id: 'co-1' };
const accompanier = { role: 'accompanier' as const, id: 'acc-1' };

let h: Harness;
const harnesses: Harness[] = [];

async function fresh(name: string, specialists = 3): Promise<Harness> {
  h = await createHarness(name);
  harnesses.push(h);
  await h.deps.organisations.put(MDM_EN);
  for (let i = 0; i < specialists; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
  return h;
}

afterEach(async () => {
  for (const x of harnesses.splice(0)) await x.stopEvents();
});

const board = async (state = 'open') => {
  await h.drainEvents();
  const res = await h.call('GET', `/v1/escalations?state=${state}`, { role: 'coordinator' });
  expect(res.status).toBe(200);
  return (await res.json()).items as {
    id: string;
    referralId: string;
    kind: string;
    level: string;
    state: string;
    action: string;
    links: object;
  }[];
};

/** Opened, accepted for `appt` (at 10:00), taken by acc-1, and its evening reminder sent the day before. */
async function accompaniedOn(appt: string) {
  const r = await open(h);
  await schedule(h, r.id, appt);
  await apply(h, r.id, accompanier, (ref, ctx) => assignAccompanier(ref, { accompanierId: 'acc-1' }, ctx));
  await sweepAt(h, plus(appt, -16 * HOUR)); // the evening reminder, 18:00 the day before
  return r;
}

describe('offer unanswered (48 h / 24 h / 4 h)', () => {
  it('reminds the specialists at half time, expires the offers at 48 h and asks the next candidate, each once', async () => {
    await fresh('timers-offer');
    const r = await open(h);
    const t0 = r.createdAt;
    expect(r.offers.filter((o) => o.state === 'pending')).toHaveLength(2);

    expect((await sweepAt(h, plus(t0, 24 * HOUR - SECOND))).fired).toEqual([]);
    const reminded = await sweepAt(h, plus(t0, 24 * HOUR));
    expect(reminded.fired.map((f) => f.kind)).toEqual(['reminder_specialist', 'reminder_specialist']);
    expect((await sweepAt(h, plus(t0, 24 * HOUR + MINUTE))).fired).toEqual([]);
    await h.drainEvents();
    // Two offer emails, then one reminder each, with their link.
    const toSpecialists = h.sent.filter((m) => m.to.endsWith('@clinic.example'));
    expect(toSpecialists).toHaveLength(4);
    expect(toSpecialists.every((m) => m.text.includes('/o/'))).toBe(true);

    expect((await sweepAt(h, plus(t0, 48 * HOUR - SECOND))).fired).toEqual([]);
    const expired = await sweepAt(h, plus(t0, 48 * HOUR));
    expect(expired.fired.map((f) => f.kind)).toEqual(['offer_expiry', 'offer_expiry']);
    const after = (await h.deps.store.get(r.id))!;
    expect(after.offers.map((o) => o.state)).toEqual(['expired', 'expired', 'pending']);
    expect(count(await actions(h, r.id), 'offer.expired')).toBe(2);
    expect((await sweepAt(h, plus(t0, 48 * HOUR + SECOND))).fired).toEqual([]);
  });

  it('alerts the coordinator when the candidates run out', async () => {
    await fresh('timers-exhausted', 2);
    const r = await open(h);
    await h.drainEvents(); // the offer emails go out now
    const expired = await sweepAt(h, plus(r.createdAt, 48 * HOUR));
    // Swept only at 48 h: the overdue half-time reminder is recorded late (its consumer drops it), then
    // both offers expire and, nobody being left, the coordinator is alerted, all in one write.
    expect(expired.fired.map((f) => f.kind)).toEqual([
      'reminder_specialist',
      'offer_expiry',
      'offer_expiry',
      'candidates_exhausted',
    ]);
    const items = await board();
    expect(items).toMatchObject([
      { referralId: r.id, kind: 'candidates_exhausted', level: 'org_coordinator' },
    ]);
    // The late reminder was dropped: the specialists got their offers only.
    expect(h.sent.filter((m) => m.to.endsWith('@clinic.example'))).toHaveLength(2);
    expect(h.sent.some((m) => m.to === MDM_EN.contact.email && m.subject.includes('attention'))).toBe(true);
  });

  it.each([
    ['soon', 24],
    ['urgent', 4],
  ])('expires a %s offer after %i h, not a second before', async (urgency, hours) => {
    await fresh(`timers-offer-${urgency}`);
    const r = await open(h, { urgency });
    expect(
      (await sweepAt(h, plus(r.createdAt, hours * HOUR - SECOND))).fired.map((f) => f.kind),
    ).not.toContain('offer_expiry');
    const fired = await sweepAt(h, plus(r.createdAt, hours * HOUR));
    expect(fired.fired.filter((f) => f.kind === 'offer_expiry')).toHaveLength(2);
  });
});

describe('no specialist found', () => {
  it('alerts the coordinator at once when nobody matches', async () => {
    await fresh('timers-none', 0);
    const r = await open(h, { need: { specialty: 'dental' } });
    expect(r.candidatesExhaustedAt).toBe(r.createdAt);
    expect((await sweepAt(h, plus(r.createdAt, -SECOND))).fired).toEqual([]);
    const fired = await sweepAt(h, r.createdAt);
    expect(fired.fired).toMatchObject([{ referralId: r.id, kind: 'candidates_exhausted' }]);
    expect(await board()).toMatchObject([{ referralId: r.id, kind: 'candidates_exhausted' }]);
  });
});

describe('appointment soon, no accompanier', () => {
  it('alerts the coordinator 24 h before the appointment', async () => {
    await fresh('timers-no-acc');
    const r = await open(h);
    const appt = plus(r.createdAt, 5 * 24 * HOUR);
    await schedule(h, r.id, appt);
    expect((await sweepAt(h, plus(appt, -24 * HOUR - SECOND))).fired).toEqual([]);
    const fired = await sweepAt(h, plus(appt, -24 * HOUR));
    expect(fired.fired).toMatchObject([{ referralId: r.id, kind: 'no_accompanier' }]);
    expect(await board()).toMatchObject([{ kind: 'no_accompanier', level: 'org_coordinator' }]);

    // An accompanier found: the escalation is resolved.
    await apply(h, r.id, coordinator, (ref, ctx) => assignAccompanier(ref, { accompanierId: 'acc-1' }, ctx));
    expect(await board()).toEqual([]);
    expect(await board('resolved')).toMatchObject([{ kind: 'no_accompanier', state: 'resolved' }]);
  });
});

describe('arrival not confirmed', () => {
  it('reminds the accompanier the evening before, then tells them at +30 min, then the coordinator; a late arrival resolves it', async () => {
    await fresh('timers-arrival');
    const r = await open(h);
    const appt = '2026-11-30T10:00:00.000Z';
    await schedule(h, r.id, appt);
    await apply(h, r.id, accompanier, (ref, ctx) => assignAccompanier(ref, { accompanierId: 'acc-1' }, ctx));

    const evening = '2026-11-29T18:00:00.000Z';
    expect((await sweepAt(h, plus(evening, -SECOND))).fired).toEqual([]);
    expect((await sweepAt(h, evening)).fired).toMatchObject([{ kind: 'reminder_accompanier' }]);
    await h.drainEvents();
    const feed = await (
      await h.call('GET', '/v1/me/notifications', { role: 'accompanier', sub: 'acc-1' })
    ).json();
    expect(feed.items).toContainEqual(
      expect.objectContaining({ kind: 'accompaniment_reminder', referralId: r.id }),
    );

    expect((await sweepAt(h, plus(appt, 30 * MINUTE - SECOND))).fired).toEqual([]);
    const fired = await sweepAt(h, plus(appt, 30 * MINUTE));
    expect(fired.fired).toMatchObject([{ kind: 'arrival_unconfirmed' }]);
    expect(await board()).toMatchObject([{ kind: 'arrival_unconfirmed', level: 'assignee' }]);
    const feed2 = await (
      await h.call('GET', '/v1/me/notifications', { role: 'accompanier', sub: 'acc-1' })
    ).json();
    expect(feed2.items.map((n: { kind: string }) => n.kind)).toContain('escalation');

    // Nobody acknowledged it: the coordinator is alerted 30 minutes later, not a second before.
    expect((await sweepAt(h, plus(appt, 60 * MINUTE - SECOND))).fired).toEqual([]);
    const climbed = await sweepAt(h, plus(appt, 60 * MINUTE));
    expect(climbed.fired).toMatchObject([{ kind: 'escalation_climb', outcome: 'climbed' }]);
    expect(await board()).toMatchObject([{ kind: 'arrival_unconfirmed', level: 'org_coordinator' }]);
    expect(
      h.sent.filter((m) => m.to === MDM_EN.contact.email && m.subject.includes('attention')),
    ).toHaveLength(1);

    // The arrival is confirmed late: the escalation is resolved.
    await apply(h, r.id, accompanier, (ref, ctx) => confirmArrived(ref, ctx));
    expect(await board()).toEqual([]);
    expect(await board('resolved')).toMatchObject([{ kind: 'arrival_unconfirmed', state: 'resolved' }]);
  });

  it('pauses the clock while the person is absent, and resumes with the time it had left', async () => {
    await fresh('timers-hold');
    const appt = '2026-11-30T10:00:00.000Z';
    const r = await accompaniedOn(appt);

    h.clock.set(new Date(plus(appt, -3 * HOUR)));
    await apply(h, r.id, accompanier, (ref, ctx) => markAbsent(ref, ctx));
    expect((await sweepAt(h, plus(appt, -2 * HOUR))).fired).toEqual([]); // on hold: nothing runs
    // Seen again while the appointment is still ahead (after its time, it is rescheduled instead).
    h.clock.set(new Date(plus(appt, -HOUR)));
    await apply(h, r.id, worker, (ref, ctx) => markSeenAgain(ref, ctx));

    // On hold for 2 hours, 3 h 30 before the arrival deadline: due 3 h 30 after resuming.
    const due = plus(appt, 2 * HOUR + 30 * MINUTE);
    expect((await sweepAt(h, plus(due, -SECOND))).fired).toEqual([]);
    expect((await sweepAt(h, due)).fired).toMatchObject([{ kind: 'arrival_unconfirmed', dueAt: due }]);
  });
});

describe('outcome not recorded', () => {
  it('asks the referring worker 48 h after the appointment, then the coordinator', async () => {
    await fresh('timers-outcome');
    const r = await open(h, { accompaniment: { required: false } });
    const appt = plus(r.createdAt, 3 * 24 * HOUR);
    await schedule(h, r.id, appt);
    expect((await sweepAt(h, plus(appt, 48 * HOUR - SECOND))).fired).toEqual([]);
    expect((await sweepAt(h, plus(appt, 48 * HOUR))).fired).toMatchObject([{ kind: 'outcome_missing' }]);
    expect(await board()).toMatchObject([{ kind: 'outcome_missing', level: 'assignee' }]);
    const feed = await (await h.call('GET', '/v1/me/notifications', { role: 'social_worker' })).json();
    expect(feed.items.map((n: { kind: string }) => n.kind)).toContain('escalation');

    expect((await sweepAt(h, plus(appt, 72 * HOUR - SECOND))).fired).toEqual([]);
    expect((await sweepAt(h, plus(appt, 72 * HOUR))).fired).toMatchObject([{ kind: 'escalation_climb' }]);
    expect(await board()).toMatchObject([{ kind: 'outcome_missing', level: 'org_coordinator' }]);
    // Acknowledged: it stops climbing.
    const [item] = await board();
    expect((await h.call('POST', `/v1/escalations/${item!.id}/ack`, { role: 'coordinator' })).status).toBe(
      200,
    );
    expect((await sweepAt(h, plus(appt, 30 * 24 * HOUR))).fired).toEqual([]);
  });
});

describe('follow-up date passed', () => {
  it('puts it on the board at the date set', async () => {
    await fresh('timers-follow-up');
    const r = await open(h, { accompaniment: { required: false } });
    const appt = plus(r.createdAt, 2 * 24 * HOUR);
    await schedule(h, r.id, appt);
    h.clock.set(new Date(plus(appt, HOUR)));
    const followUp = plus(appt, 14 * 24 * HOUR);
    await apply(h, r.id, worker, (ref, ctx) =>
      recordOutcome(ref, { attended: true, followUpDueAt: followUp }, ctx),
    );
    expect((await sweepAt(h, plus(followUp, -SECOND))).fired).toEqual([]);
    expect((await sweepAt(h, followUp)).fired).toMatchObject([{ kind: 'follow_up_due' }]);
    expect((await sweepAt(h, plus(followUp, HOUR))).fired).toEqual([]);
    expect(await board()).toMatchObject([{ kind: 'follow_up_due', level: 'org_coordinator' }]);
  });
});

describe('a question on hold', () => {
  it('gives the fresh offer the time the old one had left', async () => {
    await fresh('timers-more-info');
    const r = await open(h);
    const offer = r.offers[0]!;
    h.clock.set(new Date(plus(r.createdAt, 40 * HOUR)));
    await apply(h, r.id, { role: 'specialist', id: offer.specialistId }, (ref, ctx) =>
      requestMoreInfo(ref, { offerId: offer.id, question: 'Any allergies known?' }, ctx),
    );
    expect((await sweepAt(h, plus(r.createdAt, 49 * HOUR))).fired).toEqual([]); // paused
    h.clock.set(new Date(plus(r.createdAt, 50 * HOUR)));
    const res = await h.call('POST', `/v1/referrals/${r.id}/answer`, { body: { answer: 'None known.' } });
    expect(res.status).toBe(200);
    const fresh2 = (await res.json()).offers.at(-1);
    expect(fresh2.expiresAt).toBe(plus(r.createdAt, 58 * HOUR));
  });
});

describe('a referral on hold is not forgotten', () => {
  const workerFeed = async () =>
    (await (await h.call('GET', '/v1/me/notifications', { role: 'social_worker' })).json()).items as {
      kind: string;
      referralId: string;
    }[];

  it('asks the referring worker when a question is unanswered 48 h, then the coordinator; the answer resolves it', async () => {
    await fresh('timers-question-unanswered');
    const r = await open(h);
    const offer = r.offers[0]!;
    const asked = plus(r.createdAt, 10 * HOUR);
    h.clock.set(new Date(asked));
    await apply(h, r.id, { role: 'specialist', id: offer.specialistId }, (ref, ctx) =>
      requestMoreInfo(ref, { offerId: offer.id, question: 'Any allergies known?' }, ctx),
    );

    expect((await sweepAt(h, plus(asked, 48 * HOUR - SECOND))).fired).toEqual([]);
    const fired = await sweepAt(h, plus(asked, 48 * HOUR));
    expect(fired.fired).toMatchObject([{ referralId: r.id, kind: 'question_unanswered' }]);
    expect((await sweepAt(h, plus(asked, 48 * HOUR + MINUTE))).fired).toEqual([]);
    const [item] = await board();
    expect(item).toMatchObject({
      kind: 'question_unanswered',
      level: 'assignee',
      action: 'answer_question',
      links: { answer: { method: 'POST', href: `/v1/referrals/${r.id}/answer` } },
    });
    expect(await workerFeed()).toContainEqual(
      expect.objectContaining({ kind: 'escalation', referralId: r.id }),
    );

    const byKind = await h.call('GET', '/v1/escalations?state=open&kind=question_unanswered', {
      role: 'coordinator',
    });
    expect((await byKind.json()).items).toMatchObject([{ id: item!.id }]);

    // Nobody answered a day later: the organisation's coordinators are told, by their desk's email too.
    expect((await sweepAt(h, plus(asked, 72 * HOUR))).fired).toMatchObject([{ kind: 'escalation_climb' }]);
    expect(await board()).toMatchObject([{ kind: 'question_unanswered', level: 'org_coordinator' }]);
    expect(h.sent.some((m) => m.to === MDM_EN.contact.email && m.subject.includes('attention'))).toBe(true);

    const res = await h.call('POST', `/v1/referrals/${r.id}/answer`, { body: { answer: 'None known.' } });
    expect(res.status).toBe(200);
    expect(await board()).toEqual([]);
    expect(await board('resolved')).toMatchObject([{ kind: 'question_unanswered', state: 'resolved' }]);
  });

  it('asks the referring worker when an absence is not followed up in 72 h; a reschedule resolves it', async () => {
    await fresh('timers-absence-unresolved');
    const appt = '2026-11-30T10:00:00.000Z';
    const r = await accompaniedOn(appt);
    const absentAt = plus(appt, -HOUR);
    h.clock.set(new Date(absentAt));
    await apply(h, r.id, accompanier, (ref, ctx) => markAbsent(ref, ctx));

    // On hold: the arrival and the outcome are paused; only the absence is chased.
    expect((await sweepAt(h, plus(absentAt, 72 * HOUR - SECOND))).fired).toEqual([]);
    const fired = await sweepAt(h, plus(absentAt, 72 * HOUR));
    expect(fired.fired).toMatchObject([{ referralId: r.id, kind: 'absence_unresolved' }]);
    const [item] = await board();
    expect(item).toMatchObject({
      kind: 'absence_unresolved',
      level: 'assignee',
      action: 'resolve_absence',
      links: {
        reschedule: { method: 'POST', href: `/v1/referrals/${r.id}/reschedule` },
        close: { method: 'POST', href: `/v1/referrals/${r.id}/close` },
      },
    });
    expect(await workerFeed()).toContainEqual(
      expect.objectContaining({ kind: 'escalation', referralId: r.id }),
    );

    const res = await h.call('POST', `/v1/referrals/${r.id}/reschedule`, {
      body: { appointmentAt: plus(absentAt, 7 * 24 * HOUR) },
    });
    expect(res.status).toBe(200);
    expect(await board()).toEqual([]);
    expect(await board('resolved')).toMatchObject([{ kind: 'absence_unresolved', state: 'resolved' }]);
  });
});
