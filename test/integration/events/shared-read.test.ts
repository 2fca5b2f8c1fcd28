import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import { createSeenEvents } from '../../../functions/adapters/dynamo/seen-events.ts';
import { dispatchSettled } from '../../../functions/consumers/dispatch.ts';
import { escalationBoard } from '../../../functions/consumers/escalation-board.ts';
import { CONSUMER_GROUPS } from '../../../functions/consumers/groups.ts';
import { statsProjection } from '../../../functions/consumers/stats-projection.ts';
import { tellAccompaniment } from '../../../functions/consumers/tell-accompaniment.ts';
import { tellTaken } from '../../../functions/consumers/tell-specialists.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { specialtyName } from '../../../functions/ui/messages.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import {
  ACCOMPANIER,
  acceptFirstOffer,
  accompanimentHarness,
  as,
  COORDINATOR,
  everythingIn,
  feedKinds,
  mailsTo,
  openReferral,
  specialistEmail,
  WORKER,
} from '../accompaniment/support.ts';
import type { Harness } from '../http/harness.ts';

/*
 * One read of the referral per delivery: the consumers of a group that handle an event share it
 * (functions/consumers/referral-of-event.ts), on DynamoDB Local through the real stores.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('shared-read');
});
afterAll(async () => {
  await h.stopEvents();
});

describe('the consumers of a delivery', () => {
  it('read the referral once between them, and a redelivery reads it again', async () => {
    const r = await openReferral(h);
    await h.drainEvents();
    const sent = h.events.find((e) => e.type === 'offer.sent' && e.referralId === r.id);
    expect(sent).toBeDefined();
    // offer.sent: the offer email (notify) reads the referral; the board (project) too when the event does
    // not say whether the referral has escalations.
    const seen = createSeenEvents(localDynamoClient(inject('dynamoEndpoint')), h.tableName);
    const reads = vi.spyOn(h.deps.store, 'get');
    const wire = () => parseEvent(JSON.parse(JSON.stringify(sent)));
    const group = [...CONSUMER_GROUPS.notify, ...CONSUMER_GROUPS.project];
    const readers = group.filter((c) => c.handles.includes('offer.sent'));
    expect(readers.length).toBeGreaterThan(1);

    const first = await dispatchSettled(wire(), group, seen, h.deps, { concurrent: true });
    expect(first.failures).toEqual([]);
    expect(reads.mock.calls.filter(([id]) => id === r.id)).toHaveLength(1);

    await dispatchSettled(wire(), group, seen, h.deps, { concurrent: true });
    expect(reads.mock.calls.filter(([id]) => id === r.id)).toHaveLength(2);
    reads.mockRestore();
  });
});

describe("the board's consumer", () => {
  it('reads no referral for an event saying it has no escalation, and resolves one that has', async () => {
    const seen = createSeenEvents(localDynamoClient(inject('dynamoEndpoint')), h.tableName);
    const wire = (e: unknown) => parseEvent(JSON.parse(JSON.stringify(e)));
    const reads = vi.spyOn(h.deps.store, 'get');
    try {
      // A referral with candidates: its events say `escalated: false`, and the board reads nothing.
      const calm = await openReferral(h);
      await h.drainEvents();
      const sent = h.events.find((e) => e.type === 'offer.sent' && e.referralId === calm.id);
      expect(sent?.escalated).toBe(false);
      reads.mockClear();
      await dispatchSettled(wire(sent), [escalationBoard], seen, h.deps, { concurrent: true });
      expect(reads.mock.calls.filter(([id]) => id === calm.id)).toHaveLength(0);
      // The same event from before the field existed: the board reads the referral to find out.
      const { escalated: _, ...older } = sent!;
      await dispatchSettled(wire({ ...older, id: `${older.id}-older` }), [escalationBoard], seen, h.deps, {
        concurrent: true,
      });
      expect(reads.mock.calls.filter(([id]) => id === calm.id)).toHaveLength(1);

      // No candidate for the need: escalated at once. Closing it says so, and resolves the escalation.
      const lonely = await openReferral(h, { need: { specialty: 'general_medicine' } });
      await h.drainEvents();
      h.clock.set(new Date(h.clock.now().getTime() + 8 * 24 * 3600_000));
      await runSweep(h.deps);
      await h.drainEvents();
      const raised = h.events.find((e) => e.type === 'escalation.raised' && e.referralId === lonely.id);
      expect(raised?.escalated).toBe(true);
      const closed = await as(h, WORKER, 'POST', `/v1/referrals/${lonely.id}/close`, { reason: 'cancelled' });
      expect(closed.status).toBe(200);
      await h.drainEvents();
      expect(
        h.events.find((e) => e.type === 'referral.closed' && e.referralId === lonely.id)?.escalated,
      ).toBe(true);
      const escalationId = (raised!.data as { escalationId: string }).escalationId;
      expect((await h.deps.escalations.get(escalationId))?.state).toBe('resolved');
    } finally {
      reads.mockRestore();
    }
  });
});

describe('a consumer that has what it needs in the event', () => {
  /** The event as another delivery brings it (a new object), under a new id: its work is done again. */
  let copies = 0;
  const again = (e: RelaisEvent, without: readonly string[] = []) =>
    parseEvent({
      ...Object.fromEntries(
        Object.entries(JSON.parse(JSON.stringify(e))).filter(([k]) => !without.includes(k)),
      ),
      id: `${e.id}-again-${++copies}`,
    });
  /** An appointment three days from the service clock (the board's test above moved it on). */
  const soon = () => new Date(h.clock.now().getTime() + 3 * 24 * 3600_000).toISOString();
  const readsOf = (reads: { mock: { calls: unknown[][] } }, id: string) =>
    reads.mock.calls.filter(([read]) => read === id).length;

  it("the stats' projection counts the days to an appointment from the event's opening date, reading no referral", async () => {
    const opened = await openReferral(h);
    const r = await acceptFirstOffer(h, opened, soon());
    await h.drainEvents();
    const scheduled = h.events.find((e) => e.type === 'appointment.scheduled' && e.referralId === r.id);
    // The write path says when the referral was opened (a date of the referral, not of the person).
    expect(scheduled?.openedAt).toBe(r.createdAt);
    const seen = createSeenEvents(localDynamoClient(inject('dynamoEndpoint')), h.tableName);
    const year = new Date(scheduled!.at).getUTCFullYear();
    const before = await h.deps.stats.get({ org: 'mdm-lu' }, year);
    const reads = vi.spyOn(h.deps.store, 'get');
    try {
      await dispatchSettled(again(scheduled!), [statsProjection], seen, h.deps, { concurrent: true });
      expect(readsOf(reads, r.id)).toBe(0);
      // The same event from before the field existed: the projection reads the referral for the date.
      await dispatchSettled(again(scheduled!, ['openedAt']), [statsProjection], seen, h.deps, {
        concurrent: true,
      });
      expect(readsOf(reads, r.id)).toBe(1);
    } finally {
      reads.mockRestore();
    }
    // Both counted the same days (each copy is an event of its own: two more appointments).
    const days = String(Math.floor((Date.parse(r.appointment!.at) - Date.parse(r.createdAt)) / 86_400_000));
    const after = await h.deps.stats.get({ org: 'mdm-lu' }, year);
    expect(after.appointments - before.appointments).toBe(2);
    expect((after.daysToAppointment[days] ?? 0) - (before.daysToAppointment[days] ?? 0)).toBe(2);
  });

  it('the staff feed tells an assigned accompanier from the event alone, reading no referral', async () => {
    const r = await acceptFirstOffer(h, await openReferral(h), soon());
    await h.drainEvents();
    const res = await as(h, COORDINATOR, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
    });
    expect(res.status).toBe(200);
    await h.drainEvents();
    const assignedNotes = async () =>
      (await feedKinds(h, ACCOMPANIER, r.id)).filter((k) => k === 'accompaniment_assigned').length;
    expect(await assignedNotes()).toBe(1);
    const assigned = h.events.find((e) => e.type === 'accompaniment.assigned' && e.referralId === r.id);
    const seen = createSeenEvents(localDynamoClient(inject('dynamoEndpoint')), h.tableName);
    const reads = vi.spyOn(h.deps.store, 'get');
    try {
      const { failures } = await dispatchSettled(again(assigned!), [tellAccompaniment], seen, h.deps, {
        concurrent: true,
      });
      expect(failures).toEqual([]);
      expect(readsOf(reads, r.id)).toBe(0);
    } finally {
      reads.mockRestore();
    }
    expect(await assignedNotes()).toBe(2);
  });

  it('"no longer needed" goes out from the specialist\'s entry, reading no referral, and names no specialty', async () => {
    const opened = await openReferral(h);
    await h.drainEvents();
    const accepted = h.sent.length;
    const r = await acceptFirstOffer(h, opened, soon());
    await h.drainEvents();
    const taken = h.events.find(
      (e) => e.type === 'offer.withdrawn' && e.referralId === r.id && e.data['why'] === 'taken',
    );
    const other = (taken!.data as { specialistId: string }).specialistId;
    const to = await specialistEmail(h, other);
    const locale = (await h.deps.specialists.get(other))!.locale;
    const specialty = specialtyName(locale, r.need.specialty);
    const first = mailsTo(h, to, accepted);
    expect(first).toHaveLength(1);
    // The specialty is health data in a mail log: the email says only that the request is taken.
    expect(everythingIn(first[0]!)).not.toContain(specialty);
    const seen = createSeenEvents(localDynamoClient(inject('dynamoEndpoint')), h.tableName);
    const reads = vi.spyOn(h.deps.store, 'get');
    const from = h.sent.length;
    try {
      await dispatchSettled(again(taken!), [tellTaken], seen, h.deps, { concurrent: true });
      expect(readsOf(reads, r.id)).toBe(0);
    } finally {
      reads.mockRestore();
    }
    const told = mailsTo(h, to, from);
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toBe(first[0]!.subject);
    expect(told[0]!.text).toBe(first[0]!.text);
    expect(everythingIn(told[0]!)).not.toContain(specialty);
  });
});
