import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { localStreamsClient } from '../../../local/dynamodb.ts';
import { ensureTable } from '../../../local/ensure-table.ts';
import { createTestTable } from '../../support/table.ts';

/** The run's DynamoDB Local (test/support/dynamo-global-setup.ts), with a streams client. */
export interface EventsDynamo {
  readonly dynamo: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  /** A fresh table, with its own stream, from the one table definition: one per test keeps streams apart. */
  createTable(): Promise<string>;
  /** Releases the clients (DynamoDB Local itself belongs to the global setup). */
  close(): void;
}

export async function connectDynamoLocal(prefix: string): Promise<EventsDynamo> {
  const { dynamo, endpoint } = await createTestTable(prefix);
  const streams = localStreamsClient(endpoint);
  return {
    dynamo,
    streams,
    async createTable() {
      const tableName = `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      await ensureTable(dynamo, tableName);
      return tableName;
    },
    close() {
      dynamo.destroy();
      streams.destroy();
    },
  };
}
