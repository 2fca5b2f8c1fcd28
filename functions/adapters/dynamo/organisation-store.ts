import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { OrganisationStore } from '../../../domain/ports.ts';
import { organisationKey as key } from './keys.ts';
import { type DecodeOptions, decodeItem, storedOrganisation } from './stored.ts';

/** Organisations of the network: read to tell a specialist who refers and how to reach their desk. */
export function createOrganisationStore(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions = {},
): OrganisationStore {
  return {
    async get(id) {
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key: key(id) }));
      return out.Item ? decodeItem(storedOrganisation, 'organisation', out.Item, options) : undefined;
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
