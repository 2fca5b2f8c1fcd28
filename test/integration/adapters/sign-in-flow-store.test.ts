import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSignInFlowStore } from '../../../functions/adapters/dynamo/sign-in-flow-store.ts';
import { createTestTable } from '../../support/table.ts';

let dynamo: DynamoDBClient;
let tableName: string;
beforeAll(async () => {
  ({ dynamo, tableName } = await createTestTable('sign-in-flows'));
});

const FLOW = {
  state: 'state-0123456789abcdef',
  nonce: 'nonce-0123456789abcdef',
  codeVerifier: 'v'.repeat(43),
  next: '/app/board',
};

describe('sign-in attempts on the table', () => {
  it('gives an attempt back once, to the id its browser holds, which the table never sees', async () => {
    const flows = createSignInFlowStore(dynamo, tableName);
    const id = await flows.begin(FLOW);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const items = (await dynamo.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain(id);
    expect(await flows.take(id)).toEqual(FLOW);
    expect(await flows.take(id)).toBeUndefined();
    expect(await flows.take('not-an-id')).toBeUndefined();
  });

  it('forgets an attempt after its minutes', async () => {
    let now = 1_800_000_000_000;
    const flows = createSignInFlowStore(dynamo, tableName, { ttlSeconds: 600, now: () => now });
    const id = await flows.begin(FLOW);
    now += 600_000;
    expect(await flows.take(id)).toBeUndefined();
  });
});
