import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../../../domain/ports.ts';
import { EVENT_TYPES, parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import { createSeenEvents } from '../../../functions/adapters/dynamo/seen-events.ts';
import type { Consumer, SeenEvents } from '../../../functions/consumers/dispatch.ts';
import { publishStreamRecords } from '../../../functions/publish/publish-stream-records.ts';
import { createInProcessBus } from '../../../local/in-process-bus.ts';
import {
  StreamBatchFailedError,
  type StreamReader,
  type StreamReaderOptions,
  startStreamReader,
} from '../../../local/stream-reader.ts';
import { recordingLogger } from '../../unit/publish/recording-logger.ts';
import { connectDynamoLocal, type EventsDynamo } from './dynamo-local.ts';

let local: EventsDynamo;
beforeAll(async () => {
  local = await connectDynamoLocal('events-stream');
});
afterAll(async () => {
  local?.close();
});

const readers: StreamReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.stop()));
});

const logger = recordingLogger();
function reader(
  table: string,
  handle: StreamReaderOptions['handle'],
  more: Partial<StreamReaderOptions> = {},
) {
  const r = startStreamReader({
    dynamo: local.dynamo,
    streams: local.streams,
    tableName: table,
    handle,
    logger,
    pollMs: 20,
    ...more,
  });
  readers.push(r);
  return r;
}

/* ---------- events and the writes that carry them, as the referral store makes them ---------- */

let ids = 0;
const envelope = (referralId: string, type: string, data: Record<string, unknown>) =>
  parseEvent({
    id: `evt-${String(++ids).padStart(5, '0')}`,
    type,
    version: 1,
    at: '2025-07-01T09:30:00.000Z',
    referralId,
    org: 'org-lyon-1',
    actor: { role: 'system', id: 'test' },
    data,
  });
const opened = (r: string) =>
  envelope(r, 'referral.opened', {
    specialty: 'ophthalmology',
    urgency: 'soon',
    accompanimentRequired: false,
  });
const offerSent = (r: string, n: number) =>
  envelope(r, 'offer.sent', {
    offerId: `off-${r}-${n}`,
    specialistId: `sp-${n}`,
    expiresAt: '2025-07-03T09:30:00.000Z',
  });
const scheduled = (r: string) =>
  envelope(r, 'appointment.scheduled', {
    offerId: `off-${r}-1`,
    specialistId: 'sp-1',
    at: '2025-07-08T14:00:00.000Z',
  });

const refKey = (id: string) => ({ pk: { S: `REF#${id}` }, sk: { S: 'REF' } });

async function createReferral(table: string, id: string, events: readonly RelaisEvent[]) {
  await local.dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: { ...refKey(id), version: { N: '1' }, outbox: { S: JSON.stringify(events) } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

async function transition(table: string, id: string, version: number, events: readonly RelaisEvent[]) {
  await local.dynamo.send(
    new UpdateItemCommand({
      TableName: table,
      Key: refKey(id),
      UpdateExpression: 'SET version = :next, outbox = :outbox',
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: {
        ':next': { N: String(version + 1) },
        ':expected': { N: String(version) },
        ':outbox': { S: JSON.stringify(events) },
      },
    }),
  );
}

/** Several referrals through a few transitions each, with unrelated writes in between. Returns the events. */
async function writeHistory(table: string, referrals: number): Promise<RelaisEvent[]> {
  const events: RelaisEvent[] = [];
  for (let i = 0; i < referrals; i++) {
    const id = `ref-${table}-${i}`;
    const steps = [[opened(id)], [offerSent(id, 1), offerSent(id, 2)], [scheduled(id)]];
    await createReferral(table, id, steps[0]!);
    events.push(...steps[0]!);
    await local.dynamo.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: `SPEC#sp-${i}` }, sk: { S: 'SPEC' } } }),
    );
    for (const [v, step] of steps.slice(1).entries()) {
      await transition(table, id, v + 1, step);
      events.push(...step);
    }
    // A write that changes no state produces no events: an empty outbox.
    await transition(table, id, steps.length, []);
  }
  return events;
}

/* ---------- consumers that count ---------- */

