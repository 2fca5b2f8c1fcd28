import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TTL_ATTRIBUTE } from '../functions/adapters/dynamo/table.ts';

/**
 * Makes the table exist as functions/adapters/dynamo/table.ts defines it (the definition the CDK stack
 * uses too): creates it when missing, adds indexes or the stream a table from an older version lacks,
 * waits until it and its indexes are ACTIVE, and turns TTL on.
 */
export async function ensureTable(
  dynamo: DynamoDBClient,
  tableName: string,
  options: { timeoutMs?: number } = {},
): Promise<{ created: boolean }> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const input = createTableInput(tableName);
  let created = false;
  let table = await describe(dynamo, tableName);
  if (!table) {
    try {
      await dynamo.send(new CreateTableCommand(input));
      created = true;
    } catch (err) {
      // created by someone else meanwhile (two starts at once): fine
      if (!(err instanceof ResourceInUseException)) throw err;
    }
  }
  table = await waitActive(dynamo, tableName, deadline);

  if (!table.StreamSpecification?.StreamEnabled) {
    await dynamo.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: input.StreamSpecification }),
    );
    table = await waitActive(dynamo, tableName, deadline);
  }
  // One index per UpdateTable, as DynamoDB requires.
  for (const index of input.GlobalSecondaryIndexes) {
    if (table.GlobalSecondaryIndexes?.some((g) => g.IndexName === index.IndexName)) continue;
    await dynamo.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    table = await waitActive(dynamo, tableName, deadline);
  }

  const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE },
      }),
    );
  }
  return { created };
}

async function describe(dynamo: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

async function waitActive(
  dynamo: DynamoDBClient,
  tableName: string,
  deadline: number,
): Promise<TableDescription> {
  for (;;) {
    const table = await describe(dynamo, tableName);
    if (
      table?.TableStatus === 'ACTIVE' &&
      (table.GlobalSecondaryIndexes ?? []).every(
        (g) => g.IndexStatus === undefined || g.IndexStatus === 'ACTIVE',
      )
    ) {
      return table;
    }
    if (Date.now() > deadline) throw new Error(`Table ${tableName} is not ACTIVE in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
