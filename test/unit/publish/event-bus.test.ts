import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import { EVENT_SOURCE } from '../../../events/envelope.ts';
import {
  createEventBridgeBus,
  PutEventsFailedError,
} from '../../../functions/adapters/eventbridge/event-bus.ts';

const eventBridge = mockClient(EventBridgeClient);

const opened = (n: number): RelaisEvent =>
  parseEvent({
    id: `evt-${String(n).padStart(3, '0')}`,
    type: 'referral.opened',
    version: 1,
    at: '2025-07-01T09:30:00.000Z',
    referralId: `ref-${n}`,
    org: 'org-lyon-1',
    actor: { role: 'social_worker', id: 'sw-ana' },
    data: { specialty: 'ophthalmology', urgency: 'routine', accompanimentRequired: false },
  });

describe('createEventBridgeBus', () => {
  beforeEach(() => eventBridge.reset());

  it('puts each event with the catalogue source, its type as detail-type and the envelope as detail', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
    await createEventBridgeBus(new EventBridgeClient({}), 'relais-bus').publish([opened(1)]);

    const [call] = eventBridge.commandCalls(PutEventsCommand);
    expect(call!.args[0].input.Entries).toEqual([
      {
        EventBusName: 'relais-bus',
        Source: EVENT_SOURCE,
        DetailType: 'referral.opened',
        Detail: JSON.stringify(opened(1)),
        Time: new Date('2025-07-01T09:30:00.000Z'),
      },
    ]);
    expect(parseEvent(JSON.parse(call!.args[0].input.Entries![0]!.Detail!))).toEqual(opened(1));
  });

  it('sends batches of at most 10 entries, in order', async () => {
    eventBridge.on(PutEventsCommand).callsFake(({ Entries }) => ({
      FailedEntryCount: 0,
      Entries: Entries.map((_: unknown, i: number) => ({ EventId: `eb-${i}` })),
    }));
    const events = Array.from({ length: 23 }, (_, i) => opened(i));

    await createEventBridgeBus(new EventBridgeClient({}), 'relais-bus').publish(events);

    const batches = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(batches.flat().map((e) => JSON.parse(e.Detail!).id)).toEqual(events.map((e) => e.id));
  });

  it('throws when some entries fail, and sends no later batch', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'eb-1' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    const bus = createEventBridgeBus(new EventBridgeClient({}), 'relais-bus');
    const publishing = bus.publish(Array.from({ length: 12 }, (_, i) => opened(i)));

    await expect(publishing).rejects.toThrow(PutEventsFailedError);
    await expect(publishing).rejects.toMatchObject({
      failedEntryCount: 1,
      errorCodes: ['ThrottlingException'],
    });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('lets a client error propagate', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('socket hang up'));
    await expect(
      createEventBridgeBus(new EventBridgeClient({}), 'relais-bus').publish([opened(1)]),
    ).rejects.toThrow('socket hang up');
  });

  it('makes no call for no events', async () => {
    await createEventBridgeBus(new EventBridgeClient({}), 'relais-bus').publish([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
