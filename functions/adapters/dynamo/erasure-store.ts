import {
  type AttributeValue,
  type DynamoDBClient,
  PutItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { ErasedItems, ErasureStore } from '../../../domain/people/erasure.ts';
import {
  duePartition,
  erasureDueSk,
  erasureMarkerKey,
  escalationKey,
  escalationMirrorKey,
  type ItemKey,
  referralKey,
  shardOf,
  traceKey,
} from './keys.ts';
import { queryAll } from './query-all.ts';
import { INDEX, KEY, TTL_ATTRIBUTE } from './table.ts';

/*
 * Erasure on the single table, with PutItem only. An erased item is overwritten by a tombstone: its key,
 * `type: erased` and an expiry, nothing else. Overwriting drops every other attribute, and with them the
 * item's entries in every index (person, organisation, status, due, board, accompanier), so the
 * tombstone is found by no Query but its key. Why a tombstone rather than a Delete:
 *   - the api and sweep functions write whole items and delete nothing (infra/table-access.ts, issue
 *     17); a Delete would add an action to both for no gain in what the table holds;
 *   - it outlives the events still in flight for the referral (retries, a redrive from a dead-letter
 *     queue): a projection recreating an erased escalation, or a repeat of the Idempotency-Key the
 *     referral's id derives from, finds the key taken (their writes are conditional on
 *     `attribute_not_exists`) instead of bringing the referral back.
 * A tombstone's key holds the referral's or escalation's random id, or a staff feed's key, never the
 * person's pseudonym or a word they said; DynamoDB's TTL removes it after TOMBSTONE_SECONDS.
 */

export const TOMBSTONE_TYPE = 'erased';
/** Tombstones outlive every retry of an event (EventBridge: 24 hours; a dead-letter queue: 14 days). */
const TOMBSTONE_SECONDS = 30 * 24 * 3600;

/** Whether an item read by its key is an erased one's tombstone (readers answer "not found"). */
export const isTombstone = (item: Record<string, AttributeValue> | undefined): boolean =>
  item?.['type']?.S === TOMBSTONE_TYPE;

/** The attributes of a pointer written before this one per event existed: its one target's key. */
const TARGET_PK = 'targetPk';
const TARGET_SK = 'targetSk';
/** The attribute of an event's pointer: the keys of every item the event wrote, `<pk>\n<sk>` each. */
const TARGETS = 'targets';
const KEY_SEPARATOR = '\n';

/** The keys a pointer item names: the set of an event's pointer, or the one key of an older pointer. */
function targetsOf(item: Record<string, AttributeValue>): ItemKey[] {
  const keys: ItemKey[] = [];
  for (const target of item[TARGETS]?.SS ?? []) {
    const at = target.indexOf(KEY_SEPARATOR);
    if (at > 0)
      keys.push({ [KEY.pk]: { S: target.slice(0, at) }, [KEY.sk]: { S: target.slice(at + 1) } } as ItemKey);
  }
  const pk = item[TARGET_PK]?.S;
  const sk = item[TARGET_SK]?.S;
  if (pk && sk) keys.push({ [KEY.pk]: { S: pk }, [KEY.sk]: { S: sk } } as ItemKey);
  return keys;
}

export interface ErasureStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

export function createErasureStore({ client, tableName }: ErasureStoreOptions): ErasureStore {
  /** Overwrites `key` with a tombstone; whether a live item (not a tombstone) was there. */
  const tombstone = async (key: ItemKey, at: string): Promise<boolean> => {
    const out = await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...key,
          type: { S: TOMBSTONE_TYPE },
          [TTL_ATTRIBUTE]: { N: String(Math.floor(Date.parse(at) / 1000) + TOMBSTONE_SECONDS) },
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes !== undefined && !isTombstone(out.Attributes);
  };

  /** Every item of the referral's own partition: the referral, its erasure marker, its pointers. */
  const partition = (referralId: string) =>
    queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: { ':pk': referralKey(referralId)[KEY.pk] },
      ConsistentRead: true,
    });

  return {
    async eraseReferral(id, escalationIds, at): Promise<ErasedItems> {
      let feedItems = 0;
      let escalations = 0;
      // What derives from the referral first, the referral last: a run that fails half-way leaves the
      // referral and its pointers, so repeating it (the route, or the next sweep) finds the rest.
      const items = await partition(id);
      for (const item of items) {
        for (const target of targetsOf(item)) if (await tombstone(target, at)) feedItems++;
      }
      for (const escalationId of escalationIds) {
        if (await tombstone(escalationKey(escalationId), at)) escalations++;
        await tombstone(escalationMirrorKey(escalationId), at);
      }
      for (const item of items) {
        const sk = item[KEY.sk]?.S;
        if (sk && sk !== 'REF' && !isTombstone(item)) {
          await tombstone({ [KEY.pk]: item[KEY.pk]!, [KEY.sk]: { S: sk } } as ItemKey, at);
        }
      }
      const referrals = (await tombstone(referralKey(id), at)) ? 1 : 0;
      return { referrals, escalations, feedItems };
    },

    async holdForErasure(id, at) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...erasureMarkerKey(id),
            type: { S: 'erasure' },
            referralId: { S: id },
            [INDEX.byDue.pk]: { S: duePartition(shardOf(id)) },
            [INDEX.byDue.sk]: { S: erasureDueSk(at, id) },
          },
        }),
      );
    },
  };
}

/**
 * The pointer to an event's items about a referral (its staff feed items), in the referral's partition,
 * so that erasing the referral finds them without a Scan: ONE item per referral and event, `TRACE#E#
 * <eventId>`, whose set of keys each writer adds to (an Update with ADD: the consumers of an event in two
 * functions may each write items). Written before the items (notification-store.ts); it expires with
 * them. Pointers written before it, one per item (`targetPk`, `targetSk`), are still read by erasure.
 */
export function eventTracePointer(
  referralId: string,
  eventId: string,
  targets: readonly ItemKey[],
  expiresAt: number,
): Pick<
  UpdateItemCommandInput,
  'Key' | 'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
> {
  return {
    Key: traceKey(referralId, `E#${eventId}`),
    UpdateExpression: 'ADD #targets :targets SET #type = :trace, #ttl = :ttl',
    ExpressionAttributeNames: { '#targets': TARGETS, '#type': 'type', '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: {
      ':targets': { SS: [...new Set(targets.map((t) => `${t[KEY.pk].S}${KEY_SEPARATOR}${t[KEY.sk].S}`))] },
      ':trace': { S: 'trace' },
      ':ttl': { N: String(expiresAt) },
    },
  };
}
