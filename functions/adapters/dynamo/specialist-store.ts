import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import type { Specialist } from '../../../domain/directory/model.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { SpecialistStore } from '../../../domain/ports.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { specialistKey as key } from './keys.ts';
import { type DecodeOptions, decodeItem, storedSpecialist } from './stored.ts';
import { INDEX, KEY } from './table.ts';

/** The directory partition on the byOrg index: the whole directory, listed without a Scan. */
const DIRECTORY = 'DIRECTORY#SPECIALISTS';

/** The specialists directory. Small (hundreds of entries), read on every offer, written by coordinators. */
export function createSpecialistStore(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions = {},
): SpecialistStore {
  const parse = (item: Record<string, AttributeValue>): Specialist =>
    decodeItem(storedSpecialist, 'specialist', item, options);
  return {
    async get(id) {
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key: key(id) }));
      return out.Item ? parse(out.Item) : undefined;
    },

    async put(s) {
      await client.send(new PutItemCommand({ TableName: tableName, Item: itemOf(s) }));
    },

    async save(s, expectedVersion) {
      // An item written before versions were kept has no `version` attribute: it is at version 1.
      const unversioned = expectedVersion === 1 ? ' OR attribute_not_exists(#v)' : '';
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: itemOf(s),
            ConditionExpression: `attribute_exists(#pk) AND (#v = :v${unversioned})`,
            ExpressionAttributeNames: { '#pk': KEY.pk, '#v': 'version' },
            ExpressionAttributeValues: { ':v': { N: String(expectedVersion) } },
          }),
        );
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) {
          throw new DomainError('conflict', 'The specialist has changed since you read it (If-Match).');
        }
        throw err;
      }
    },

    async listBySpecialty(specialty) {
      const items: Specialist[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.bySpecialty.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': INDEX.bySpecialty.pk },
            ExpressionAttributeValues: { ':pk': { S: specialty } },
            ExclusiveStartKey: start,
          }),
        );
        for (const i of out.Items ?? []) items.push(parse(i));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },

    async list({ cursor, limit, specialty }) {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEX.byOrg.name,
          KeyConditionExpression: specialty ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
          ExpressionAttributeNames: specialty
            ? { '#pk': INDEX.byOrg.pk, '#sk': INDEX.byOrg.sk }
            : { '#pk': INDEX.byOrg.pk },
          ExpressionAttributeValues: specialty
            ? { ':pk': { S: DIRECTORY }, ':prefix': { S: `${specialty}#` } }
            : { ':pk': { S: DIRECTORY } },
          Limit: limit,
          ExclusiveStartKey: cursor ? decodeCursor(cursor, INDEX.byOrg, DIRECTORY) : undefined,
        }),
      );
      const items = (out.Items ?? []).map(parse);
      return { items, nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
    },
  };
}

/** The stored item: the entry as JSON, its indexes, and its version as an attribute for conditions. */
function itemOf(s: Specialist): Record<string, AttributeValue> {
  return {
    ...key(s.id),
    type: { S: 'specialist' },
    data: { S: JSON.stringify(s) },
    ...(s.version !== undefined ? { version: { N: String(s.version) } } : {}),
    [INDEX.bySpecialty.pk]: { S: s.specialty },
    [INDEX.bySpecialty.sk]: { S: s.id },
    [INDEX.byOrg.pk]: { S: DIRECTORY },
    [INDEX.byOrg.sk]: { S: `${s.specialty}#${s.id}` },
  };
}
