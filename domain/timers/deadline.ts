import { DomainError } from '../errors.ts';
import type { Instant, Offer, Referral } from '../referral/model.ts';
import type { TimerSettings } from './settings.ts';

export const DEADLINE_KINDS = [
  'offer_expiry',
  'candidates_exhausted',
  'no_accompanier',
  'arrival_unconfirmed',
  'outcome_missing',
  'follow_up_due',
  'question_unanswered',
  'absence_unresolved',
  'reminder_specialist',
  'reminder_accompanier',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The one thing a referral is waiting for next, and when it becomes overdue. */
export interface Deadline {
  readonly kind: DeadlineKind;
  /** UTC, millisecond precision (`toISOString`), so that keys compare as strings. */
  readonly at: Instant;
  /** The offer it is about, for `offer_expiry` and `reminder_specialist`. */
  readonly ref?: string;
}

/** What the deadline of a referral is derived from. */
export type TimedReferral = Pick<
  Referral,
  | 'status'
  | 'urgency'
  | 'offers'
  | 'appointment'
  | 'accompaniment'
  | 'outcome'
  | 'candidatesExhaustedAt'
  | 'createdAt'
  | 'hold'
>;

/**
 * The identity of a deadline: the sweep records it when it fires (reminder sent, escalation raised) so
 * that the same deadline never fires twice, and passes the recorded keys back as `fired`. A deadline
 * that moves (an appointment rescheduled, a fresh offer) has a new key and fires again.
 */
export const deadlineKey = (d: Deadline): string => `${d.kind}:${d.ref ?? ''}:${d.at}`;

/**
 * The referral's one pending deadline: the earliest of those that apply to its state and have not fired
 * yet, or undefined when nothing is pending (closed, or nothing left to chase).
 *
 * - `open` / `offered`: each pending offer expires at its `expiresAt` (`offer_expiry`), and its
 *   specialist is reminded once `specialistReminderFraction` of its time has passed
 *   (`reminder_specialist`). With no pending offer, `candidates_exhausted`: at `candidatesExhaustedAt`
 *   when the search found nobody; or, when offers were made and all were answered or expired but nobody
 *   searched for the next candidate yet, at the last of those answers, so the sweep searches (and alerts
 *   if nobody is left). An `open` referral never offered and not searched for (`autoOffer: false`) waits
 *   for its worker: no deadline.
 * - `scheduled` with accompaniment required and no accompanier: `no_accompanier` at the appointment minus
 *   `noAccompanierLeadMs`.
 * - `scheduled` with an accompanier: `reminder_accompanier` on the evening before (the configured UTC
 *   time of the previous day).
 * - `scheduled` / `departed` with accompaniment required: `arrival_unconfirmed` at the appointment plus
 *   `arrivalGraceMs`.
 * - `scheduled` / `departed` / `arrived`: `outcome_missing` at the appointment plus `outcomeGraceMs`.
 * - `attended` / `no_show` with a follow-up date: `follow_up_due` at that date.
 * - `on_hold`: the offer's and the appointment's clocks are paused (pending.ts, hold-clock.ts); what is
 *   chased is the hold itself, from when it began: a specialist's question unanswered
 *   (`question_unanswered`, `questionWindowMs`), or a person absent at the
 *   meeting point whom nobody saw again, rescheduled or closed (`absence_unresolved`,
 *   `absenceWindowMs`), each by urgency.
 *
 * With `now`, a reminder whose deadline is already due is left out: reminding of what is already
 * overdue helps nobody, the escalation follows. A specialist who asked for more information gets a fresh
 * offer and its own reminder, not a second one on the old offer.
 *
 * Instants are compared as instants; an unreadable one in the referral is refused (`invalid_input`)
 * rather than silently dropping the deadline.
 */
export function nextDeadline(
  referral: TimedReferral,
  settings: TimerSettings,
  now?: Instant,
  fired: ReadonlySet<string> = new Set(),
): Deadline | undefined {
  const nowMs = now === undefined ? undefined : ms(now, 'now');
  let best: { d: Deadline; atMs: number } | undefined;
  for (const c of candidates(referral, settings, nowMs)) {
    const at = iso(c.atMs);
    const d: Deadline = c.ref === undefined ? { kind: c.kind, at } : { kind: c.kind, at, ref: c.ref };
    if (fired.has(deadlineKey(d))) continue;
    if (!best || c.atMs < best.atMs) best = { d, atMs: c.atMs };
  }
  return best?.d;
}

interface Candidate {
  readonly kind: DeadlineKind;
  readonly atMs: number;
  readonly ref?: string;
}

function candidates(r: TimedReferral, s: TimerSettings, nowMs: number | undefined): Candidate[] {
  switch (r.status) {
    case 'open':
    case 'offered':
      return offerDeadlines(r, s, nowMs);
    case 'scheduled':
    case 'departed':
    case 'arrived':
      return appointmentDeadlines(r, s, nowMs);
    case 'attended':
    case 'no_show': {
      const due = r.outcome?.followUpDueAt;
      return due === undefined ? [] : [{ kind: 'follow_up_due', atMs: ms(due, 'followUpDueAt') }];
    }
    case 'on_hold':
      return holdDeadlines(r, s);
    case 'closed':
      return [];
  }
}

/** What a hold waits for, as a deadline counted from when it began. */
function holdDeadlines(r: TimedReferral, s: TimerSettings): Candidate[] {
  if (!r.hold) return [];
  const question = r.hold.reason === 'more_info';
  const window = (question ? s.questionWindowMs : s.absenceWindowMs)[r.urgency];
  const kind = question ? 'question_unanswered' : 'absence_unresolved';
  return [{ kind, atMs: ms(r.hold.since, 'hold.since') + window }];
}

function offerDeadlines(r: TimedReferral, s: TimerSettings, nowMs: number | undefined): Candidate[] {
  const pending = r.offers.filter((o) => o.state === 'pending');
  if (pending.length === 0) {
    const at = exhaustedAt(r);
    return at === undefined ? [] : [{ kind: 'candidates_exhausted', atMs: at }];
  }
  const out: Candidate[] = [];
  for (const o of pending) {
    const sent = ms(o.sentAt, 'sentAt');
    const expires = ms(o.expiresAt, 'expiresAt');
    out.push({ kind: 'offer_expiry', atMs: expires, ref: o.id });
    const remindAt = sent + Math.floor((expires - sent) * s.specialistReminderFraction);
    if (remindAt < expires && (nowMs === undefined || nowMs < expires)) {
      out.push({ kind: 'reminder_specialist', atMs: remindAt, ref: o.id });
    }
  }
  return out;
}

/** When the referral ran out of someone to ask, if it did. */
function exhaustedAt(r: TimedReferral): number | undefined {
  if (r.candidatesExhaustedAt !== undefined) return ms(r.candidatesExhaustedAt, 'candidatesExhaustedAt');
  if (r.offers.length === 0) return undefined;
  return Math.max(...r.offers.map(closedAt));
}

/** When an offer stopped being pending: its answer, its expiry, or (unknown) no later than it was sent. */
function closedAt(o: Offer): number {
  if (o.answeredAt !== undefined) return ms(o.answeredAt, 'answeredAt');
  return o.state === 'expired' ? ms(o.expiresAt, 'expiresAt') : ms(o.sentAt, 'sentAt');
}

function appointmentDeadlines(r: TimedReferral, s: TimerSettings, nowMs: number | undefined): Candidate[] {
  if (!r.appointment) return [];
  const appt = ms(r.appointment.at, 'appointment.at');
  const acc = r.accompaniment;
  const out: Candidate[] = [{ kind: 'outcome_missing', atMs: appt + s.outcomeGraceMs }];
  if (r.status === 'arrived' || !acc.required) return out;

  out.push({ kind: 'arrival_unconfirmed', atMs: appt + s.arrivalGraceMs });
  if (r.status !== 'scheduled') return out;
  if (acc.accompanierId === undefined) {
    out.push({ kind: 'no_accompanier', atMs: appt - s.noAccompanierLeadMs });
  } else if (nowMs === undefined || nowMs < appt) {
    out.push({ kind: 'reminder_accompanier', atMs: eveningBefore(appt, s.accompanierReminderMinuteUtc) });
  }
  return out;
}

const DAY = 86_400_000;

/** The configured minute of the day before the appointment's (UTC) date. */
function eveningBefore(apptMs: number, minuteOfDayUtc: number): number {
  const startOfDay = Math.floor(apptMs / DAY) * DAY;
  return startOfDay - DAY + minuteOfDayUtc * 60_000;
}

function ms(instant: Instant, field: string): number {
  const t = Date.parse(instant);
  if (Number.isNaN(t))
    throw new DomainError('invalid_input', 'A referral date is not a valid instant.', field);
  return t;
}

const iso = (t: number): Instant => new Date(t).toISOString();