function counting(name = 'counter', handles: Consumer<unknown>['handles'] = EVENT_TYPES) {
  const delivered: RelaisEvent[] = [];
  const consumer: Consumer<unknown> = { name, handles, handle: async (e) => void delivered.push(e) };
  const counts = () => {
    const byId = new Map<string, number>();
    for (const e of delivered) byId.set(e.id, (byId.get(e.id) ?? 0) + 1);
    return byId;
  };
  return { consumer, delivered, counts };
}

function countingSeen(seen: SeenEvents): SeenEvents & { duplicates: string[] } {
  const duplicates: string[] = [];
  return {
    duplicates,
    async once(consumer, eventId, fn) {
      const outcome = await seen.once(consumer, eventId, fn);
      if (outcome === 'duplicate') duplicates.push(eventId);
      return outcome;
    },
    settle: (consumer, eventId) => seen.settle(consumer, eventId),
  };
}

// These items' writes carry no access entry (they are written here, outside any request): none recorded.
const noEntries = {
  recordOnce: async () => {
    throw new Error('no write here carries an access entry');
  },
};
const publisher = (bus: EventBus) => (event: DynamoDBStreamEvent) =>
  publishStreamRecords(event, bus, noEntries, logger);

function expectExactlyOnce(delivered: readonly RelaisEvent[], events: readonly RelaisEvent[]) {
  expect([...delivered].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    [...events].sort((a, b) => a.id.localeCompare(b.id)),
  );
}

