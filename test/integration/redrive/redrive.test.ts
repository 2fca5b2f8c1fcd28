import { readFileSync } from 'node:fs';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { EVENT_SOURCE } from '../../../events/envelope.ts';
import { outboxTextOf } from '../../../functions/adapters/dynamo/outbox.ts';
import { createEventBridgeBus } from '../../../functions/adapters/eventbridge/event-bus.ts';
import { consumerHandler } from '../../../functions/consumers/lambda-handler.ts';
import { NOTIFY_CONSUMERS } from '../../../functions/consumers/notify-group.ts';
import { PROJECT_CONSUMERS } from '../../../functions/consumers/project-group.ts';
import { PUBLISH_FAILURE_KIND } from '../../../functions/ports/publish-failures.ts';
import { SWEEP_SCHEDULE_SOURCE } from '../../../infra/constructs/sweeper.ts';
import { type RedriveQueue, redrive } from '../../../infra/tools/redrive/replay.ts';
import { replayTo } from '../../../infra/tools/redrive/replay-to.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';
import { MDM } from '../links/support.ts';

/*
 * `npm run redrive`: a poisoned message of each kind of dead-letter queue is replayed into DynamoDB
 * Local, through the real consumers, and nothing is sent twice. SQS and EventBridge have no local twin:
 * their clients are mocked (SQS as a small in-memory queue, PutEvents delivering each entry to the real
 * notify and project consumers, as the rules would); the table, the consumers, the bounces logic and the
 * sweep are real.
 */

const sqsMock = mockClient(SQSClient);
const eventBridgeMock = mockClient(EventBridgeClient);
const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/relais-test-x-dlq';

/** An SQS queue in memory: a received message stays hidden until deleted (a long visibility timeout). */
function fakeQueue(bodies: readonly unknown[]) {
  let next = 0;
  const messages = new Map<string, Message & { hidden: boolean }>();
  const add = (body: unknown) => {
    next += 1;
    const id = `m-${next}`;
    messages.set(id, { MessageId: id, ReceiptHandle: `rh-${id}`, Body: JSON.stringify(body), hidden: false });
  };
  for (const body of bodies) add(body);
  sqsMock.on(ReceiveMessageCommand).callsFake((input: { MaxNumberOfMessages?: number }) => {
    const visible = [...messages.values()].filter((m) => !m.hidden).slice(0, input.MaxNumberOfMessages ?? 1);
    for (const m of visible) m.hidden = true;
    return { Messages: visible.map(({ hidden: _, ...m }) => m) };
  });
  sqsMock.on(DeleteMessageCommand).callsFake((input: { ReceiptHandle?: string }) => {
    for (const [id, m] of messages) if (m.ReceiptHandle === input.ReceiptHandle) messages.delete(id);
    return {};
  });
  return {
    add,
    /** What is left, visible again (as after the visibility timeout). */
    left() {
      for (const m of messages.values()) m.hidden = false;
      return [...messages.values()].map((m) => JSON.parse(m.Body!) as unknown);
    },
  };
}

let h: Harness;
let replay: ReturnType<typeof replayTo>;
let dynamo: ReturnType<typeof localDynamoClient>;

beforeAll(async () => {
  h = await createHarness('redrive');
  await h.deps.organisations.put(MDM);
  for (let i = 0; i < 3; i++) {
    await h.deps.specialists.put(
      specialist({
        id: `eye-${i}`,
        email: `eye${i}@clinic.example`,
        createdAt: `2026-01-0${i + 1}T00:00:00Z`,
      }),
    );
  }
  dynamo = localDynamoClient(inject('dynamoEndpoint'));
  // The rules of the bus: every entry PutEvents takes goes to the notify and project consumers.
  const groups = [NOTIFY_CONSUMERS, PROJECT_CONSUMERS].map((consumers, i) =>
    consumerHandler({
      group: i === 0 ? 'notify' : 'project',
      consumers,
      deps: h.deps,
      dynamo,
      tableName: h.tableName,
    }),
  );
  replay = replayTo({
    bus: createEventBridgeBus(new EventBridgeClient({ region: 'eu-central-1' }), 'relais-test'),
    deps: h.deps,
    dynamo,
    tableName: h.tableName,
  });
  eventBridgeMock
    .on(PutEventsCommand)
    .callsFake(async (input: { Entries: { DetailType: string; Detail: string }[] }) => {
      for (const [n, entry] of input.Entries.entries()) {
        const delivery = deliveryOf(JSON.parse(entry.Detail), `replayed-${n}`);
        for (const group of groups) await group(delivery, {} as never);
      }
      return { FailedEntryCount: 0, Entries: input.Entries.map((_, n) => ({ EventId: `e-${n}` })) };
    });
});
afterEach(() => {
  sqsMock.reset();
});

