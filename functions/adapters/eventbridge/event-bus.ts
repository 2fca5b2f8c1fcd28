import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventBus } from '../../../domain/ports.ts';
import { EVENT_SOURCE } from '../../../events/envelope.ts';

/** PutEvents accepts at most 10 entries per call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/** Some entries of a PutEvents call were refused; carries their error codes (never event content). */
export class PutEventsFailedError extends Error {
  override readonly name = 'PutEventsFailedError';
  constructor(
    readonly failedEntryCount: number,
    readonly errorCodes: readonly string[],
  ) {
    super(`PutEvents refused ${failedEntryCount} entries: ${[...new Set(errorCodes)].join(', ')}`);
  }
}

/**
 * The EventBus port on an EventBridge bus. Events go out in order, in calls of at most 10 entries;
 * detail-type is the event type and the detail is the whole envelope, so consumers parse it with the
 * same catalogue schema. A call with any refused entry throws: the stream batch is then retried and
 * the entries that did go through are de-duplicated by the consumers on their event id.
 */
export function createEventBridgeBus(client: EventBridgeClient, busName: string): EventBus {
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += PUT_EVENTS_MAX_ENTRIES) {
        const Entries: PutEventsRequestEntry[] = events.slice(i, i + PUT_EVENTS_MAX_ENTRIES).map((event) => ({
          EventBusName: busName,
          Source: EVENT_SOURCE,
          DetailType: event.type,
          Detail: JSON.stringify(event),
          Time: new Date(event.at),
        }));
        const result = await client.send(new PutEventsCommand({ Entries }));
        const failed = result.FailedEntryCount ?? 0;
        const codes = (result.Entries ?? []).flatMap((e) => (e.ErrorCode ? [e.ErrorCode] : []));
        if (failed > 0 || codes.length > 0)
          throw new PutEventsFailedError(Math.max(failed, codes.length), codes);
      }
    },
  };
}
