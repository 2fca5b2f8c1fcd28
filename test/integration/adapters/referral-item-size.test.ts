import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { referralKey } from '../../../functions/adapters/dynamo/keys.ts';
import { itemBytes } from '../../../functions/sweep/measure.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import {
  ACCOMPANIER,
  acceptFirstOffer,
  accompanimentHarness,
  as,
  COORDINATOR,
  openReferral,
} from '../accompaniment/support.ts';
import type { Harness } from '../http/harness.ts';

/*
 * A write costs one unit per KB of the item (DynamoDB rounds up), and the referral item is rewritten
 * whole at every transition: kept at or under 1 KB, each transition's write of it is one unit. Measured
 * on the item as DynamoDB Local holds it after each step of a whole accompanied lifecycle (the bench's):
 * 755 bytes opened with its two offers, 990 closed with its ten timeline entries, each write with the
 * route it carries for its access entry (20–40 bytes: functions/lib/access-recording.ts). Each further
 * offer that is declined or expires (an offer and two entries) adds about 60 bytes.
 */

const KB = 1024;

let h: Harness;
let db: DynamoDBClient;
beforeAll(async () => {
  h = await accompanimentHarness('item-size');
  db = localDynamoClient(inject('dynamoEndpoint') as string);
});
afterAll(async () => {
  await h.stopEvents();
  db?.destroy();
});

const sizeOf = async (id: string) => {
  const out = await db.send(
    new GetItemCommand({ TableName: h.tableName, Key: referralKey(id), ConsistentRead: true }),
  );
  return itemBytes(out.Item!);
};

describe('the referral item', () => {
  it('stays at or under 1 KB at every transition of an accompanied lifecycle', async () => {
    const sizes: Record<string, number> = {};
    const opened = await openReferral(h);
    const id = opened.id;
    sizes['opened'] = await sizeOf(id);
    await acceptFirstOffer(h, opened);
    sizes['scheduled'] = await sizeOf(id);
    const step = async (
      name: string,
      who: typeof ACCOMPANIER | typeof COORDINATOR,
      path: string,
      body?: unknown,
    ) => {
      const res = await as(h, who, 'POST', `/v1/referrals/${id}/${path}`, body);
      expect(res.status, name).toBe(200);
      sizes[name] = await sizeOf(id);
    };
    await step('assigned', ACCOMPANIER, 'accompaniment', { accompanierId: ACCOMPANIER.sub });
    h.clock.set(new Date('2026-11-27T09:20:00Z'));
    await step('departed', ACCOMPANIER, 'departed');
    h.clock.set(new Date('2026-11-27T09:55:00Z'));
    await step('arrived', ACCOMPANIER, 'arrived');
    h.clock.set(new Date('2026-11-27T11:00:00Z'));
    await step('attended', ACCOMPANIER, 'outcome', { attended: true });
    await step('closed', COORDINATOR, 'close', { reason: 'completed' });
    for (const [name, bytes] of Object.entries(sizes)) expect(bytes, name).toBeLessThanOrEqual(KB);
  });
});
