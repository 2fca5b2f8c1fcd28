import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Referral } from '../../../domain/referral/model.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { DUE_SHARDS, INDEX } from './table.ts';

/** Something the sweep found due: a referral's deadline, or an escalation's next climb. */
export type DueItem =
  | { readonly type: 'referral'; readonly referral: Referral }
  | { readonly type: 'escalation'; readonly escalation: BoardEscalation };

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
export function createDueIndex(client: DynamoDBClient, tableName: string): DueIndex {
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
            ':pk': { S: `DUE#${shard}` },
            ':upper': { S: `${new Date(now).toISOString()}#~` },
          },
          ScanIndexForward: true,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      const items: DueItem[] = [];
      for (const i of out.Items ?? []) {
        const data = i.data?.S;
        if (!data) continue;
        if (i.type?.S === 'escalation') items.push({ type: 'escalation', escalation: JSON.parse(data) });
        else if (i.type?.S === 'referral') items.push({ type: 'referral', referral: JSON.parse(data) });
      }
      return { items, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
    },
  };
}