describe('stream → publisher → in-process bus → consumers, on DynamoDB Local', () => {
  it('delivers every event of every transition exactly once, in order per referral', async () => {
    const table = await local.createTable();
    const events = await writeHistory(table, 3);
    const all = counting();
    const offers = counting('offers', ['offer.sent']);
    const seen = createSeenEvents(local.dynamo, table);
    const bus = createInProcessBus({ consumers: [all.consumer, offers.consumer], seen, deps: {}, logger });

    await reader(table, publisher(bus), { batchSize: 4 }).drain();

    expectExactlyOnce(all.delivered, events);
    expect([...all.counts().values()].every((n) => n === 1)).toBe(true);
    expectExactlyOnce(
      offers.delivered,
      events.filter((e) => e.type === 'offer.sent'),
    );
    for (const referralId of new Set(events.map((e) => e.referralId))) {
      const ids = (list: readonly RelaisEvent[]) =>
        list.filter((e) => e.referralId === referralId).map((e) => e.id);
      expect(ids(all.delivered)).toEqual(ids(events));
    }
  });

  it("hands the handler records in Lambda's shape", async () => {
    const table = await local.createTable();
    await local.dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: 'SPEC#sp-9' },
          sk: { S: 'SPEC' },
          photo: { B: new Uint8Array([1, 2, 3]) },
          langs: { L: [{ S: 'fr' }, { S: 'prs' }] },
          rota: { M: { mon: { BOOL: true } } },
        },
      }),
    );
    const batches: DynamoDBStreamEvent[] = [];

    await reader(table, async (e) => void batches.push(e)).drain();

    const [record] = batches.flatMap((b) => b.Records);
    expect(record).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: expect.any(String),
      eventSourceARN: expect.stringContaining(`table/${table}/stream/`),
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'SPEC#sp-9' }, sk: { S: 'SPEC' } },
        NewImage: {
          pk: { S: 'SPEC#sp-9' },
          sk: { S: 'SPEC' },
          photo: { B: 'AQID' },
          langs: { L: [{ S: 'fr' }, { S: 'prs' }] },
          rota: { M: { mon: { BOOL: true } } },
        },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
      },
    });
  });

  it('resumes after its checkpoint on restart, and never hands its own checkpoints to the handler', async () => {
    const table = await local.createTable();
    const before = await writeHistory(table, 2);
    const handled: string[] = [];
    const recordKeys = async (e: DynamoDBStreamEvent) => {
      handled.push(...e.Records.map((r) => r.dynamodb!.Keys!['pk']!.S!));
    };
    const first = reader(table, recordKeys);
    await first.drain();
    await first.stop();
    const handledBefore = handled.length;
    expect(handled.some((pk) => pk.startsWith('CKPT#'))).toBe(false);

    await createReferral(table, 'ref-after-restart', [opened('ref-after-restart')]);
    await reader(table, recordKeys).drain();

    expect(before.length).toBeGreaterThan(0);
    expect(handled.slice(handledBefore)).toEqual(['REF#ref-after-restart']);
  });

  it('THE CRASH TEST: a reader that published then died before its checkpoint; the next one delivers nothing twice', async () => {
    const table = await local.createTable();
    const events = await writeHistory(table, 4);
    const all = counting();
    const seen = countingSeen(createSeenEvents(local.dynamo, table));
    const bus = createInProcessBus({ consumers: [all.consumer], seen, deps: {}, logger });
    const publish = publisher(bus);

    const batches: string[][] = [];
    let dead = false;
    const crashing = reader(
      table,
      async (e) => {
        if (dead) throw new Error('the process is gone');
        const response = await publish(e);
        batches.push(e.Records.map((r) => r.eventID!));
        if (batches.length === 2) {
          dead = true;
          throw new Error('crash: published, not yet checkpointed');
        }
        return response;
      },
      { batchSize: 4 },
    );
    await expect(crashing.drain()).rejects.toThrow();
    await crashing.stop();
    const deliveredBeforeCrash = all.delivered.length;
    expect(deliveredBeforeCrash).toBeGreaterThan(0);
    expect(deliveredBeforeCrash).toBeLessThan(events.length);

    const handledAfterRestart: string[] = [];
    await reader(table, async (e) => {
      handledAfterRestart.push(...e.Records.map((r) => r.eventID!));
      return publish(e);
    }).drain();

    // Exactly once overall: the crashed batch came again, and the consumers skipped what they had done.
    expectExactlyOnce(all.delivered, events);
    expect(handledAfterRestart).toEqual(expect.arrayContaining(batches[1]!));
    expect(handledAfterRestart.filter((id) => batches[0]!.includes(id))).toEqual([]);
    expect(seen.duplicates.length).toBeGreaterThan(0);
    expect(new Set(seen.duplicates)).toEqual(
      new Set(all.delivered.slice(4, deliveredBeforeCrash).map((e) => e.id)),
    );
  });

  it('retries a batch whose consumer failed, from the failed record, without delivering twice', async () => {
    const table = await local.createTable();
    const events = await writeHistory(table, 3);
    const all = counting();
    const victim = events[4]!;
    let failures = 0;
    const flaky: Consumer<unknown> = {
      name: 'flaky',
      handles: EVENT_TYPES,
      async handle(e) {
        if (e.id === victim.id && failures++ < 2) throw new Error('SES throttled');
      },
    };
    const seen = createSeenEvents(local.dynamo, table);
    const bus = createInProcessBus({ consumers: [all.consumer, flaky], seen, deps: {}, logger });
    const r = reader(table, publisher(bus), { pollMs: 60_000 });

    await expect(r.drain()).rejects.toThrow(StreamBatchFailedError);
    await expect(r.drain()).rejects.toThrow(StreamBatchFailedError);
    await r.drain();

    expect(failures).toBe(3);
    expectExactlyOnce(all.delivered, events);
  });

  it('reports a poison record and still delivers the records after it; with maxAttempts it is dead-lettered', async () => {
    const table = await local.createTable();
    const good = [opened('ref-p1')];
    await createReferral(table, 'ref-p1', good);
    await local.dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...refKey('ref-poison'), version: { N: '1' }, outbox: { S: '[{"type":"referral.opened"}]' } },
      }),
    );
    const after = [opened('ref-p2')];
    await createReferral(table, 'ref-p2', after);
    const all = counting();
    const bus = createInProcessBus({
      consumers: [all.consumer],
      seen: createSeenEvents(local.dynamo, table),
      deps: {},
      logger,
    });
    const poisonLog = recordingLogger();
    const r = reader(table, (e) => publishStreamRecords(e, bus, noEntries, poisonLog), {
      maxAttempts: 3,
      pollMs: 60_000,
    });

    const failure = await r.drain().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamBatchFailedError);
    expect((failure as StreamBatchFailedError).failedSequenceNumbers).toHaveLength(1);
    expectExactlyOnce(all.delivered, [...good, ...after]);

    await expect(r.drain()).rejects.toThrow(StreamBatchFailedError);
    await expect(r.drain()).rejects.toThrow(StreamBatchFailedError);
    await r.drain();
    expectExactlyOnce(all.delivered, [...good, ...after]);
    expect(poisonLog.lines.filter((l) => l.level === 'error')).toHaveLength(3);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining('dead-lettered'),
        fields: expect.objectContaining({ attempts: 3 }),
      }),
    );
  });
});

