import { type DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Specialist } from '../../../domain/directory/model.ts';
import type { SpecialistStore } from '../../../domain/ports.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { INDEX, KEY } from './table.ts';

/** The directory partition on the byOrg index: the whole directory, listed without a Scan. */
const DIRECTORY = 'DIRECTORY#SPECIALISTS';

const key = (id: string) => ({ [KEY.pk]: { S: `SPEC#${id}` }, [KEY.sk]: { S: 'SPEC' } });
const parse = (item: Record<string, { S?: string }> | undefined) =>
  item?.data?.S ? (JSON.parse(item.data.S) as Specialist) : undefined;

/** The specialists directory. Small (hundreds of entries), read on every offer, written by coordinators. */
export function createSpecialistStore(client: DynamoDBClient, tableName: string): SpecialistStore {
  return {
    async get(id) {
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key: key(id) }));
      return parse(out.Item);
    },

    async put(s) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(s.id),
            type: { S: 'specialist' },
            data: { S: JSON.stringify(s) },
            [INDEX.bySpecialty.pk]: { S: s.specialty },
            [INDEX.bySpecialty.sk]: { S: s.id },
            [INDEX.byOrg.pk]: { S: DIRECTORY },
            [INDEX.byOrg.sk]: { S: `${s.specialty}#${s.id}` },
          },
        }),
      );
    },

    async listBySpecialty(specialty) {
      const items: Specialist[] = [];
      let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
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
        for (const i of out.Items ?? []) {
          const s = parse(i);
          if (s) items.push(s);
        }
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
      const items = (out.Items ?? []).map(parse).filter((s): s is Specialist => s !== undefined);
      return { items, nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
    },
  };
}
