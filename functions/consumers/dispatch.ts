import type { EventType, RelaisEvent } from '../../events/catalog.ts';

/**
 * A reaction to events (send an email, update the board...). Consumers are run at least once per event
 * (EventBridge and the stream both retry), so each runs behind {@link SeenEvents} and must rethrow on
 * failure: a swallowed error would mark the event as handled and lose the reaction.
 */
export interface Consumer<D> {
  /** Stable name: part of the de-duplication key, so renaming a consumer re-runs recent events. */
  readonly name: string;
  readonly handles: readonly EventType[];
  handle(event: RelaisEvent, deps: D): Promise<void>;
}

/** Consumer idempotency by event id (implemented on DynamoDB by functions/adapters/dynamo/seen-events.ts). */
export interface SeenEvents {
  /** Runs `fn` unless this consumer already handled this event; a throw from `fn` leaves it unhandled. */
  once(consumer: string, eventId: string, fn: () => Promise<void>): Promise<'done' | 'duplicate'>;
}

export interface DispatchOutcome {
  readonly consumer: string;
  readonly outcome: 'done' | 'duplicate';
}

/**
 * Runs every consumer that handles `event.type`, each at most once per event id. Every consumer gets its
 * chance even when another fails (they are independent reactions); then the first failure is rethrown so
 * the delivery is retried, and the consumers that already succeeded skip it as a duplicate.
 */
export async function dispatchEvent<D>(
  event: RelaisEvent,
  consumers: readonly Consumer<D>[],
  seen: SeenEvents,
  deps: D,
): Promise<DispatchOutcome[]> {
  const outcomes: DispatchOutcome[] = [];
  const failures: unknown[] = [];
  for (const consumer of consumers) {
    if (!consumer.handles.includes(event.type)) continue;
    try {
      const outcome = await seen.once(consumer.name, event.id, () => consumer.handle(event, deps));
      outcomes.push({ consumer: consumer.name, outcome });
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} consumers failed`);
  return outcomes;
}