describe('stream reader shards (streams API mocked, checkpoints on DynamoDB Local)', () => {
  const record = (sequence: string): _Record => ({
    eventID: `e-${sequence}`,
    eventName: 'INSERT',
    dynamodb: {
      Keys: { pk: { S: `REF#${sequence}` }, sk: { S: 'REF' } },
      NewImage: { pk: { S: `REF#${sequence}` }, sk: { S: 'REF' } },
      SequenceNumber: sequence,
      StreamViewType: 'NEW_IMAGE',
    },
  });

  it('reads a closed parent shard to its end before its child, and checkpoints both', async () => {
    const table = await local.createTable();
    const streams = new DynamoDBStreamsClient({ region: 'eu-west-1' });
    const mock = mockClient(streams);
    mock.on(DescribeStreamCommand).resolves({
      StreamDescription: {
        Shards: [
          {
            ShardId: 'shard-parent',
            SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '300' },
          },
          {
            ShardId: 'shard-child',
            ParentShardId: 'shard-parent',
            SequenceNumberRange: { StartingSequenceNumber: '400' },
          },
        ],
      },
    });
    mock.on(GetShardIteratorCommand).callsFake(({ ShardId, ShardIteratorType, SequenceNumber }) => ({
      ShardIterator: `${ShardId}@${ShardIteratorType === 'TRIM_HORIZON' ? 'start' : SequenceNumber}`,
    }));
    const shard: Record<string, { Records: _Record[]; NextShardIterator?: string }> = {
      'shard-parent@start': {
        Records: [record('100'), record('200')],
        NextShardIterator: 'shard-parent@200',
      },
      'shard-parent@200': { Records: [record('300')] }, // no next iterator: closed, read to its end
      'shard-child@start': { Records: [record('400')], NextShardIterator: 'shard-child@400' },
      'shard-child@400': { Records: [], NextShardIterator: 'shard-child@400' },
    };
    mock.on(GetRecordsCommand).callsFake(({ ShardIterator }) => shard[ShardIterator] ?? { Records: [] });
    const handled: string[][] = [];
    let parentFailedOnce = false;

    const r = startStreamReader({
      dynamo: local.dynamo,
      streams,
      tableName: table,
      logger,
      batchSize: 2,
      pollMs: 60_000,
      handle: async (e) => {
        const sequences = e.Records.map((x) => x.dynamodb!.SequenceNumber!);
        if (sequences.includes('300') && !parentFailedOnce) {
          parentFailedOnce = true;
          throw new Error('transient');
        }
        handled.push(sequences);
      },
    });
    readers.push(r);

    await expect(r.drain()).rejects.toThrow(StreamBatchFailedError);
    expect(handled).toEqual([['100', '200']]); // the child waits for its parent
    await r.drain();
    expect(handled).toEqual([['100', '200'], ['300'], ['400']]);

    const checkpoint = async (shardId: string) =>
      (
        await local.dynamo.send(
          new GetItemCommand({ TableName: table, Key: { pk: { S: `CKPT#${shardId}` }, sk: { S: 'CKPT' } } }),
        )
      ).Item;
    expect(await checkpoint('shard-parent')).toMatchObject({
      sequenceNumber: { S: '300' },
      closed: { BOOL: true },
    });
    expect(await checkpoint('shard-child')).toMatchObject({
      sequenceNumber: { S: '400' },
      closed: { BOOL: false },
    });
  });
});
