import { GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Notification, NotificationRecipient } from '../../../domain/ports.ts';
import { createErasureStore } from '../../../functions/adapters/dynamo/erasure-store.ts';
import { notificationKey } from '../../../functions/adapters/dynamo/keys.ts';
import { createNotificationStore } from '../../../functions/adapters/dynamo/notification-store.ts';
import { connectDynamoLocal, type EventsDynamo } from '../events/dynamo-local.ts';

/*
 * The erasure pointers of staff feed items, on DynamoDB Local: the items an event writes about a
 * referral share ONE pointer in the referral's partition, and erasing the referral turns every one of
 * them into a tombstone; pointers of the former shape (one per item) are still honoured.
 */

let local: EventsDynamo;
let table: string;
beforeAll(async () => {
  local = await connectDynamoLocal('feed-pointers');
  table = await local.createTable();
});
afterAll(() => {
  local?.close();
});

const AT = '2026-11-25T09:00:00.000Z';
const note = (referralId: string, eventId: string, id: string): Notification => ({
  id,
  at: AT,
  kind: 'outcome_recorded',
  referralId,
  eventId,
});
const worker: NotificationRecipient = { sub: 'sw-1', org: 'mdm-lu' };
const team: NotificationRecipient = { group: 'team:mdm-lu', org: 'mdm-lu' };

const partition = async (referralId: string) =>
  (
    await local.dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :trace)',
        ExpressionAttributeValues: { ':pk': { S: `REF#${referralId}` }, ':trace': { S: 'TRACE#' } },
      }),
    )
  ).Items ?? [];

const typeOf = async (recipient: NotificationRecipient, eventId: string) =>
  (
    await local.dynamo.send(
      new GetItemCommand({ TableName: table, Key: notificationKey(recipient, AT, eventId) }),
    )
  ).Item?.['type']?.S;

describe('feed erasure pointers', () => {
  it('writes one pointer for an event that wrote two feed items, and erasure tombstones both', async () => {
    const notes = createNotificationStore(local.dynamo, table);
    const sent = vi.spyOn(local.dynamo, 'send');
    await notes.addAll([
      { recipient: worker, n: note('ref-two', 'evt-two', 'evt-two:sw-1') },
      { recipient: team, n: note('ref-two', 'evt-two', 'evt-two:team') },
    ]);
    // One pointer (an Update) and the two items: three writes, not four.
    expect(sent.mock.calls.map(([c]) => c.constructor.name).sort()).toEqual([
      'PutItemCommand',
      'PutItemCommand',
      'UpdateItemCommand',
    ]);
    sent.mockRestore();
    expect(await partition('ref-two')).toHaveLength(1);
    expect(await typeOf(worker, 'evt-two')).toBe('notification');

    const erased = await createErasureStore({ client: local.dynamo, tableName: table }).eraseReferral(
      'ref-two',
      [],
      AT,
    );
    expect(erased.feedItems).toBe(2);
    expect(await typeOf(worker, 'evt-two')).toBe('erased');
    expect(await typeOf(team, 'evt-two')).toBe('erased');
  });

  it('gathers in the same pointer the items two consumers of one event write, and a repeat adds none', async () => {
    const notes = createNotificationStore(local.dynamo, table);
    await notes.add(worker, note('ref-merged', 'evt-merged', 'evt-merged:sw-1'));
    await notes.add(team, note('ref-merged', 'evt-merged', 'evt-merged:team'));
    await notes.add(team, note('ref-merged', 'evt-merged', 'evt-merged:team'));
    const pointers = await partition('ref-merged');
    expect(pointers).toHaveLength(1);
    expect(pointers[0]?.['targets']?.SS).toHaveLength(2);
    const erased = await createErasureStore({ client: local.dynamo, tableName: table }).eraseReferral(
      'ref-merged',
      [],
      AT,
    );
    expect(erased.feedItems).toBe(2);
  });

  it('honours a pointer of the former shape, one per item (targetPk, targetSk)', async () => {
    const notes = createNotificationStore(local.dynamo, table);
    // An item and its pointer as they were written before one pointer per event.
    const key = notificationKey(worker, AT, 'evt-old');
    await local.dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          ...key,
          type: { S: 'notification' },
          org: { S: 'mdm-lu' },
          data: { S: JSON.stringify(note('ref-old', 'evt-old', 'evt-old:sw-1')) },
        },
      }),
    );
    await local.dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: 'REF#ref-old' },
          sk: { S: 'TRACE#2u8yq0m3dYk4nYq3b6m2bLQ0b7kCk3qkVgS3w6s8Jm0' },
          type: { S: 'trace' },
          targetPk: key.pk,
          targetSk: key.sk,
          expiresAt: { N: '1826000000' },
        },
      }),
    );
    // And a newer item of the same referral, with its event's pointer.
    await notes.add(team, note('ref-old', 'evt-new', 'evt-new:team'));
    const erased = await createErasureStore({ client: local.dynamo, tableName: table }).eraseReferral(
      'ref-old',
      [],
      AT,
    );
    expect(erased.feedItems).toBe(2);
    expect(await typeOf(worker, 'evt-old')).toBe('erased');
    expect(await typeOf(team, 'evt-new')).toBe('erased');
    // The pointers themselves are tombstones too.
    for (const pointer of await partition('ref-old')) expect(pointer['type']?.S).toBe('erased');
  });
});
