import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseEvent } from '../../../events/catalog.ts';
import { createSeenEvents } from '../../../functions/adapters/dynamo/seen-events.ts';
import { dispatchSettled } from '../../../functions/consumers/dispatch.ts';
import { CONSUMER_GROUPS } from '../../../functions/consumers/groups.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { accompanimentHarness, openReferral } from '../accompaniment/support.ts';
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
    // offer.sent: the offer email (notify) and the board (project) each read the referral.
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
