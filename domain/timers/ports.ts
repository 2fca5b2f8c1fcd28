import type { RelaisEvent } from '../../events/catalog.ts';
import type { Instant, Specialty } from '../referral/model.ts';
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
  /**
   * What the board shows of the referral, so that a coordinator recognises it without opening it
   * (escalations/referral-summary.ts); absent on escalations raised before it was kept.
   */
  readonly referral?: ReferralSummary;
}

/**
 * The referral behind an escalation as the board names it, kept up to date on the board item: codes and
 * instants only, for the item is not sealed (never the pseudonym or free text).
 */
export interface ReferralSummary {
  readonly specialty: Specialty;
  readonly openedAt: Instant;
  readonly appointmentAt?: Instant;
  /** The referral's version it was read at: the If-Match of the board's actions on the referral. */
  readonly version: number;
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
