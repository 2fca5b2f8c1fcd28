import { DomainError } from '../errors.ts';
import type { Instant, Referral, TimelineEntry, Urgency } from '../referral/model.ts';
import type { DeadlineKind } from './deadline.ts';

/*
 * Escalations: what a coordinator board shows. A deadline that passes raises one (offers expiring and
 * reminders do not: the first asks the next candidate, the second only sends a message). It starts at
 * the level of whoever should act first and climbs assignee → org coordinator → network coordinator
 * each time it is raised again while still unresolved. It is resolved when the referral moves past what
 * was overdue, or acknowledged by a coordinator meanwhile.
 */

export const ESCALATION_KINDS = [
  'candidates_exhausted',
  'no_accompanier',
  'arrival_unconfirmed',
  'outcome_missing',
  'follow_up_due',
  'question_unanswered',
  'absence_unresolved',
] as const satisfies readonly DeadlineKind[];
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export const ESCALATION_LEVELS = ['assignee', 'org_coordinator', 'network_coordinator'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

/** What the person the escalation reaches is asked to do. */
export const ESCALATION_ACTIONS = [
  'reassign',
  'reoffer',
  'assign_accompanier',
  'confirm_arrival',
  'record_outcome',
  'record_follow_up',
  'answer_question',
  'resolve_absence',
] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export interface Escalation {
  readonly id: string;
  readonly referralId: string;
  /** The referring organisation: whose coordinators see it (network coordinators see all). */
  readonly org: string;
  readonly kind: EscalationKind;
  readonly level: EscalationLevel;
  /** When it was first raised: its age on the board, kept when it climbs. */
  readonly since: Instant;
  readonly state: EscalationState;
  readonly urgency: Urgency;
  readonly action: EscalationAction;
}

const ACTION: Readonly<Record<EscalationKind, EscalationAction>> = {
  candidates_exhausted: 'reoffer',
  no_accompanier: 'assign_accompanier',
  arrival_unconfirmed: 'confirm_arrival',
  outcome_missing: 'record_outcome',
  follow_up_due: 'record_follow_up',
  question_unanswered: 'answer_question',
  // The person seen again, the appointment rescheduled, or the referral closed.
  absence_unresolved: 'resolve_absence',
};

/**
 * Who is asked first (PRODUCT.md's timer table): the accompanier for an unconfirmed arrival; the
 * referring worker for a missing outcome, an unanswered question and an unresolved absence (the one who
 * knows the person and the case); a coordinator for the rest, which no assignee can fix alone.
 * An unconfirmed arrival with nobody assigned has no assignee to ask: see `firstLevel`.
 */
const FIRST_LEVEL: Readonly<Record<EscalationKind, EscalationLevel>> = {
  candidates_exhausted: 'org_coordinator',
  no_accompanier: 'org_coordinator',
  arrival_unconfirmed: 'assignee',
  outcome_missing: 'assignee',
  follow_up_due: 'org_coordinator',
  question_unanswered: 'assignee',
  absence_unresolved: 'assignee',
};

/** The escalation a passed deadline of this kind raises, if any. */
export function escalationKindOf(kind: DeadlineKind): EscalationKind | undefined {
  return (ESCALATION_KINDS as readonly DeadlineKind[]).includes(kind) ? (kind as EscalationKind) : undefined;
}

export const actionFor = (kind: EscalationKind): EscalationAction => ACTION[kind];

/** Who an escalation is about: the accompanier assigned, if any, is its assignee for an arrival. */
export type EscalatedReferral = Pick<Referral, 'accompaniment'>;

/**
 * The level an escalation of this kind starts at on this referral: the kind's first level, except an
 * unconfirmed arrival with no accompanier assigned, which goes to the organisation's coordinators at
 * once (at the assignee level nobody would hear of it until it climbed).
 */
export function firstLevel(kind: EscalationKind, referral: EscalatedReferral): EscalationLevel {
  if (kind === 'arrival_unconfirmed' && referral.accompaniment.accompanierId === undefined) {
    return 'org_coordinator';
  }
  return FIRST_LEVEL[kind];
}

/** Whether an escalation at this level climbs no further. */
export const isTopLevel = (level: EscalationLevel): boolean =>
  level === ESCALATION_LEVELS[ESCALATION_LEVELS.length - 1];

/** The level above, or the same at the top. */
export function nextLevel(level: EscalationLevel): EscalationLevel {
  const i = ESCALATION_LEVELS.indexOf(level);
  return ESCALATION_LEVELS[Math.min(i + 1, ESCALATION_LEVELS.length - 1)]!;
}

export interface RaiseInput {
  /** The id of a new escalation; unused when an existing one climbs. */
  readonly id: string;
  readonly referral: Pick<Referral, 'id' | 'org' | 'urgency' | 'accompaniment'>;
  readonly kind: EscalationKind;
  readonly now: Instant;
}

/**
 * Raises an escalation: a new one at the kind's first level when there is none still unresolved, or
 * the existing one a level up (it stays at the top once there) and open again, even if acknowledged,
 * since the thing is overdue once more. Its age (`since`) is kept; its urgency follows the referral.
 * The result is an escalation and nothing more: what the board keeps beside it (when it climbs next,
 * its version) is not carried over, since the board decides it afresh for the new level. Carrying the
 * old `climbAt` forward made a network-level escalation climb again at every sweep.
 */
export function raise(existing: Escalation | undefined, input: RaiseInput): Escalation {
  const { referral, kind } = input;
  if (!existing || existing.state === 'resolved') {
    const since = Date.parse(input.now);
    if (Number.isNaN(since)) throw new DomainError('invalid_input', 'Not a valid instant.', 'now');
    return {
      id: input.id,
      referralId: referral.id,
      org: referral.org,
      kind,
      level: firstLevel(kind, referral),
      since: new Date(since).toISOString(),
      state: 'open',
      urgency: referral.urgency,
      action: actionFor(kind),
    };
  }
  if (existing.referralId !== referral.id || existing.kind !== kind) {
    throw new DomainError('invalid_state', 'This escalation is about another referral or another matter.');
  }
  return {
    id: existing.id,
    referralId: existing.referralId,
    org: existing.org,
    kind: existing.kind,
    level: nextLevel(existing.level),
    since: existing.since,
    state: 'open',
    urgency: referral.urgency,
    action: existing.action,
  };
}

/** A coordinator has seen it and is on it. Resolved ones stay resolved. Extra fields are kept. */
export function acknowledge<E extends Escalation>(e: E): E {
  return e.state === 'open' ? { ...e, state: 'acknowledged' } : e;
}

/** What `resolveOnProgress` reads from the referral. */
export type ProgressingReferral = Pick<
  Referral,
  'id' | 'status' | 'offers' | 'appointment' | 'accompaniment' | 'outcome' | 'hold' | 'timeline'
>;

/**
 * Resolves the escalation (extra fields kept, e.g. a board item's version) when the referral has moved
 * past what was overdue; otherwise returns it as it is. THE rule of when an escalation's cause is gone,
 * for the board's consumer and for the sweep before a climb. A referral has moved past it when:
 * - it is closed;
 * - a later deadline of the referral raised an escalation since (a referral has one pending deadline at
 *   a time: the later one is what to chase now, so "no accompanier" does not climb on beside "arrival
 *   not confirmed" once the appointment passed, nor a missed deadline beside the one that replaced it);
 * - for an appointment matter, the appointment was set again since (the missed one is no longer the one
 *   to chase: a new deadline follows the new time);
 * - its own matter was answered: an offer pending again, an accompanier found or no longer needed, the
 *   arrival or the outcome recorded, the state left behind, a follow-up recorded, cleared or moved past it;
 *   for a hold's matter (a question unanswered, a person absent), the referral left that hold or is on a
 *   newer one than the one that was overdue.
 */
export function resolveOnProgress<E extends Escalation>(escalation: E, referral: ProgressingReferral): E {
  if (escalation.state === 'resolved') return escalation;
  if (escalation.referralId !== referral.id) {
    throw new DomainError('invalid_state', 'This escalation is about another referral.');
  }
  return hasProgressed(escalation, referral) ? { ...escalation, state: 'resolved' } : escalation;
}

/** The timeline action of an escalation raised on a referral (the one write that raised it). */
const RAISED = 'escalation.raised';
const APPOINTMENT_SET = ['appointment.scheduled', 'appointment.rescheduled'];

function hasProgressed(e: Escalation, r: ProgressingReferral): boolean {
  if (r.status === 'closed') return true;
  const since = sinceRaised(e, r);
  if (since.some((t) => t.action === RAISED)) return true;
  const appointmentSetAgain = since.some((t) => APPOINTMENT_SET.includes(t.action));
  switch (e.kind) {
    case 'candidates_exhausted':
      // Someone is on it again as soon as an offer is pending or the referral moved on.
      return (r.status !== 'open' && r.status !== 'offered') || r.offers.some((o) => o.state === 'pending');
    case 'no_accompanier':
      return (
        appointmentSetAgain ||
        r.status !== 'scheduled' ||
        !r.accompaniment.required ||
        r.accompaniment.accompanierId !== undefined
      );
    case 'arrival_unconfirmed':
      return (
        appointmentSetAgain ||
        (r.status !== 'scheduled' && r.status !== 'departed') ||
        r.accompaniment.arrivedAt !== undefined
      );
    case 'outcome_missing':
      return (
        appointmentSetAgain ||
        (r.status !== 'scheduled' && r.status !== 'departed' && r.status !== 'arrived') ||
        r.outcome !== undefined
      );
    case 'follow_up_due': {
      const due = r.outcome?.followUpDueAt;
      return (
        (r.status !== 'attended' && r.status !== 'no_show') ||
        due === undefined ||
        Date.parse(due) > Date.parse(e.since)
      );
    }
    case 'question_unanswered':
    case 'absence_unresolved':
      return (
        r.status !== 'on_hold' ||
        r.hold?.reason !== HOLD_OF[e.kind] ||
        Date.parse(r.hold.since) > Date.parse(e.since)
      );
  }
}

/** The hold each hold's matter is about. */
const HOLD_OF = {
  question_unanswered: 'more_info',
  absence_unresolved: 'person_absent',
} as const satisfies Partial<Record<EscalationKind, NonNullable<Referral['hold']>['reason']>>;

/** The referral's timeline after the entry of the write that raised the escalation (none without it). */
function sinceRaised(e: Escalation, r: Pick<Referral, 'timeline'>): readonly TimelineEntry[] {
  const i = r.timeline.findIndex((t) => t.action === RAISED && t.detail?.escalationId === e.id);
  return i < 0 ? [] : r.timeline.slice(i + 1);
}

const URGENCY_ORDER: readonly Urgency[] = ['urgent', 'soon', 'routine'];
const LEVEL_ORDER: readonly EscalationLevel[] = ['network_coordinator', 'org_coordinator', 'assignee'];

/**
 * The board's order as a number, lower first: the most urgent first, and within an urgency the highest
 * level first. 0 (urgent, network coordinator) to 8 (routine, assignee). Ties go to the oldest: see
 * `compareForBoard` and `boardSortKey`.
 */
export function boardRank(urgency: Urgency, level: EscalationLevel): number {
  return URGENCY_ORDER.indexOf(urgency) * LEVEL_ORDER.length + LEVEL_ORDER.indexOf(level);
}

/** Sorts escalations for the board: rank, then oldest, then id. */
export function compareForBoard(a: Escalation, b: Escalation): number {
  const rank = boardRank(a.urgency, a.level) - boardRank(b.urgency, b.level);
  if (rank !== 0) return rank;
  const age = Date.parse(a.since) - Date.parse(b.since);
  if (age !== 0) return age;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A string that sorts like `compareForBoard` (for an index sort key): `rank#since#id`. `since` must be
 * UTC with milliseconds, as `raise` writes it.
 */
export const boardSortKey = (e: Escalation): string => `${boardRank(e.urgency, e.level)}#${e.since}#${e.id}`;
