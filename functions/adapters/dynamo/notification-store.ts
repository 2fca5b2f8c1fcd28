import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import type { NotificationStore, NotificationTo } from '../../../domain/ports.ts';
import { type CursorCodec, processCursorCodec } from './cursor.ts';
import { eventTracePointer, isTombstone } from './erasure-store.ts';
import { feedPartition, type ItemKey, NOTE_PREFIX, notificationKey } from './keys.ts';
import { type DecodeOptions, decodeItem, storedNotification } from './stored.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

/** Feeds are kept a year: long enough to look back, short enough not to become an archive. */
const KEEP_SECONDS = 365 * 24 * 3600;

/**
 * Staff feeds: pk `USER#<org>#<sub>` (or `GROUP#<name>`), sk `NOTE#<at>#<eventId>`. The sort key holds the
 * event id, so the same event delivered twice writes the same item once (conditional put), whatever
 * the consumer retries. Reading merges a person's feed with their groups' feeds: one Query per feed,
 * each bounded by the page size, and the cursor is the sort key of the last item shown.
 */
export function createNotificationStore(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions & { readonly cursors?: CursorCodec } = {},
): NotificationStore {
  const cursors = options.cursors ?? processCursorCodec();
  const queryFeed = async (pk: string, before: string | undefined, limit: number) => {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: before
          ? 'pk = :pk AND sk BETWEEN :from AND :before'
          : 'pk = :pk AND begins_with(sk, :from)',
        ExpressionAttributeValues: {
          ':pk': { S: pk },
          ':from': { S: NOTE_PREFIX },
          ...(before ? { ':before': { S: before } } : {}),
        } as Record<string, AttributeValue>,
        ScanIndexForward: false,
        // One more than a page, plus the boundary item itself (BETWEEN is inclusive), tells whether more follow.
        Limit: limit + 2,
      }),
    );
    return (out.Items ?? [])
      .filter((i) => i[KEY.sk]?.S !== before && !isTombstone(i))
      .map((i) => ({
        sk: i[KEY.sk]?.S ?? '',
        n: decodeItem(storedNotification, 'notification', i, options),
      }));
  };

  /**
   * The items, after one erasure pointer per referral and event listing their keys (an Update that adds
   * to the pointer's set: the consumers of one event in two functions share it). The pointer first, so an
   * item about a referral is never written without its erasure finding it; then the items side by side,
   * each conditional, so a repeat (or an erased item's tombstone) is left as it is.
   */
  const addAll = async (notes: readonly NotificationTo[]): Promise<void> => {
    const written = notes.map(({ recipient, n }) => ({
      recipient,
      n,
      key: notificationKey(recipient, n.at, n.eventId),
      expiresAt: Math.floor(Date.parse(n.at) / 1000) + KEEP_SECONDS,
    }));
    const pointers = new Map<
      string,
      { referralId: string; eventId: string; keys: ItemKey[]; expiresAt: number }
    >();
    for (const w of written) {
      if (!w.n.referralId) continue;
      const id = `${w.n.referralId}\n${w.n.eventId}`;
      const pointer = pointers.get(id) ?? {
        referralId: w.n.referralId,
        eventId: w.n.eventId,
        keys: [],
        expiresAt: 0,
      };
      pointer.keys.push(w.key);
      pointer.expiresAt = Math.max(pointer.expiresAt, w.expiresAt);
      pointers.set(id, pointer);
    }
    await Promise.all(
      [...pointers.values()].map((p) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            ...eventTracePointer(p.referralId, p.eventId, p.keys, p.expiresAt),
          }),
        ),
      ),
    );
    await Promise.all(
      written.map(async ({ recipient, n, key, expiresAt }) => {
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: {
                ...key,
                type: { S: 'notification' },
                org: { S: recipient.org },
                data: { S: JSON.stringify(n) },
                [TTL_ATTRIBUTE]: { N: String(expiresAt) },
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (err) {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        }
      }),
    );
  };

  return {
    add: (recipient, n) => addAll([{ recipient, n }]),
    addAll,

    async list(reader, { cursor, limit }) {
      const { sub, org, groups = [] } = reader;
      const before = cursor ? decodeBefore(await cursors.open(cursor, FEED_CURSOR)) : undefined;
      const feeds = [feedPartition({ sub, org }), ...groups.map((group) => feedPartition({ group }))];
      const pages = await Promise.all(feeds.map((pk) => queryFeed(pk, before, limit)));
      // The reader's own feed first, so that an event told both to them and to their team (same sort
      // key: the event's time and id) is shown once, as their own item.
      const seen = new Set<string>();
      const merged = pages
        .flat()
        .filter((x) => !seen.has(x.sk) && seen.add(x.sk))
        .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0));
      const shown = merged.slice(0, limit);
      const more = merged.length > limit;
      const last = shown.at(-1);
      return {
        items: shown.map((x) => x.n),
        nextCursor: more && last ? await cursors.seal(last.sk, FEED_CURSOR) : undefined,
      };
    },
  };
}

/** What a feed's cursor is bound to (a cursor of another list does not open here). */
const FEED_CURSOR = 'feed';

function decodeBefore(sk: string): string {
  if (!/^NOTE#[0-9TZ:.+-]+#[A-Za-z0-9._:-]{1,128}$/.test(sk)) {
    throw new DomainError('invalid_input', 'The cursor is not valid for this list.', 'cursor');
  }
  return sk;
}
