import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localDynamoClient } from '../../local/dynamodb.ts';
import { ensureTable } from '../../local/ensure-table.ts';

export interface TestTable {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly endpoint: string;
}

/**
 * A fresh table in the run's DynamoDB Local (see dynamo-global-setup.ts), built from the same
 * definition as the real one (createTableInput, TTL on). Call it in `beforeAll`: one table per file.
 */
export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  if (!endpoint)
    throw new Error(inject('dynamoUnavailable') || 'DynamoDB Local is not running for this test run');
  const safe = prefix.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 100);
  const tableName = `${safe}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const dynamo = localDynamoClient(endpoint);
  await ensureTable(dynamo, tableName);
  return { dynamo, tableName, endpoint };
}
