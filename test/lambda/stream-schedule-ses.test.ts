import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type {
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
  EventBridgeEvent,
  PreTokenGenerationV2TriggerEvent,
  ScheduledEvent,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_TYPES } from '../../events/catalog.ts';
import { createSpecialistStore } from '../../functions/adapters/dynamo/specialist-store.ts';
import { CONSUMER_GROUPS, detailTypesOf } from '../../functions/consumers/groups.ts';
import { CONSUMERS } from '../../functions/consumers/index.ts';
import { SES_BOUNCE_DETAIL_TYPES } from '../../infra/constructs/mailer.ts';
import { DEMO_SPECIALISTS } from '../../local/demo-network.ts';
import { createTestTable, type TestTable } from '../support/table.ts';
import { fixture, lambdaContext, seedNetwork, stubLambdaEnv } from './support.ts';

/*
 * The entry points fed by the stream, the scheduler, SES and Cognito, invoked with the shapes those
 * services send, on DynamoDB Local.
 */

const eventBridge = mockClient(EventBridgeClient);
let table: TestTable;

async function entry<T>(path: string, env: Record<string, string>): Promise<T> {
  vi.resetModules();
  vi.unstubAllEnvs();
  stubLambdaEnv(table, env);
  return ((await import(path)) as { handler: T }).handler;
}

beforeAll(async () => {
  table = await createTestTable('lambda-edges');
  await seedNetwork(table);
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('publish (DynamoDB stream → EventBridge)', () => {
  type Publish = (event: DynamoDBStreamEvent, context: unknown) => Promise<DynamoDBBatchResponse>;

  it('reports only the poison record, for the DLQ path, and publishes the records after it', async () => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const publish = await entry<Publish>('../../functions/publish/index.ts', {
      EVENT_BUS_NAME: 'relais-test-bus',
    });
    const batch = fixture<DynamoDBStreamEvent>('dynamodb-stream-batch-with-poison.json');
    const poison = batch.Records[1]!.dynamodb!.SequenceNumber!;

    const response = await publish(batch, lambdaContext('relais-publish'));

    // Lambda resumes from the lowest failure: with bisection and bounded retries the poison record
    // ends in the on-failure destination (test/infra pins the mapping) while the rest went through.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: poison }] });
    const published = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries!.map((e) => `${e.EventBusName} ${e.DetailType}`));
    expect(published).toEqual(['relais-test-bus referral.opened', 'relais-test-bus appointment.scheduled']);
  });

  it('reports the failed record and every one after it when EventBridge refuses, keeping their order', async () => {
    eventBridge.reset();
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] })
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    const publish = await entry<Publish>('../../functions/publish/index.ts', {
      EVENT_BUS_NAME: 'relais-test-bus',
    });
    const batch = fixture<DynamoDBStreamEvent>('dynamodb-stream-batch-with-poison.json');
    batch.Records.splice(1, 1);

    const response = await publish(batch, lambdaContext('relais-publish'));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      batch.Records[2]!.dynamodb!.SequenceNumber,
    ]);
  });
});

describe('sweep (EventBridge Scheduler, every minute)', () => {
  it('sweeps the due index of the table and says what it did', async () => {
    const sweep = await entry<(event: ScheduledEvent, context: unknown) => Promise<unknown>>(
      '../../functions/sweep/index.ts',
      {},
    );
    const summary = await sweep(fixture('scheduler-sweep.json'), lambdaContext('relais-sweep'));
    expect(summary).toEqual({ now: expect.any(String), fired: 0, conflicts: 0, failed: 0 });
  });
});

describe('bounces (SES via the default bus)', () => {
  type Bounces = (event: EventBridgeEvent<string, unknown>, context: unknown) => Promise<void>;
  const specialists = () => createSpecialistStore(table.dynamo, table.tableName);

  it('routes exactly the detail-types the function handles', async () => {
    await entry<unknown>('../../functions/bounces/index.ts', {});
    const mod = await import('../../functions/bounces/index.ts');
    expect([...mod.SES_DETAIL_TYPES]).toEqual([...SES_BOUNCE_DETAIL_TYPES]);
  });

  it('pauses a specialist whose mail bounced permanently, and one who complained', async () => {
    const bounces = await entry<Bounces>('../../functions/bounces/index.ts', {});
    const [bounced, complained] = [DEMO_SPECIALISTS[0]!, DEMO_SPECIALISTS[1]!];
    await bounces(fixture('ses-bounce-eventbridge.json', { recipient: bounced.email }), lambdaContext());
    await bounces(
      fixture('ses-complaint-eventbridge.json', { recipient: complained.email }),
      lambdaContext(),
    );
    expect((await specialists().get(bounced.id))?.pausedUntil).toBeDefined();
    expect((await specialists().get(complained.id))?.pausedUntil).toBeDefined();
  });

  it('ignores a recipient who is not in the directory', async () => {
    const bounces = await entry<Bounces>('../../functions/bounces/index.ts', {});
    await expect(
      bounces(fixture('ses-bounce-eventbridge.json', { recipient: 'desk@nowhere.example' }), lambdaContext()),
    ).resolves.toBeUndefined();
  });
});

describe('staff-claims (Cognito pre-token-generation, V2)', () => {
  it('puts the organisation and the Relais roles among the groups in the ID token', async () => {
    const { handler } = await import('../../functions/staff-claims/index.ts');
    const event = fixture<PreTokenGenerationV2TriggerEvent>('cognito-pre-token-generation-v2.json');
    const result = await handler(event);
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      idTokenGeneration: {
        claimsToAddOrOverride: { org: 'mdm-lu', roles: ['coordinator', 'social_worker'] },
      },
    });
  });

  it('adds nothing for a user without an organisation or a role (Relais then refuses the token)', async () => {
    const { handler } = await import('../../functions/staff-claims/index.ts');
    const event = fixture<PreTokenGenerationV2TriggerEvent>('cognito-pre-token-generation-v2.json');
    delete event.request.userAttributes['custom:org'];
    event.request.groupConfiguration.groupsToOverride = ['relais-beta-testers'];
    const result = await handler(event);
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: {} },
    });
  });
});

describe('consumer groups', () => {
  it('puts every consumer in exactly one Lambda function', () => {
    const grouped = [...CONSUMER_GROUPS.notify, ...CONSUMER_GROUPS.project].map((c) => c.name);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped].sort()).toEqual(CONSUMERS.map((c) => c.name).sort());
  });

  it('gives the mail-sending consumers to notify and the projections to project', () => {
    expect(CONSUMER_GROUPS.notify.map((c) => c.name)).toContain('send-offer-email');
    expect(CONSUMER_GROUPS.project.map((c) => c.name)).toContain('escalation-board');
    for (const group of ['notify', 'project'] as const) {
      for (const type of detailTypesOf(group)) expect(EVENT_TYPES).toContain(type);
    }
  });
});
