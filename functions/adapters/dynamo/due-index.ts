import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Referral } from '../../../domain/referral/model.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { itemsOf } from './batch-get.ts';
import { isTombstone } from './erasure-store.ts';
import { duePartition } from './keys.ts';
import { type DecodeOptions, decodeItem, StoredItemError, storedEscalation, unreadable } from './stored.ts';
import { DUE_SHARDS, INDEX, KEY } from './table.ts';

/** Something the sweep found due: a referral's deadline, or an escalation's next climb. */
export type DueItem =
  | { readonly type: 'referral'; readonly referral: Referral }
  | { readonly type: 'escalation'; readonly escalation: BoardEscalation }
  /** A referral an erasure held until its closing was told (erasure-store.ts): erase it now. */
  | { readonly type: 'erasure'; readonly referralId: string }
  /** An item that does not decode (already logged with its key): the sweep counts it as failed. */
  | { readonly type: 'unreadable'; readonly error: StoredItemError };

export interface DuePage {
  readonly items: readonly DueItem[];
  readonly next?: Record<string, AttributeValue>;
}

export interface DueIndex {
  readonly shards: number;
  /**
   * One page of shard `shard`'s items due at or before `now`, earliest first: a Query on the sparse due
   * index (`duePk = DUE#n AND dueSk <= now`), so its cost grows with what is due, never with the table.
   */
  listDue(
    shard: number,
    now: string,
    q: { readonly limit: number; readonly start?: Record<string, AttributeValue> },
  ): Promise<DuePage>;
}

/**
 * Due keys are `<instant>#<id>` with instants as `toISOString()` writes them (UTC, milliseconds), so
 * they compare as strings; `~` sorts after every id character, so `<now>#~` includes what is due at
 * `now` exactly and nothing a millisecond later.
 */
export function createDueIndex(
  client: DynamoDBClient,
  tableName: string,
  /** How a referral item is read: referral-store.ts's decoder, its sealed fields opened. */
  decodeReferral: (item: Record<string, AttributeValue>) => Promise<Referral>,
  options: DecodeOptions = {},
): DueIndex {
  // An item that does not decode is handed to the sweep as unreadable: the sweep counts it as a failed
  // item (a metric an alarm watches) and goes on with the rest of the shard. Failing the whole page would
  // hold every other deadline of the shard hostage to one bad record; dropping it would leave its
  // deadline unfired with nobody told.
  const decode = async (i: Record<string, AttributeValue>): Promise<DueItem> => {
    try {
      return await decodeDue(i);
    } catch (err) {
      if (err instanceof StoredItemError) return { type: 'unreadable', error: err };
      throw err;
    }
  };
  const decodeDue = async (i: Record<string, AttributeValue>): Promise<DueItem> => {
    const type = i['type']?.S;
    if (type === 'escalation') {
      return { type, escalation: decodeItem(storedEscalation, 'escalation', i, options) };
    }
    if (type === 'erasure') {
      const referralId = i['referralId']?.S;
      if (referralId) return { type, referralId };
      return unreadable('erasure', i, ['referralId'], options);
    }
    if (type === 'referral') return { type, referral: await decodeReferral(i) };
    return unreadable('due', i, ['type'], options);
  };
  const ix = INDEX.byDue;
  return {
    shards: DUE_SHARDS,
    async listDue(shard, now, { limit, start }) {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: ix.name,
          KeyConditionExpression: '#pk = :pk AND #sk <= :upper',
          ExpressionAttributeNames: { '#pk': ix.pk, '#sk': ix.sk },
          ExpressionAttributeValues: {
            ':pk': { S: duePartition(shard) },
            ':upper': { S: `${new Date(now).toISOString()}#~` },
          },
          ScanIndexForward: true,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      // The index holds keys, `type` and `referralId` (table.ts): an erasure marker is whole in it; a
      // referral or an escalation is read from the table, the page's in one BatchGetItem.
      const found = out.Items ?? [];
      const whole = await itemsOf(
        client,
        tableName,
        found.filter((i) => i['type']?.S !== 'erasure'),
      );
      const byKey = new Map(whole.map((i) => [`${i[KEY.pk]?.S}\u0000${i[KEY.sk]?.S}`, i]));
      const items = await Promise.all(
        found
          .map((i) => (i['type']?.S === 'erasure' ? i : byKey.get(`${i[KEY.pk]?.S}\u0000${i[KEY.sk]?.S}`)))
          .filter((i): i is Record<string, AttributeValue> => i !== undefined && !isTombstone(i))
          .map(decode),
      );
      return { items, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
    },
  };
}
