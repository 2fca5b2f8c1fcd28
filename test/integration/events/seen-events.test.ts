import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import { createSeenEvents, EventInProgressError } from '../../../functions/adapters/dynamo/seen-events.ts';
import { TTL_ATTRIBUTE } from '../../../functions/adapters/dynamo/table.ts';
import { type Consumer, dispatchEvent } from '../../../functions/consumers/dispatch.ts';
import { createInProcessBus } from '../../../local/in-process-bus.ts';
import { recordingLogger } from '../../unit/publish/recording-logger.ts';
import { connectDynamoLocal, type EventsDynamo } from './dynamo-local.ts';

let local: EventsDynamo;
let table: string;

beforeAll(async () => {
  local = await connectDynamoLocal('events-seen');
  table = await local.createTable();
});
afterAll(async () => {
  local?.close();
});

let ids = 0;
const offerSent = (): RelaisEvent =>
  parseEvent({
    id: `evt-seen-${++ids}`,
    type: 'offer.sent',
    version: 1,
    at: '2025-07-01T09:30:05.000Z',
    referralId: 'ref-0001',
    org: 'org-lyon-1',
    actor: { role: 'system', id: 'matcher' },
    data: { offerId: 'off-0001', specialistId: 'sp-0042', expiresAt: '2025-07-03T09:30:05.000Z' },
  });

describe('createSeenEvents', () => {
  it('runs a consumer once per event id and reports later deliveries as duplicates', async () => {
    const seen = createSeenEvents(local.dynamo, table);
    let runs = 0;
    const run = async () => {
      runs++;
    };

    expect(await seen.once('notify', 'evt-1', run)).toBe('done');
    expect(await seen.once('notify', 'evt-1', run)).toBe('duplicate');
    expect(await seen.once('project', 'evt-1', run)).toBe('done');
    expect(runs).toBe(2);
  });

  it('lets a retry run the consumer again after it threw', async () => {
    const seen = createSeenEvents(local.dynamo, table);
    const failure = new Error('SES throttled');
    await expect(seen.once('notify', 'evt-2', () => Promise.reject(failure))).rejects.toBe(failure);

    let runs = 0;
    expect(
      await seen.once('notify', 'evt-2', async () => {
        runs++;
      }),
    ).toBe('done');
    expect(runs).toBe(1);
  });

  it('keeps the marker 30 days (TTL in epoch seconds)', async () => {
    const now = Date.parse('2025-07-01T09:30:00.000Z');
    await createSeenEvents(local.dynamo, table, { now: () => now }).once(
      'notify',
      'evt-3',
      async () => undefined,
    );

    const { Item } = await local.dynamo.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'SEEN#notify#evt-3' }, sk: { S: 'SEEN' } } }),
    );
    expect(Item?.[TTL_ATTRIBUTE]).toEqual({ N: String(now / 1000 + 30 * 24 * 3600) });
  });

  it('refuses a concurrent delivery while the first runs, and lets a retry take over a lapsed claim', async () => {
    let now = Date.parse('2025-07-01T09:30:00.000Z');
    const seen = createSeenEvents(local.dynamo, table, { leaseSeconds: 60, now: () => now });
    let release!: () => void;
    const first = seen.once('notify', 'evt-4', () => new Promise<void>((resolve) => (release = resolve)));
    await expect.poll(() => release).toBeDefined();

    await expect(seen.once('notify', 'evt-4', async () => undefined)).rejects.toThrow(EventInProgressError);

    // The first delivery "died" (a timeout is not a throw): once its lease lapses, a retry runs.
    now += 61_000;
    let retried = false;
    expect(
      await seen.once('notify', 'evt-4', async () => {
        retried = true;
      }),
    ).toBe('done');
    expect(retried).toBe(true);
    release();
    expect(await first).toBe('done');
    expect(await seen.once('notify', 'evt-4', async () => undefined)).toBe('duplicate');
  });
});

describe('dispatchEvent', () => {
  const recording = (name: string, handles: Consumer<unknown>['handles'], failFirst = false) => {
    const handled: string[] = [];
    let failed = false;
    const consumer: Consumer<{ tag: string }> = {
      name,
      handles,
      async handle(event, deps) {
        if (failFirst && !failed) {
          failed = true;
          throw new Error(`${name} failed`);
        }
        handled.push(`${event.id}:${deps.tag}`);
      },
    };
    return { consumer, handled };
  };

  it('runs every consumer of the event type once, and gives the others their turn when one fails', async () => {
    const seen = createSeenEvents(local.dynamo, table);
    const notify = recording('notify-dispatch', ['offer.sent']);
    const flaky = recording('project-dispatch', ['offer.sent', 'referral.opened'], true);
    const other = recording('other-dispatch', ['referral.closed']);
    const consumers = [flaky.consumer, notify.consumer, other.consumer];
    const event = offerSent();

    await expect(dispatchEvent(event, consumers, seen, { tag: 'deps' })).rejects.toThrow(
      'project-dispatch failed',
    );
    expect(notify.handled).toEqual([`${event.id}:deps`]);

    expect(await dispatchEvent(event, consumers, seen, { tag: 'deps' })).toEqual([
      { consumer: 'project-dispatch', outcome: 'done' },
      { consumer: 'notify-dispatch', outcome: 'duplicate' },
    ]);
    expect(notify.handled).toEqual([`${event.id}:deps`]);
    expect(flaky.handled).toEqual([`${event.id}:deps`]);
    expect(other.handled).toEqual([]);
  });
});

describe('createInProcessBus', () => {
  it('hands each event, as it would arrive from the wire, to its consumers in order', async () => {
    const received: RelaisEvent[] = [];
    const bus = createInProcessBus({
      consumers: [{ name: 'bus-order', handles: ['offer.sent'], handle: async (e) => void received.push(e) }],
      seen: createSeenEvents(local.dynamo, table),
      deps: {},
      logger: recordingLogger(),
    });
    const events = [offerSent(), offerSent(), offerSent()];

    await bus.publish(events);

    expect(received).toEqual(events);
    expect(received[0]).not.toBe(events[0]);
  });

  it('propagates a consumer failure to the publisher', async () => {
    const bus = createInProcessBus({
      consumers: [
        { name: 'bus-failing', handles: ['offer.sent'], handle: () => Promise.reject(new Error('boom')) },
      ],
      seen: createSeenEvents(local.dynamo, table),
      deps: {},
      logger: recordingLogger(),
    });
    await expect(bus.publish([offerSent()])).rejects.toThrow('boom');
  });
});
