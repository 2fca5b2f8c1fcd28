import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { AccessEntry, EventBus } from '../../../domain/ports.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';
import { packedOutbox } from '../../../functions/adapters/dynamo/outbox.ts';
import { packJsonText } from '../../../functions/adapters/dynamo/packed-json.ts';
import type { PublishFailure, PublishFailures } from '../../../functions/ports/publish-failures.ts';
import {
  type CarriedEntryLog,
  publishStreamRecords,
} from '../../../functions/publish/publish-stream-records.ts';
import fixture from '../../fixtures/dynamodb-stream-batch.json' with { type: 'json' };
import { recordingLogger } from './recording-logger.ts';

const batch = (): DynamoDBStreamEvent => structuredClone(fixture) as DynamoDBStreamEvent;
const sequenceOf = (event: DynamoDBStreamEvent, index: number) =>
  event.Records[index]!.dynamodb!.SequenceNumber!;

function recordingBus(fail?: (call: number) => boolean): EventBus & { calls: RelaisEvent[][] } {
  const calls: RelaisEvent[][] = [];
  return {
    calls,
    async publish(events) {
      calls.push([...events]);
      if (fail?.(calls.length)) throw new Error('ThrottlingException');
    },
  };
}

/** The access log's side of the publisher: the entries writes carried, as recorded (entry and id). */
function recordingLog(fail?: (call: number) => boolean): CarriedEntryLog & {
  calls: { entry: AccessEntry; id: string }[];
} {
  const calls: { entry: AccessEntry; id: string }[] = [];
  return {
    calls,
    async recordOnce(entry, id) {
      calls.push({ entry, id });
      if (fail?.(calls.length)) throw new Error('ProvisionedThroughputExceededException');
    },
  };
}

const POISON = 3; // index of the fixture record whose outbox carries free text

/** The batch without its poison record, records 0 and 1 carrying their writes' access entries (routes). */
const carrying = (): DynamoDBStreamEvent => {
  const event = batch();
  event.Records.splice(POISON, 1);
  event.Records[0]!.dynamodb!.NewImage!['route'] = { S: 'POST /v1/referrals' };
  event.Records[1]!.dynamodb!.NewImage!['route'] = { S: 'POST /o/{token}/accept' };
  return event;
};

