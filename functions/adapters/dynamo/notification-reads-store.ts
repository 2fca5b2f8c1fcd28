import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { NotificationReads } from '../../ports/notification-reads.ts';
import { feedPartition } from './keys.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

/** Kept as long as the feed items they mark (a year). */
const KEEP_SECONDS = 365 * 24 * 3600;

/**
 * Read marks live in the reader's own feed partition (`USER#<org>#<sub>`), beside their feed items, which
 * the feed's Query reads by their `NOTE#` prefix only: `READS#UPTO` holds the instant up to which
 * everything is read, `READ#<id>` marks one item. Puts only (the api writes whole items, no Update:
 * infra/table-access.ts); reading a page costs one GetItem and one BatchGet of the page's newer items.
 */
export function createNotificationReads(
  client: DynamoDBClient,
  tableName: string,
  now: () => Date,
): NotificationReads {
  const key = (reader: { sub: string; org: string }, sk: string): Record<string, AttributeValue> => ({
    [KEY.pk]: { S: feedPartition(reader) },
    [KEY.sk]: { S: sk },
  });
  const expiresAt = () => ({ N: String(Math.floor(now().getTime() / 1000) + KEEP_SECONDS) });
  const upToOf = async (reader: { sub: string; org: string }) =>
    (await client.send(new GetItemCommand({ TableName: tableName, Key: key(reader, 'READS#UPTO') }))).Item
      ?.upTo?.S;

  return {
    async readOf(reader, items) {
      const upTo = await upToOf(reader);
      const read = new Set(items.filter((n) => upTo !== undefined && n.at <= upTo).map((n) => n.id));
      const rest = [...new Set(items.filter((n) => !read.has(n.id)).map((n) => n.id))];
      for (let i = 0; i < rest.length; i += 100) {
        let keys: Record<string, AttributeValue>[] | undefined = rest
          .slice(i, i + 100)
          .map((id) => key(reader, `READ#${id}`));
        // Unprocessed keys (throttling) are asked again until none is left.
        while (keys && keys.length > 0) {
          const out: BatchGetItemCommandOutput = await client.send(
            new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
          );
          for (const item of out.Responses?.[tableName] ?? []) {
            const sk = item[KEY.sk]?.S;
            if (sk) read.add(sk.slice('READ#'.length));
          }
          keys = out.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return read;
    },

    async markIds(reader, ids) {
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += 100) {
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: unique.slice(i, i + 100).map((id) => ({
              Put: {
                TableName: tableName,
                Item: {
                  ...key(reader, `READ#${id}`),
                  type: { S: 'notification-read' },
                  [TTL_ATTRIBUTE]: expiresAt(),
                },
              },
            })),
          }),
        );
      }
    },

    async markBefore(reader, before) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...key(reader, 'READS#UPTO'),
              type: { S: 'notification-reads' },
              upTo: { S: before },
              [TTL_ATTRIBUTE]: expiresAt(),
            },
            // Two tabs marking at once: the later mark wins, an earlier one never undoes it.
            ConditionExpression: 'attribute_not_exists(upTo) OR upTo < :upTo',
            ExpressionAttributeValues: { ':upTo': { S: before } },
          }),
        );
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    },
  };
}
