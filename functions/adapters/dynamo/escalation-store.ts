import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import { boardSortKey } from '../../../domain/timers/escalation.ts';
import type { BoardEscalation, EscalationStore } from '../../../domain/timers/ports.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';
import type { Logger } from '../../ports/logger.ts';
import { type CursorCodec, processCursorCodec } from './cursor.ts';
import { isTombstone } from './erasure-store.ts';
import { duePartition, escalationDueSk, escalationKey, escalationMirrorKey, shardOf } from './keys.ts';
import { decodeItem, storedEscalation } from './stored.ts';
import { INDEX, TTL_ATTRIBUTE } from './table.ts';
import { cancellationCodes } from './transaction-codes.ts';

/*
 * The coordinator board on the single table. One escalation is two items written together:
 *   ESC#<id> / ESC   the escalation: board index pk `<org>#<state>`; while it may climb, also in the due
 *                    index (`DUE#n`, `<climbAt>#ESC#<id>`) so the sweep finds it; its events ride on it
 *                    (`outbox`) and are published from the stream like a referral's.
 *   ESC#<id> / NET   its mirror on the network board: board index pk `NETWORK#<state>`.
 * So a coordinator's board and a network coordinator's board are each ONE Query on the board index,
 * sorted by `<rank>#<since>#<id>` (most urgent, then oldest first), and their cost depends on what is on
 * that board, never on closed referrals. Resolved escalations leave the table a while after (TTL).
 */

/** The network's board partition prefix. */
export const NETWORK_SCOPE = 'NETWORK';
/** Reads of the board's index for one page at most (listBoard). */
const MAX_READS_PER_PAGE = 8;
/** Resolved escalations are kept this long, then removed by TTL. */
const KEEP_RESOLVED_SECONDS = 180 * 24 * 3600;
/** Top-level copy of the kind, for the board's kind filter. */
const KIND_ATTRIBUTE = 'escKind';

export interface EscalationStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Where an unreadable item is reported (by its key). */
  readonly logger?: Logger;
  /** The cursors' codec (composeDeps gives the key ring's). */
  readonly cursors?: CursorCodec;
}

export function createEscalationStore({
  client,
  tableName,
  logger,
  cursors = processCursorCodec(),
}: EscalationStoreOptions): EscalationStore {
  const decode = (item: Record<string, AttributeValue>): BoardEscalation =>
    decodeItem(storedEscalation, 'escalation', item, { logger });

  const items = (e: BoardEscalation, events: readonly RelaisEvent[]) => {
    const common: Record<string, AttributeValue> = {
      type: { S: 'escalation' },
      version: { N: String(e.version) },
      data: { S: JSON.stringify(e) },
      [KIND_ATTRIBUTE]: { S: e.kind },
      [INDEX.byBoard.sk]: { S: boardSortKey(e) },
    };
    if (e.state === 'resolved') {
      const at = Date.parse(e.resolvedAt ?? e.raisedAt);
      common[TTL_ATTRIBUTE] = { N: String(Math.floor(at / 1000) + KEEP_RESOLVED_SECONDS) };
    }
    const main: Record<string, AttributeValue> = {
      ...escalationKey(e.id),
      ...common,
      org: { S: e.org },
      [INDEX.byBoard.pk]: { S: `${e.org}#${e.state}` },
      outbox: { S: JSON.stringify(events) },
    };
    if (e.climbAt !== undefined && e.state === 'open') {
      main[INDEX.byDue.pk] = { S: duePartition(shardOf(e.id)) };
      main[INDEX.byDue.sk] = { S: escalationDueSk(e.climbAt, e.id) };
    }
    const mirror: Record<string, AttributeValue> = {
      ...escalationMirrorKey(e.id),
      ...common,
      [INDEX.byBoard.pk]: { S: `${NETWORK_SCOPE}#${e.state}` },
    };
    return { main, mirror };
  };

  const write = async (
    e: BoardEscalation,
    events: readonly RelaisEvent[],
    condition: { expression: string; values?: Record<string, AttributeValue> },
  ): Promise<boolean> => {
    const { main, mirror } = items(e, events);
    try {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: main,
                ConditionExpression: condition.expression,
                ExpressionAttributeValues: condition.values,
              },
            },
            { Put: { TableName: tableName, Item: mirror } },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  };

  return {
    async get(id) {
      const out = await client.send(
        new GetItemCommand({ TableName: tableName, Key: escalationKey(id), ConsistentRead: true }),
      );
      // An erased escalation's tombstone (erasure-store.ts) is no escalation.
      return out.Item && !isTombstone(out.Item) ? decode(out.Item) : undefined;
    },

    create: (e, events) => write(e, events, { expression: 'attribute_not_exists(pk)' }),

    async save(e, expectedVersion, events) {
      const ok = await write(e, events, {
        expression: 'version = :expected',
        values: { ':expected': { N: String(expectedVersion) } },
      });
      if (!ok)
        throw new DomainError(
          'conflict',
          'The escalation was changed by someone else; reload and try again.',
        );
    },

    async listBoard(scope, state, { kind, shows, cursor, limit }) {
      const ix = INDEX.byBoard;
      const partition = 'network' in scope ? `${NETWORK_SCOPE}#${state}` : `${scope.org}#${state}`;
      const query = (Limit: number, ExclusiveStartKey: Record<string, AttributeValue> | undefined) =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: ix.name,
            KeyConditionExpression: '#pk = :pk',
            ...(kind
              ? {
                  FilterExpression: '#kind = :kind',
                  ExpressionAttributeNames: { '#pk': ix.pk, '#kind': KIND_ATTRIBUTE },
                  ExpressionAttributeValues: { ':pk': { S: partition }, ':kind': { S: kind } },
                }
              : {
                  ExpressionAttributeNames: { '#pk': ix.pk },
                  ExpressionAttributeValues: { ':pk': { S: partition } },
                }),
            ScanIndexForward: true,
            Limit,
            ExclusiveStartKey,
          }),
        );
      // The network's partition mirrors every organisation's escalations, and a network coordinator
      // sees only some of another's (`shows`): a page is read on, each time for as many as it still
      // lacks, so that it is full unless the board ends, rather than a page of few or none with a
      // "next" link. Each read evaluates no more than the page still lacks, so the last one stops where
      // the next page starts; bounded, so that a board of others' hidden items costs a few reads a page.
      const items: BoardEscalation[] = [];
      let from = cursor ? await cursors.decode(cursor, ix, partition) : undefined;
      for (let read = 0; read < MAX_READS_PER_PAGE; read++) {
        const out = await query(limit - items.length, from);
        const decoded = (out.Items ?? []).map(decode);
        items.push(...(shows ? decoded.filter(shows) : decoded));
        from = out.LastEvaluatedKey;
        if (!from || items.length >= limit) break;
      }
      return { items, nextCursor: from ? await cursors.encode(from, ix) : undefined };
    },
  };
}

function isConditionFailure(err: unknown): boolean {
  return cancellationCodes(err).includes('ConditionalCheckFailed');
}
