import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import {
  createSeenEvents,
  LEASE_SECONDS,
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
afterEach(() => {
  vi.restoreAllMocks();
});

/** The commands sent to DynamoDB Local from now on, by name. */
const commandsSent = () => {
  const spy = vi.spyOn(local.dynamo, 'send');
  return () => spy.mock.calls.map(([command]) => command.constructor.name);
};

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

  it('marks a success with its claim alone: one write, and a redelivery within the lease is a duplicate', async () => {
    const now = Date.parse('2025-07-01T09:30:00.000Z');
    const seen = createSeenEvents(local.dynamo, table, { now: () => now });
    const sent = commandsSent();
    let sends = 0;
    const send = async () => {
      sends++;
    };
    expect(await seen.once('notify', 'evt-once', send)).toBe('done');
    expect(sent()).toEqual(['PutItemCommand']);
    expect(await seen.once('notify', 'evt-once', send)).toBe('duplicate');
    expect(sends).toBe(1);
  });

  it('releases the claim of a failed send (a delete on the failure path only), so the retry sends once', async () => {
    const seen = createSeenEvents(local.dynamo, table);
    const sent = commandsSent();
    const sends: string[] = [];
    await expect(
      seen.once('notify', 'evt-fails', () => Promise.reject(new Error('SES throttled'))),
    ).rejects.toThrow('SES throttled');
    expect(sent()).toEqual(['PutItemCommand', 'DeleteItemCommand']);
    const send = async () => void sends.push('sent');
    expect(await seen.once('notify', 'evt-fails', send)).toBe('done');
    expect(await seen.once('notify', 'evt-fails', send)).toBe('duplicate');
    expect(sends).toEqual(['sent']);
  });

  it('takes over, once its lease lapsed, a claim left by a delivery that died before sending', async () => {
    let now = Date.parse('2025-07-01T09:30:00.000Z');
    const seen = createSeenEvents(local.dynamo, table, { now: () => now });
    // The first delivery claims, then "dies" (a Lambda timeout or crash is not a throw: no release).
    const died = seen.once('notify', 'evt-4', () => new Promise<void>(() => undefined));
    await new Promise((ok) => setTimeout(ok, 50));
    let sends = 0;
    const send = async () => {
      sends++;
    };
    // A delivery while the lease runs cannot tell a running claim from a finished one: a duplicate.
    expect(await seen.once('notify', 'evt-4', send)).toBe('duplicate');
    expect(sends).toBe(0);
    // Lambda retries a failed invocation after a minute: the lease (under it) has lapsed, the email goes.
    expect(LEASE_SECONDS).toBeGreaterThan(30);
    expect(LEASE_SECONDS).toBeLessThan(60);
    now += 60_000;
    expect(await seen.once('notify', 'evt-4', send)).toBe('done');
    expect(sends).toBe(1);
    expect(await seen.once('notify', 'evt-4', send)).toBe('duplicate');
    expect(sends).toBe(1);
    void died;
  });

  it('settles a claim so that a redelivery after the lease is still a duplicate', async () => {
    let now = Date.parse('2025-07-01T09:30:00.000Z');
    const seen = createSeenEvents(local.dynamo, table, { now: () => now });
    let sends = 0;
    const send = async () => {
      sends++;
    };
    expect(await seen.once('notify', 'evt-settled', send)).toBe('done');
    await seen.settle('notify', 'evt-settled');
    now += 3 * 60_000;
    expect(await seen.once('notify', 'evt-settled', send)).toBe('duplicate');
    expect(sends).toBe(1);
    // Settling a marker that is gone (expired) writes nothing and does not fail.
    await seen.settle('notify', 'evt-never-claimed');
    const { Item } = await local.dynamo.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: 'SEEN#notify#evt-never-claimed' }, sk: { S: 'SEEN' } },
      }),
    );
    expect(Item).toBeUndefined();
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

  it('settles the claims of the consumers that succeeded when another failed: its retry, after their lease, sends nothing twice', async () => {
    let now = Date.parse('2025-07-01T09:30:00.000Z');
    const seen = createSeenEvents(local.dynamo, table, { now: () => now });
    const mailer = recording('mail-settled', ['offer.sent']);
    const flaky = recording('flaky-settled', ['offer.sent'], true);
    const event = offerSent();

    await expect(dispatchEvent(event, [mailer.consumer, flaky.consumer], seen, { tag: 'd' })).rejects.toThrow(
      'flaky-settled failed',
    );
    now += 3 * 60_000;
    expect(await dispatchEvent(event, [mailer.consumer, flaky.consumer], seen, { tag: 'd' })).toEqual([
      { consumer: 'mail-settled', outcome: 'duplicate' },
      { consumer: 'flaky-settled', outcome: 'done' },
    ]);
    expect(mailer.handled).toEqual([`${event.id}:d`]);
    expect(flaky.handled).toEqual([`${event.id}:d`]);
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
        settle: real.settle,
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
