import type { RelaisEvent } from '../../events/catalog.ts';
import type { Instant } from '../referral/model.ts';
import type { Escalation, EscalationKind, EscalationState } from './escalation.ts';

/*
 * Ports of the timers and the coordinator board. Adapters: functions/adapters/dynamo/escalation-store.ts
 * and due-index.ts.
 */

/** An escalation as the board keeps it. */
export interface BoardEscalation extends Escalation {
  /** Moves by one on each write; every write is conditional on the version read. */
  readonly version: number;
  /** When it reached its current level (it climbs from there). */
  readonly raisedAt: Instant;
  /** When it climbs next, if it does: the sweep finds it then in the due index. */
  readonly climbAt?: Instant;
  readonly acknowledgedAt?: Instant;
  /** The `sub` of the coordinator who acknowledged it. */
  readonly acknowledgedBy?: string;
  readonly resolvedAt?: Instant;
}

/** Whose board: one organisation's, or the whole network's. */
export type BoardScope = { readonly org: string } | { readonly network: true };

export interface EscalationPage {
  readonly items: readonly BoardEscalation[];
  readonly nextCursor?: string;
}

export interface EscalationStore {
  get(id: string): Promise<BoardEscalation | undefined>;
  /** Creates it, with the events to publish; false when it exists already (a repeated event). */
  create(e: BoardEscalation, events: readonly RelaisEvent[]): Promise<boolean>;
  /** Writes a change on the version it was computed from (`conflict` otherwise), with its events. */
  save(e: BoardEscalation, expectedVersion: number, events: readonly RelaisEvent[]): Promise<void>;
  /**
   * One board in one state, most urgent first, then oldest: Queries on the board index alone, whatever
   * the number of closed referrals. `shows` keeps only the items the caller may have
   * (escalations/context.ts `seesEscalation`), before anyone (the access log) sees the page; like
   * `kind`, it filters what a Query read, and the page is read on until it holds `limit` items or the
   * board ends (a bounded number of Queries: a page may still come short, with a cursor to go on).
   */
  listBoard(
    scope: BoardScope,
    state: EscalationState,
    q: {
      readonly kind?: EscalationKind;
      readonly shows?: (e: BoardEscalation) => boolean;
      readonly cursor?: string;
      readonly limit: number;
    },
  ): Promise<EscalationPage>;
}
