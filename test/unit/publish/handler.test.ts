import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fixture from '../../fixtures/dynamodb-stream-batch.json' with { type: 'json' };

const eventBridge = mockClient(EventBridgeClient);
const dynamo = mockClient(DynamoDBClient);

describe('publish handler', () => {
  beforeEach(() => {
    eventBridge.reset();
    dynamo.reset();
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('publishes a stream batch to the configured bus and returns the partial batch response', async () => {
    vi.stubEnv('EVENT_BUS_NAME', 'relais-bus');
    vi.stubEnv('TABLE_NAME', 'relais-table');
    vi.stubEnv('LOG_LEVEL', 'warn');
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    dynamo.on(PutItemCommand).resolves({});
    const { handler } = await import('../../../functions/publish/index.ts');

    const event = structuredClone(fixture) as DynamoDBStreamEvent;
    // The first record's write carried its access entry (the route of its request).
    event.Records[0]!.dynamodb!.NewImage!['route'] = { S: 'POST /v1/referrals' };
    const response = await handler(event, {} as Context);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[3]!.dynamodb!.SequenceNumber }],
    });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(3);
    expect(calls.flatMap((c) => c.args[0].input.Entries!.map((e) => e.EventBusName))).toEqual(
      Array(4).fill('relais-bus'),
    );
    // Its entry, into the referral's log on the configured table, once.
    const puts = dynamo.commandCalls(PutItemCommand);
    expect(puts).toHaveLength(1);
    const put = puts[0]!.args[0].input;
    expect(put.TableName).toBe('relais-table');
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put.Item?.['pk']).toEqual({ S: 'ACCESS#REF#ref-0001' });
    expect(JSON.parse(put.Item?.['data']?.S ?? '{}')).toMatchObject({
      action: 'referral.opened',
      route: 'POST /v1/referrals',
    });
  });

  it('fails at cold start without a table name', async () => {
    vi.stubEnv('EVENT_BUS_NAME', 'relais-bus');
    vi.stubEnv('TABLE_NAME', '');
    await expect(import('../../../functions/publish/index.ts')).rejects.toThrow(/TABLE_NAME/);
  });

  it('fails at cold start without a bus name', async () => {
    vi.stubEnv('EVENT_BUS_NAME', '');
    await expect(import('../../../functions/publish/index.ts')).rejects.toThrow(/EVENT_BUS_NAME/);
  });
});
