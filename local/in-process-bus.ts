import type { EventBus } from '../domain/ports.ts';
import { parseEvent } from '../events/catalog.ts';
import { type Consumer, dispatchEvent, type SeenEvents } from '../functions/consumers/dispatch.ts';
import type { Logger } from '../functions/ports/logger.ts';

export interface InProcessBusOptions<D> {
  readonly consumers: readonly Consumer<D>[];
  readonly seen: SeenEvents;
  readonly deps: D;
  readonly logger: Logger;
}

/**
 * The EventBus of the one-machine runtime, standing in for EventBridge: each event goes through JSON and
 * the catalogue schema, as it would on the wire, then to the consumers that handle it, in order. Errors
 * propagate to the publisher, which reports the stream record as failed, so the stream reader retries it
 * without checkpointing (the local form of EventBridge's retry policy).
 */
export function createInProcessBus<D>({ consumers, seen, deps, logger }: InProcessBusOptions<D>): EventBus {
  return {
    async publish(events) {
      for (const published of events) {
        const event = parseEvent(JSON.parse(JSON.stringify(published)));
        const log = logger.child({ eventId: event.id, eventType: event.type });
        try {
          const outcomes = await dispatchEvent(event, consumers, seen, deps);
          log.debug('event dispatched', { outcomes });
        } catch (error) {
          log.error('consumer failed', { error: error instanceof Error ? error.name : 'unknown' });
          throw error;
        }
      }
    },
  };
}
