import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseEvent } from '../../../events/catalog.ts';
import { createSeenEvents } from '../../../functions/adapters/dynamo/seen-events.ts';
import { dispatchSettled } from '../../../functions/consumers/dispatch.ts';
import { escalationBoard } from '../../../functions/consumers/escalation-board.ts';
import { CONSUMER_GROUPS } from '../../../functions/consumers/groups.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { accompanimentHarness, as, openReferral, WORKER } from '../accompaniment/support.ts';
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
