import type { EventType, RelaisEvent } from '../../events/catalog.ts';
import type { SeenEvents } from '../ports/seen-events.ts';

export type { SeenEvents };

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
  /**
   * Starts the consumer's reads at once and returns what finishes its work: dispatch calls it before
   * the de-duplication claim and runs the returned function once the claim is won, so the reads and
   * the claim share one round trip (see {@link withReadsBesideClaim}).
   */
  begin?(event: RelaisEvent, deps: D): () => Promise<void>;
}

/**
 * A consumer whose reads change nothing and need only the event: they go out together with the
 * de-duplication claim instead of after it. A duplicate delivery only wastes them; the effect (an
 * email) still happens once, after the claim.
 */
export function withReadsBesideClaim<D, R>(consumer: {
  readonly name: string;
  readonly handles: readonly EventType[];
  read(event: RelaisEvent, deps: D): Promise<R>;
  act(event: RelaisEvent, deps: D, read: R): Promise<void>;
}): Consumer<D> {
  return {
    name: consumer.name,
    handles: consumer.handles,
    handle: async (event, deps) => consumer.act(event, deps, await consumer.read(event, deps)),
    begin: (event, deps) => {
      const reading = consumer.read(event, deps);
      // Observed here too: when the claim says duplicate, nobody awaits the reads.
      reading.catch(() => undefined);
      return async () => consumer.act(event, deps, await reading);
    },
  };
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
      const run = consumer.begin?.(event, deps) ?? (() => consumer.handle(event, deps));
      const outcome = await seen.once(consumer.name, event.id, run);
      outcomes.push({ consumer: consumer.name, outcome });
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} consumers failed`);
  return outcomes;
}
