import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fixture from '../../fixtures/dynamodb-stream-batch.json' with { type: 'json' };

const eventBridge = mockClient(EventBridgeClient);

describe('publish handler', () => {
  beforeEach(() => {
    eventBridge.reset();
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('publishes a stream batch to the configured bus and returns the partial batch response', async () => {
    vi.stubEnv('EVENT_BUS_NAME', 'relais-bus');
    vi.stubEnv('LOG_LEVEL', 'warn');
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const { handler } = await import('../../../functions/publish/index.ts');

    const event = structuredClone(fixture) as DynamoDBStreamEvent;
    const response = await handler(event, {} as Context);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[3]!.dynamodb!.SequenceNumber }],
    });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(3);
    expect(calls.flatMap((c) => c.args[0].input.Entries!.map((e) => e.EventBusName))).toEqual(
      Array(4).fill('relais-bus'),
    );
  });

  it('fails at cold start without a bus name', async () => {
    vi.stubEnv('EVENT_BUS_NAME', '');
    await expect(import('../../../functions/publish/index.ts')).rejects.toThrow(/EVENT_BUS_NAME/);
  });
});