/** An EventBridge delivery of a Relais event, as a rule target (and so its DLQ) gets it. */
function deliveryOf(detail: { type: string }, id = 'delivery-1'): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id,
    source: EVENT_SOURCE,
    'detail-type': detail.type,
    account: '123456789012',
    time: '2026-11-25T09:00:00Z',
    region: 'eu-central-1',
    resources: [],
    detail,
  };
}

/** A Lambda on-failure destination's record of an asynchronous invocation that failed. */
const onFailureRecord = (payload: unknown) => ({
  version: '1.0',
  timestamp: '2026-11-25T09:05:00.000Z',
  requestContext: {
    requestId: 'req-1',
    functionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:relais-test-notify:$LATEST',
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: payload,
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'ThrottlingException', errorMessage: 'Maximum sending rate exceeded.' },
});

async function openReferral(pseudonym: string) {
  const res = await h.call('POST', '/v1/referrals', { body: openBody({ pseudonym }) });
  expect(res.status).toBe(201);
  return (await res.json()) as {
    id: string;
    version: number;
    offers: { specialistId: string; expiresAt: string }[];
  };
}

/** The item's outbox, as the stream carried it. */
async function outboxOf(referralId: string): Promise<{ type: string }[]> {
  const out = await dynamo.send(
    new GetItemCommand({ TableName: h.tableName, Key: { pk: { S: `REF#${referralId}` }, sk: { S: 'REF' } } }),
  );
  return JSON.parse(outboxTextOf(out.Item)!) as { type: string }[];
}

const offerEmailsTo = (address: string) => h.sent.filter((m) => m.to === address).length;
const run = (queue: RedriveQueue) =>
  redrive({ sqs: new SQSClient({ region: 'eu-central-1' }), queueUrl: QUEUE_URL, queue, replay });

