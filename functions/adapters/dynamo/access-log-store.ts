import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type * as z from 'zod/mini';
import { DomainError } from '../../../domain/errors.ts';
import type {
  AccessEntry,
  AccessLog,
  DirectoryAccessEntry,
  DirectoryAccessLog,
} from '../../../domain/ports.ts';
import { type CursorCodec, processCursorCodec } from './cursor.ts';
import {
  ACCESS_ENTRY_PREFIX,
  accessEntryKey,
  referralAccessPartition,
  specialistAccessPartition,
} from './keys.ts';
import { type DecodeOptions, decodeItem, storedAccessEntry, storedDirectoryAccessEntry } from './stored.ts';
import { type IndexDefinition, KEY, TTL_ATTRIBUTE } from './table.ts';

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * How long an entry is kept: six years from the moment it records. The log must outlive the referral it
 * is about, so that after the erasure of a closed referral (24 months after it closed, by default) whoever
 * asks (the person, the organisation, a supervisory authority) still finds who read and changed it, and
 * that it was erased. A referral can stay open a year and a half (a follow-up moves up to 18 months
 * ahead), so six years leaves the log at least two and a half years beyond the erasure, the time a
 * complaint about an access commonly has. A deployment keeping closed referrals over four years passes
 * a longer `keepSeconds`.
 */
export const ACCESS_LOG_KEEP_SECONDS = 6 * YEAR_SECONDS;

/** One transaction holds up to 100 writes: a list of up to 100 referrals is recorded in one call. */
const TRANSACTION_MAX = 100;

/** The table's own key, as the cursor helpers take it (a log is read from the table, not an index). */
const TABLE_KEYS: IndexDefinition = { name: 'table', pk: KEY.pk, sk: KEY.sk };

export interface AccessLogStoreOptions extends DecodeOptions {
  /** Fresh unique ids (time-ordered), the last part of an entry's sort key. */
  readonly newId: () => string;
  /** @default ACCESS_LOG_KEEP_SECONDS */
  readonly keepSeconds?: number;
  /** The cursors' codec (composeDeps gives the key ring's). */
  readonly cursors?: CursorCodec;
}

type Item = Record<string, AttributeValue>;

/**
 * The access logs, on the single table: each referral's entries in its own partition
 * (`ACCESS#REF#<id>`), each specialist's in theirs (`ACCESS#SPEC#<id>`), sorted by time. Entries are only
 * ever added: every write is a Put conditional on the item not existing (an entry is never overwritten),
 * and nothing here updates or deletes one; DynamoDB's TTL removes them after `keepSeconds`. Several
 * entries at once (a list read: one per referral listed) are one TransactWriteItems of conditional Puts
 * per 100 entries rather than a Put each. Not BatchWriteItem: it takes no condition, and the IAM action
 * that allows it allows deleting items as well, where a transaction of Puts needs only `PutItem`
 * (infra/table-access.ts), so a function that records entries holds no right to delete one.
 */
export function createAccessLogStore(
  client: DynamoDBClient,
  tableName: string,
  options: AccessLogStoreOptions,
): AccessLog & { readonly directory: DirectoryAccessLog } {
  const keep = options.keepSeconds ?? ACCESS_LOG_KEEP_SECONDS;
  const cursors = options.cursors ?? processCursorCodec();

  const itemOf = (
    partition: string,
    entry: { at: string; org?: string | undefined },
    unique: string = options.newId(),
  ): Item => ({
    ...accessEntryKey(partition, entry.at, unique),
    type: { S: 'access' },
    ...(entry.org ? { org: { S: entry.org } } : {}),
    data: { S: JSON.stringify(entry) },
    [TTL_ATTRIBUTE]: { N: String(Math.floor(Date.parse(entry.at) / 1000) + keep) },
  });

  const write = async (items: readonly Item[]): Promise<void> => {
    const condition = 'attribute_not_exists(pk)';
    if (items.length === 1) {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: items[0], ConditionExpression: condition }),
      );
      return;
    }
    for (let i = 0; i < items.length; i += TRANSACTION_MAX) {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: items.slice(i, i + TRANSACTION_MAX).map((Item) => ({
            Put: { TableName: tableName, Item, ConditionExpression: condition },
          })),
        }),
      );
    }
  };

  const listOf =
    <T>(schema: z.ZodMiniType<T>, family: string, partitionOf: (id: string) => string) =>
    async (id: string, { cursor, limit }: { cursor?: string; limit: number }) => {
      const partition = partitionOf(id);
      const start = cursor ? await startKey(cursors, cursor, partition) : undefined;
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
          ExpressionAttributeValues: { ':pk': { S: partition }, ':entry': { S: ACCESS_ENTRY_PREFIX } },
          ScanIndexForward: false,
          // One more than a page tells whether another follows, without an empty last page.
          Limit: limit + 1,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const items = out.Items ?? [];
      const shown = items.slice(0, limit);
      const last = shown.at(-1);
      return {
        items: shown.map((item) => decodeItem(schema, family, item, options)),
        ...(items.length > limit && last
          ? {
              nextCursor: await cursors.encode(
                { [KEY.pk]: last[KEY.pk]!, [KEY.sk]: last[KEY.sk]! },
                TABLE_KEYS,
              ),
            }
          : {}),
      };
    };

  return {
    async record(entries: readonly AccessEntry[]) {
      if (entries.length === 0) return;
      await write(entries.map((e) => itemOf(referralAccessPartition(e.referralId), e)));
    },
    async recordOnce(entry: AccessEntry, id: string) {
      try {
        await write([itemOf(referralAccessPartition(entry.referralId), entry, id)]);
      } catch (error) {
        // Recorded already: the same stream record delivered again.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    list: listOf(storedAccessEntry, 'access', referralAccessPartition),
    directory: {
      async record(entries: readonly DirectoryAccessEntry[]) {
        if (entries.length === 0) return;
        await write(entries.map((e) => itemOf(specialistAccessPartition(e.specialistId), e)));
      },
      list: listOf(storedDirectoryAccessEntry, 'directory access', specialistAccessPartition),
    },
  };
}

/** The cursor's key, checked: this log's partition, and an entry's sort key. */
async function startKey(
  cursors: CursorCodec,
  cursor: string,
  partition: string,
): Promise<Record<string, AttributeValue>> {
  const key = await cursors.decode(cursor, TABLE_KEYS, partition);
  if (!key[KEY.sk]?.S?.startsWith(ACCESS_ENTRY_PREFIX)) {
    throw new DomainError('invalid_input', 'The cursor is not valid for this list.', 'cursor');
  }
  return key;
}
