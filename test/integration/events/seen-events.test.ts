import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import {
  createSeenEvents,
  EventInProgressError,
  REPLAY_WINDOW_DAYS,
} from '../../../functions/adapters/dynamo/seen-events.ts';
import { TTL_ATTRIBUTE } from '../../../functions/adapters/dynamo/table.ts';
import { type Consumer, dispatchEvent, withReadsBesideClaim } from '../../../functions/consumers/dispatch.ts';
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

  it('keeps the marker as long as the archive replays events, 90 days (TTL in epoch seconds)', async () => {
    const now = Date.parse('2025-07-01T09:30:00.000Z');
    await createSeenEvents(local.dynamo, table, { now: () => now }).once(
      'notify',
      'evt-3',
      async () => undefined,
    );

    const { Item } = await local.dynamo.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'SEEN#notify#evt-3' }, sk: { S: 'SEEN' } } }),
    );
    expect(REPLAY_WINDOW_DAYS).toBe(90);
    expect(Item?.[TTL_ATTRIBUTE]).toEqual({ N: String(now / 1000 + REPLAY_WINDOW_DAYS * 24 * 3600) });
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

  it('runs an idempotent consumer at every delivery with no marker, and skips an event a consumer does not accept', async () => {
    const seen = createSeenEvents(local.dynamo, table);
    const projection = recording('projection-dispatch', ['offer.sent']);
    const idempotent = { ...projection.consumer, idempotent: true as const };
    const picky = recording('picky-dispatch', ['offer.sent']);
    const refusing = { ...picky.consumer, accepts: () => false };
    const event = offerSent();

    expect(await dispatchEvent(event, [idempotent, refusing], seen, { tag: 'a' })).toEqual([
      { consumer: 'projection-dispatch', outcome: 'done' },
    ]);
    expect(await dispatchEvent(event, [idempotent, refusing], seen, { tag: 'b' })).toEqual([
      { consumer: 'projection-dispatch', outcome: 'done' },
    ]);
    expect(projection.handled).toEqual([`${event.id}:a`, `${event.id}:b`]);
    expect(picky.handled).toEqual([]);
    // Neither left a marker: a later consumer of either name would still run.
    for (const name of ['projection-dispatch', 'picky-dispatch']) {
      expect(await seen.once(name, event.id, async () => undefined)).toBe('done');
    }
  });
});

describe('withReadsBesideClaim', () => {
  /** A claim store that records when it is asked, and answers only when told to. */
  const gatedSeen = (real: ReturnType<typeof createSeenEvents>) => {
    let open!: () => void;
    const gate = new Promise<void>((ok) => {
      open = ok;
    });
    return {
      open,
      seen: {
        once: async (consumer: string, eventId: string, fn: () => Promise<void>) => {
          await gate;
          return real.once(consumer, eventId, fn);
        },
      },
    };
  };

  it('starts its reads before the claim is won, and acts once, after it', async () => {
    const log: string[] = [];
    const consumer = withReadsBesideClaim<{ tag: string }, string>({
      name: 'reads-beside-claim',
      handles: ['offer.sent'],
      read: async (event) => {
        log.push('read');
        return event.referralId;
      },
      act: async (_event, deps, read) => {
        log.push(`act ${read} ${deps.tag}`);
      },
    });
    const { seen, open } = gatedSeen(createSeenEvents(local.dynamo, table));
    const event = offerSent();
    const dispatched = dispatchEvent(event, [consumer], seen, { tag: 'deps' });
    await new Promise((ok) => setTimeout(ok, 20));
    expect(log).toEqual(['read']);
    open();
    expect(await dispatched).toEqual([{ consumer: 'reads-beside-claim', outcome: 'done' }]);
    expect(log).toEqual(['read', 'act ref-0001 deps']);
    // A second delivery reads again (harmless) but does not act.
    expect(await dispatchEvent(event, [consumer], seen, { tag: 'deps' })).toEqual([
      { consumer: 'reads-beside-claim', outcome: 'duplicate' },
    ]);
    expect(log).toEqual(['read', 'act ref-0001 deps', 'read']);
  });

  it('fails the delivery when its reads fail, leaving the event unhandled for the retry', async () => {
    let fail = true;
    let acted = 0;
    const consumer = withReadsBesideClaim<unknown, number>({
      name: 'reads-beside-claim-flaky',
      handles: ['offer.sent'],
      read: async () => {
        if (fail) throw new Error('table unavailable');
        return 1;
      },
      act: async () => {
        acted++;
      },
    });
    const seen = createSeenEvents(local.dynamo, table);
    const event = offerSent();
    await expect(dispatchEvent(event, [consumer], seen, {})).rejects.toThrow('table unavailable');
    expect(acted).toBe(0);
    fail = false;
    expect(await dispatchEvent(event, [consumer], seen, {})).toEqual([
      { consumer: 'reads-beside-claim-flaky', outcome: 'done' },
    ]);
    expect(acted).toBe(1);
  });

  it('does not leave a failed read unobserved when the claim says duplicate', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let reads = 0;
      const consumer = withReadsBesideClaim<unknown, number>({
        name: 'reads-beside-claim-dup',
        handles: ['offer.sent'],
        read: async () => {
          if (++reads > 1) throw new Error('read failed on the duplicate');
          return reads;
        },
        act: async () => undefined,
      });
      const seen = createSeenEvents(local.dynamo, table);
      const event = offerSent();
      await dispatchEvent(event, [consumer], seen, {});
      expect(await dispatchEvent(event, [consumer], seen, {})).toEqual([
        { consumer: 'reads-beside-claim-dup', outcome: 'duplicate' },
      ]);
      await new Promise((ok) => setTimeout(ok, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
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