describe('publishStreamRecords', () => {
  it('publishes each outbox in stream order, one publish per record', async () => {
    const bus = recordingBus();
    const event = batch();
    event.Records.splice(POISON, 1);

    const response = await publishStreamRecords(event, bus, recordingLog(), recordingLogger());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(bus.calls.map((events) => events.map((e) => e.type))).toEqual([
      ['referral.opened'],
      ['offer.sent', 'offer.sent'],
      ['appointment.scheduled'],
    ]);
    expect(bus.calls[1]!.map((e) => e.data)).toEqual([
      expect.objectContaining({ offerId: 'off-0001' }),
      expect.objectContaining({ offerId: 'off-0002' }),
    ]);
  });

  it('skips items without an outbox, empty outboxes and removals', async () => {
    const bus = recordingBus();
    const skipped = {
      Records: batch().Records.filter((r) => [undefined, '[]'].includes(r.dynamodb?.NewImage?.['outbox']?.S)),
    };
    expect(skipped.Records.map((r) => r.eventName)).toEqual(['INSERT', 'INSERT', 'REMOVE', 'MODIFY']);

    expect(await publishStreamRecords(skipped, bus, recordingLog(), recordingLogger())).toEqual({
      batchItemFailures: [],
    });
    expect(bus.calls).toEqual([]);
  });

  it('publishes an old-shape record (its outbox JSON text) and a packed one alike, bytes or base64', async () => {
    const old = batch();
    old.Records.splice(POISON, 1);
    const packed = batch();
    packed.Records.splice(POISON, 1);
    for (const [i, record] of packed.Records.entries()) {
      const image = record.dynamodb?.NewImage;
      const events = image?.['outbox']?.S;
      const data = image?.['data']?.S;
      if (!image || events === undefined || data === undefined || events === '[]') continue;
      // As the SDK reads an item (local stream reader: bytes), and as Lambda delivers it (base64).
      const asBase64 = (v: { B?: Uint8Array }) => ({ B: Buffer.from(v.B!).toString('base64') });
      const outbox = packedOutbox(JSON.parse(events), data);
      const packedData = packJsonText(data);
      Object.assign(
        image,
        i % 2 ? { data: asBase64(packedData), outbox: asBase64(outbox) } : { data: packedData, outbox },
      );
    }
    const published = async (event: DynamoDBStreamEvent) => {
      const bus = recordingBus();
      expect(await publishStreamRecords(event, bus, recordingLog(), recordingLogger())).toEqual({
        batchItemFailures: [],
      });
      return bus.calls;
    };
    const fromOld = await published(old);
    expect(fromOld.flat().map((e) => e.type)).toEqual([
      'referral.opened',
      'offer.sent',
      'offer.sent',
      'appointment.scheduled',
    ]);
    expect(await published(packed)).toEqual(fromOld);
  });

  describe('the access entries writes carried', () => {
    it('records each, from its first event, under that event’s id, before its events go out', async () => {
      const order: string[] = [];
      const log = recordingLog();
      const response = await publishStreamRecords(
        carrying(),
        { publish: async (events) => void order.push(`bus ${events[0]!.type}`) },
        {
          async recordOnce(entry, id) {
            order.push(`log ${entry.action}`);
            await log.recordOnce(entry, id);
          },
        },
        recordingLogger(),
      );
      expect(response).toEqual({ batchItemFailures: [] });
      const event = batch();
      const firstEventOf = (i: number) => JSON.parse(event.Records[i]!.dynamodb!.NewImage!['outbox']!.S!)[0];
      expect(log.calls).toEqual([
        {
          id: firstEventOf(0).id,
          entry: {
            referralId: firstEventOf(0).referralId,
            org: firstEventOf(0).org,
            at: firstEventOf(0).at,
            actor: firstEventOf(0).actor,
            action: 'referral.opened',
            route: 'POST /v1/referrals',
          },
        },
        expect.objectContaining({
          id: firstEventOf(1).id,
          entry: expect.objectContaining({ action: 'offer.sent', route: 'POST /o/{token}/accept' }),
        }),
      ]);
      expect(order).toEqual([
        'log referral.opened',
        'bus referral.opened',
        'log offer.sent',
        'bus offer.sent',
        'bus appointment.scheduled',
      ]);
    });

    it('treats an entry that cannot be recorded as a refused publish: nothing after it goes out', async () => {
      const bus = recordingBus();
      const event = carrying();
      const response = await publishStreamRecords(
        event,
        bus,
        recordingLog((call) => call === 2),
        recordingLogger(),
      );
      expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
        event.Records.slice(1).map((r) => r.dynamodb!.SequenceNumber),
      );
      expect(bus.calls.map((events) => events[0]!.type)).toEqual(['referral.opened']);
    });
  });

  it('treats a packed outbox whose record is missing from the image as poison', async () => {
    const bus = recordingBus();
    const event = batch();
    const image = event.Records[0]!.dynamodb!.NewImage!;
    image['outbox'] = packedOutbox(JSON.parse(image['outbox']!.S!), image['data']!.S!) as never;
    delete image['data'];

    const response = await publishStreamRecords(event, bus, recordingLog(), recordingLogger());

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toContain(sequenceOf(event, 0));
    expect(bus.calls.flat().map((e) => e.type)).not.toContain('referral.opened');
  });

  it('reports a poison record by its sequence number while the others still publish', async () => {
    const bus = recordingBus();
    const event = batch();

    const response = await publishStreamRecords(event, bus, recordingLog(), recordingLogger());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(event, POISON) }] });
    expect(bus.calls.flat().map((e) => e.type)).toEqual([
      'referral.opened',
      'offer.sent',
      'offer.sent',
      'appointment.scheduled',
    ]);
  });

  it('logs only the eventID of a poison record, none of its content', async () => {
    const logger = recordingLogger();
    const event = batch();

    await publishStreamRecords(event, recordingBus(), recordingLog(), logger);

    expect(logger.lines).toEqual([
      { level: 'error', message: expect.any(String), fields: { eventID: event.Records[POISON]!.eventID } },
    ]);
    expect(JSON.stringify(logger.lines)).not.toMatch(/Fox-12|glaucoma|off-0003/);
  });

  it.each([
    ['not JSON', { S: 'not json' }],
    ['JSON but not an array', { S: '{"id":"e1"}' }],
    ['an unknown event type', { S: '[{"id":"e1","type":"referral.teleported"}]' }],
    ['not a string attribute', { N: '1' }],
  ])('treats an outbox that is %s as poison', async (_, outbox) => {
    const bus = recordingBus();
    const event = batch();
    event.Records[0]!.dynamodb!.NewImage!['outbox'] = outbox as { S: string };

    const response = await publishStreamRecords(event, bus, recordingLog(), recordingLogger());

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      sequenceOf(event, 0),
      sequenceOf(event, POISON),
    ]);
    expect(bus.calls.flat().map((e) => e.type)).not.toContain('referral.opened');
  });

  it('publishes none of the events of a record when one of them does not parse', async () => {
    const bus = recordingBus();
    const event = batch();
    const image = event.Records[1]!.dynamodb!.NewImage!;
    const [good, bad] = JSON.parse(image['outbox']!.S!) as Record<string, unknown>[];
    image['outbox'] = { S: JSON.stringify([good, { ...bad, data: {} }]) };

    const response = await publishStreamRecords(event, bus, recordingLog(), recordingLogger());

    expect(response.batchItemFailures).toContainEqual({ itemIdentifier: sequenceOf(event, 1) });
    expect(bus.calls.flat().filter((e) => e.type === 'offer.sent')).toEqual([]);
  });

  it('stops at a failed publish and reports that record and every later one, keeping stream order', async () => {
    const bus = recordingBus((call) => call === 2);
    const event = batch();

    const response = await publishStreamRecords(event, bus, recordingLog(), recordingLogger());

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      event.Records.slice(1).map((r) => r.dynamodb!.SequenceNumber),
    );
    expect(bus.calls.map((events) => events[0]!.type)).toEqual(['referral.opened', 'offer.sent']);
  });

  it('reports an empty batch as fully processed', async () => {
    expect(
      await publishStreamRecords({ Records: [] }, recordingBus(), recordingLog(), recordingLogger()),
    ).toEqual({
      batchItemFailures: [],
    });
  });

  describe('with a dead-letter queue for the records it gives up on', () => {
    const WRITTEN_MS = 1751362200 * 1000;
    function recordingFailures(fail = false): PublishFailures & { notes: PublishFailure[] } {
      const notes: PublishFailure[] = [];
      return {
        notes,
        async note(failure) {
          if (fail) throw new Error('AccessDenied');
          notes.push(failure);
        },
      };
    }

    it('notes a poison record with its item key and version, and no longer reports it', async () => {
      const failures = recordingFailures();
      const event = batch();

      const response = await publishStreamRecords(event, recordingBus(), recordingLog(), recordingLogger(), {
        failures,
      });

      expect(response).toEqual({ batchItemFailures: [] });
      expect(failures.notes).toEqual([
        {
          kind: 'relais.publish-failure',
          reason: 'unreadable-outbox',
          key: { pk: 'REF#ref-0002', sk: 'REF' },
          version: 5,
          eventID: event.Records[POISON]!.eventID,
          sequenceNumber: sequenceOf(event, POISON),
          writtenAt: new Date(WRITTEN_MS).toISOString(),
        },
      ]);
      expect(JSON.stringify(failures.notes)).not.toMatch(/Fox-12|glaucoma/);
    });

    it('keeps retrying a refused publish while the record is young, in stream order', async () => {
      const failures = recordingFailures();
      const event = batch();
      event.Records.splice(POISON, 1);

      const response = await publishStreamRecords(
        event,
        recordingBus((call) => call === 2),
        recordingLog(),
        recordingLogger(),
        {
          failures,
          now: () => WRITTEN_MS + 60_000,
        },
      );

      expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
        event.Records.slice(1).map((r) => r.dynamodb!.SequenceNumber),
      );
      expect(failures.notes).toEqual([]);
    });

    it('notes a record the bus still refuses after the give-up age, with its events, and goes on', async () => {
      const failures = recordingFailures();
      const bus = recordingBus((call) => call === 2);
      const event = batch();
      event.Records.splice(POISON, 1);

      const response = await publishStreamRecords(event, bus, recordingLog(), recordingLogger(), {
        failures,
        now: () => WRITTEN_MS + 16 * 60_000,
      });

      expect(response).toEqual({ batchItemFailures: [] });
      expect(failures.notes).toEqual([
        expect.objectContaining({
          reason: 'publish-failed',
          key: { pk: 'REF#ref-0001', sk: 'REF' },
          version: 2,
          events: [
            expect.objectContaining({ type: 'offer.sent' }),
            expect.objectContaining({ type: 'offer.sent' }),
          ],
        }),
      ]);
      expect(bus.calls.map((events) => events[0]!.type)).toEqual([
        'referral.opened',
        'offer.sent',
        'appointment.scheduled',
      ]);
    });

    it('reports the record as before when the note cannot be sent', async () => {
      const event = batch();

      const response = await publishStreamRecords(event, recordingBus(), recordingLog(), recordingLogger(), {
        failures: recordingFailures(true),
      });

      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(event, POISON) }] });
    });

    it('notes the route with the events of a record given up on, for the redrive to record its entry', async () => {
      const failures = recordingFailures();
      const response = await publishStreamRecords(
        carrying(),
        recordingBus(),
        recordingLog((call) => call === 2),
        recordingLogger(),
        {
          failures,
          now: () => WRITTEN_MS + 16 * 60_000,
        },
      );
      expect(response).toEqual({ batchItemFailures: [] });
      expect(failures.notes).toEqual([
        expect.objectContaining({
          reason: 'publish-failed',
          route: 'POST /o/{token}/accept',
          events: [expect.objectContaining({ type: 'offer.sent' }), expect.anything()],
        }),
      ]);
    });
  });
});
