import type { EventType, RelaisEvent } from '../../events/catalog.ts';
import type { SeenEvents } from '../ports/seen-events.ts';

export type { SeenEvents };

/**
 * A reaction to events (send an email, update the board...). Consumers are run at least once per event
 * (EventBridge and the stream both retry), so each runs behind {@link SeenEvents} and must rethrow on
 * failure: a swallowed error would mark the event as handled and lose the reaction. A consumer whose
 * every write is idempotent by construction runs without the marker (`idempotent`).
 */
export interface Consumer<D> {
  /** Stable name: part of the de-duplication key, so renaming a consumer re-runs recent events. */
  readonly name: string;
  readonly handles: readonly EventType[];
  // Properties, not methods: a consumer that needs more than the deps it is given does not compile
  // (a method's parameters would be compared both ways).
  readonly handle: (event: RelaisEvent, deps: D) => Promise<void>;
  /**
   * Every write of the consumer is idempotent by construction (a put keyed or conditioned by the
   * event id, a write conditional on a version, a value that only moves forward) and it sends nothing:
   * a repeated delivery changes nothing, so it runs without a de-duplication marker, whose claim and
   * settling (two writes) would cost more than the work they guard.
   */
  readonly idempotent?: true;
  /**
   * Whether the event concerns the consumer at all, decided from the event alone (a `referral.closed`
   * for a reason it ignores): an event it would ignore costs no marker. All of `handles` by default.
   */
  accepts?(event: RelaisEvent): boolean;
  /**
   * Starts the consumer's reads at once and returns what finishes its work: dispatch calls it before
   * the de-duplication claim and runs the returned function once the claim is won, so the reads and
   * the claim share one round trip (see {@link withReadsBesideClaim}).
   */
  readonly begin?: (event: RelaisEvent, deps: D) => () => Promise<void>;
  /**
   * `false`: handling an event opens no sealed field (its referral is read with `reveal: []`), so its
   * organisation's data key need not be fetched for it (lambda-handler.ts fetches it beside the first
   * reads only for the consumers that may open one). May open, by default.
   */
  readonly opensSealed?: false;
}

/**
 * A consumer whose reads change nothing and need only the event: they go out together with the
 * de-duplication claim instead of after it. A duplicate delivery only wastes them; the effect (an
 * email) still happens once, after the claim.
 */
export function withReadsBesideClaim<D, R>(consumer: {
  readonly name: string;
  readonly handles: readonly EventType[];
  readonly opensSealed?: false;
  read(event: RelaisEvent, deps: D): Promise<R>;
  act(event: RelaisEvent, deps: D, read: R): Promise<void>;
}): Consumer<D> {
  return {
    name: consumer.name,
    handles: consumer.handles,
    ...(consumer.opensSealed === false ? { opensSealed: false } : {}),
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

/** The consumers that act on `event`: those that handle its type and accept it. */
export function consumersOf<C extends Consumer<never>>(event: RelaisEvent, consumers: readonly C[]): C[] {
  return consumers.filter((c) => c.handles.includes(event.type) && c.accepts?.(event) !== false);
}

/** What a delivery of an event to consumers came to: who did what, and what failed. */
export interface Dispatched {
  readonly outcomes: DispatchOutcome[];
  readonly failures: unknown[];
}

/**
 * Runs every consumer that handles `event.type` and accepts the event, each at most once per event id
 * (behind its marker; an idempotent consumer runs at every delivery, which changes nothing after the
 * first), one after the other or, with `concurrent`, side by side (an event that several handle then
 * costs the slowest of them, not their sum). Every consumer gets its chance even when another fails
 * (they are independent reactions). When one failed, the delivery will be retried as a whole: the
 * claims of those that succeeded are settled first, so the retry (which comes after their lease) skips
 * them as duplicates instead of sending again. A marker costs one write per consumer and event on the
 * way that succeeds, the settling only on this failure path (seen-events.ts).
 */
export async function dispatchSettled<D>(
  event: RelaisEvent,
  consumers: readonly Consumer<D>[],
  seen: SeenEvents,
  deps: D,
  options: { readonly concurrent?: boolean } = {},
): Promise<Dispatched> {
  type Ran = {
    readonly consumer: Consumer<D>;
    readonly outcome?: DispatchOutcome;
    readonly failure?: unknown;
  };
  const runOne = async (consumer: Consumer<D>): Promise<Ran> => {
    try {
      const run = consumer.begin?.(event, deps) ?? (() => consumer.handle(event, deps));
      let outcome: DispatchOutcome['outcome'] = 'done';
      if (consumer.idempotent) await run();
      else outcome = await seen.once(consumer.name, event.id, run);
      return { consumer, outcome: { consumer: consumer.name, outcome } };
    } catch (failure) {
      return { consumer, failure: failure ?? new Error(`${consumer.name} failed`) };
    }
  };
  const chosen = consumersOf(event, consumers);
  const ran: Ran[] = [];
  if (options.concurrent) ran.push(...(await Promise.all(chosen.map(runOne))));
  else for (const consumer of chosen) ran.push(await runOne(consumer));

  const outcomes = ran.flatMap((r) => (r.outcome ? [r.outcome] : []));
  const failures = ran.flatMap((r) => (r.outcome ? [] : [r.failure]));
  if (failures.length > 0) {
    await Promise.all(
      ran
        .filter((r) => !r.consumer.idempotent && r.outcome?.outcome === 'done')
        // A settling that fails leaves the claim to its lease: at worst the retry sends once more.
        .map((r) => seen.settle(r.consumer.name, event.id).catch(() => undefined)),
    );
  }
  return { outcomes, failures };
}

/**
 * {@link dispatchSettled}, then the first failure rethrown (all of them, aggregated, when several
 * failed) so the delivery is retried; the consumers that already succeeded skip it as a duplicate.
 */
export async function dispatchEvent<D>(
  event: RelaisEvent,
  consumers: readonly Consumer<D>[],
  seen: SeenEvents,
  deps: D,
): Promise<DispatchOutcome[]> {
  const { outcomes, failures } = await dispatchSettled(event, consumers, seen, deps);
  throwFailures(failures);
  return outcomes;
}

/** Rethrows the failures of a delivery: the one, or all of them aggregated. */
export function throwFailures(failures: readonly unknown[]): void {
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} consumers failed`);
}
