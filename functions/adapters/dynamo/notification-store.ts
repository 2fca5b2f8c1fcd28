import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import type { Notification, NotificationStore } from '../../../domain/ports.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

/** Feeds are kept a year: long enough to look back, short enough not to become an archive. */
const KEEP_SECONDS = 365 * 24 * 3600;

/**
 * Staff feeds: pk `USER#<sub>`, sk `NOTE#<at>#<eventId>`. The sort key holds the event id, so the same
 * event delivered twice writes the same item once (conditional put), whatever the consumer retries.
 */
export function createNotificationStore(client: DynamoDBClient, tableName: string): NotificationStore {
  return {
    async add(recipient, n) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              [KEY.pk]: { S: `USER#${recipient.sub}` },
              [KEY.sk]: { S: `NOTE#${n.at}#${n.eventId}` },
              type: { S: 'notification' },
              org: { S: recipient.org },
              data: { S: JSON.stringify(n) },
              [TTL_ATTRIBUTE]: { N: String(Math.floor(Date.parse(n.at) / 1000) + KEEP_SECONDS) },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    },

    async list(sub, { cursor, limit }) {
      const pk = `USER#${sub}`;
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
          ExpressionAttributeValues: { ':pk': { S: pk }, ':note': { S: 'NOTE#' } },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: cursor ? decodeCursor(cursor, { [KEY.pk]: pk }) : undefined,
        }),
      );
      return {
        items: (out.Items ?? []).map((i) => JSON.parse(i.data?.S ?? '{}') as Notification),
        nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
      };
    },
  };
}