describe('npm run redrive', () => {
  it("replays a consumer's event from the rule's DLQ and the on-failure record, sending the email once", async () => {
    const opened = await openReferral('REDRIVE-1');
    const offer = (await outboxOf(opened.id)).find((e) => e.type === 'offer.sent')!;
    const to = `${(offer as unknown as { data: { specialistId: string } }).data.specialistId.replace('eye-', 'eye')}@clinic.example`;
    expect(offerEmailsTo(to)).toBe(0);
    // The same failed event, from both paths of the notify function, and a message that is no event.
    const queue = fakeQueue([deliveryOf(offer), onFailureRecord(deliveryOf(offer)), { source: 'elsewhere' }]);

    const outcome = await run('notify');

    expect(outcome.replayed).toBe(2);
    expect(outcome.kept).toEqual([
      { messageId: 'm-3', reason: expect.stringMatching(/^not a Relais event/) },
    ]);
    expect(offerEmailsTo(to)).toBe(1);
    expect(queue.left()).toEqual([{ source: 'elsewhere' }]);

    // A delete that was lost: the message comes again, and is replayed again without a second email.
    queue.add(deliveryOf(offer));
    expect((await run('notify')).replayed).toBe(1);
    expect(offerEmailsTo(to)).toBe(1);
  });

  it("replays the publisher's note from the table's outbox, or from the note once the item moved on", async () => {
    const opened = await openReferral('REDRIVE-2');
    const events = await outboxOf(opened.id);
    const offered = opened.offers.map((o) => `${o.specialistId.replace('eye-', 'eye')}@clinic.example`);
    const before = offered.map(offerEmailsTo);
    const note = (version: number, withEvents: boolean) => ({
      kind: PUBLISH_FAILURE_KIND,
      reason: withEvents ? 'publish-failed' : 'unreadable-outbox',
      key: { pk: `REF#${opened.id}`, sk: 'REF' },
      version,
      eventID: 'stream-1',
      sequenceNumber: '100',
      ...(withEvents ? { events } : {}),
    });
    const queue = fakeQueue([note(opened.version, false)]);

    expect(await run('publish')).toEqual({ replayed: 1, kept: [] });
    expect(offered.map(offerEmailsTo)).toEqual(before.map((n) => n + 1));

    // An older version of the item: its outbox is gone from the table, the note kept the events.
    queue.add(note(opened.version - 1, true));
    queue.add(note(opened.version - 1, false));
    const outcome = await run('publish');
    expect(outcome.replayed).toBe(1);
    expect(outcome.kept).toEqual([
      { messageId: expect.any(String), reason: 'the item has moved on and the note holds no events' },
    ]);
    expect(offered.map(offerEmailsTo)).toEqual(before.map((n) => n + 1));
  });

  it("records the access entry a publisher's note carried, once however often it is replayed", async () => {
    const opened = await openReferral('REDRIVE-3');
    const events = await outboxOf(opened.id);
    const opening = async () =>
      (await h.deps.accessLog.list(opened.id, { limit: 50 })).items.filter(
        (e) => e.action === 'referral.opened',
      );
    // No publisher runs here: the opening's entry is still only on its write.
    expect(await opening()).toEqual([]);
    const note = {
      kind: PUBLISH_FAILURE_KIND,
      reason: 'publish-failed',
      key: { pk: `REF#${opened.id}`, sk: 'REF' },
      version: opened.version,
      eventID: 'stream-3',
      sequenceNumber: '300',
      events,
      route: 'POST /v1/referrals',
    };
    fakeQueue([note, note]);

    expect(await run('publish')).toEqual({ replayed: 2, kept: [] });
    expect(await opening()).toEqual([
      expect.objectContaining({
        referralId: opened.id,
        actor: { role: 'social_worker', id: 'social_worker-mdm-lu' },
        route: 'POST /v1/referrals',
      }),
    ]);
  });

  it('replays an SES bounce through the bounces logic: paused once, the offer withdrawn once', async () => {
    const opened = await openReferral('REDRIVE-3');
    const bounced = opened.offers[0]!.specialistId;
    const fixture = JSON.parse(
      readFileSync(new URL('../../fixtures/ses-bounce-permanent.json', import.meta.url), 'utf8'),
    ) as { detail: { bounce: Record<string, unknown> } };
    const bounce = {
      ...fixture,
      id: 'ses-redrive-1',
      detail: {
        ...fixture.detail,
        bounce: {
          ...fixture.detail.bounce,
          bouncedRecipients: [{ emailAddress: `${bounced.replace('eye-', 'eye')}@clinic.example` }],
        },
      },
    };
    fakeQueue([bounce, onFailureRecord(bounce)]);

    expect(await run('bounces')).toEqual({ replayed: 2, kept: [] });

    expect((await h.deps.specialists.get(bounced))?.pausedUntil).toBeDefined();
    const r = (await h.deps.store.get(opened.id))!;
    expect(r.offers.filter((o) => o.specialistId === bounced).map((o) => o.state)).toEqual(['withdrawn']);
    expect(r.timeline.filter((e) => e.action === 'offer.withdrawn')).toHaveLength(1);
  });

  it('runs one sweep for every failed run in the sweep queue, firing what was due once', async () => {
    const opened = await openReferral('REDRIVE-4');
    const expiry = opened.offers[0]!.expiresAt;
    h.clock.set(new Date(Date.parse(expiry) + 60_000));
    const schedule = { source: SWEEP_SCHEDULE_SOURCE };
    const queue = fakeQueue([schedule, onFailureRecord(schedule), schedule]);

    expect(await run('sweep')).toEqual({ replayed: 3, kept: [] });

    const r = (await h.deps.store.get(opened.id))!;
    expect(r.offers.filter((o) => o.expiresAt === expiry).every((o) => o.state !== 'pending')).toBe(true);
    expect(r.timeline.filter((e) => e.action === 'offer.expired').length).toBe(
      opened.offers.filter((o) => o.expiresAt === expiry).length,
    );
    expect(queue.left()).toEqual([]);
  });
});
