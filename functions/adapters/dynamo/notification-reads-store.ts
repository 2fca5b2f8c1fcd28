import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { NotificationReads } from '../../ports/notification-reads.ts';
import { feedPartition } from './keys.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

/** Kept as long as the feed items it marks (a year after the last change). */
const KEEP_SECONDS = 365 * 24 * 3600;
/** Ids marked one by one are capped: a reader who reads item by item for a year stays well below. */
const MAX_IDS = 2000;

/**
 * One item per reader, in their own feed's partition (`USER#<org>#<sub>`, sk `READS`): the instant up to
 * which everything is read, and the ids read one by one. The feed's Query reads `NOTE#…` only, so this
 * item never shows as a notification. One GetItem per feed page.
 */
export function createNotificationReads(
  client: DynamoDBClient,
  tableName: string,
  now: () => Date,
): NotificationReads {
  const key = (reader: { sub: string; org: string }) => ({
    [KEY.pk]: { S: feedPartition(reader) },
    [KEY.sk]: { S: 'READS' },
  });
  const expiresAt = () => ({ N: String(Math.floor(now().getTime() / 1000) + KEEP_SECONDS) });

  return {
    async marks(reader) {
      const out = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(reader), ConsistentRead: true }),
      );
      const upTo = out.Item?.upTo?.S;
      return { ...(upTo ? { upTo } : {}), ids: new Set(out.Item?.ids?.SS ?? []) };
    },

    async markIds(reader, ids) {
      if (ids.length === 0) return;
      const current = await this.marks(reader);
      if (current.ids.size + ids.length > MAX_IDS) {
        // Past the cap, the oldest marks matter least: start the set again from these ids.
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(reader),
            UpdateExpression: 'SET ids = :ids, #ttl = :ttl, #type = :type',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#type': 'type' },
            ExpressionAttributeValues: {
              ':ids': { SS: [...new Set(ids)] },
              ':ttl': expiresAt(),
              ':type': { S: 'notification-reads' },
            },
          }),
        );
        return;
      }
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(reader),
          UpdateExpression: 'ADD ids :ids SET #ttl = :ttl, #type = :type',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#type': 'type' },
          ExpressionAttributeValues: {
            ':ids': { SS: [...new Set(ids)] },
            ':ttl': expiresAt(),
            ':type': { S: 'notification-reads' },
          },
        }),
      );
    },

    async markBefore(reader, before) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(reader),
            UpdateExpression: 'SET upTo = :upTo, #ttl = :ttl, #type = :type',
            // Two tabs marking at once: the later mark wins, an earlier one never undoes it.
            ConditionExpression: 'attribute_not_exists(upTo) OR upTo < :upTo',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#type': 'type' },
            ExpressionAttributeValues: {
              ':upTo': { S: before },
              ':ttl': expiresAt(),
              ':type': { S: 'notification-reads' },
            },
          }),
        );
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    },
  };
}
