import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Organisation } from '../../../domain/directory/model.ts';
import type { OrganisationStore } from '../../../domain/ports.ts';
import { KEY } from './table.ts';

const key = (id: string) => ({ [KEY.pk]: { S: `ORG#${id}` }, [KEY.sk]: { S: 'ORG' } });

/** Organisations of the network: read to tell a specialist who refers and how to reach their desk. */
export function createOrganisationStore(client: DynamoDBClient, tableName: string): OrganisationStore {
  return {
    async get(id) {
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key: key(id) }));
      return out.Item?.data?.S ? (JSON.parse(out.Item.data.S) as Organisation) : undefined;
    },
    async put(o) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...key(o.id), type: { S: 'organisation' }, data: { S: JSON.stringify(o) } },
        }),
      );
    },
  };
}
