import { alreadySo, refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireFollowUpDate, requireOutcomeWindow } from '../appointment-window.ts';
import { sameInstant } from '../guards.ts';
import type { Instant, Outcome, Referral } from '../model.ts';
import { commit, makeEvent } from '../transition.ts';

export interface RecordOutcomeInput {
  readonly attended: boolean;
  /** A post-op check or a result to fetch: becomes overdue on the board when nobody records it. */
  readonly followUpDueAt?: Instant;
  /** Free text kept on the referral, never put in an event. */
  readonly note?: string;
}

/**
 * Records whether the person was seen at the appointment (`attended`) or not (`no_show`, counted apart
 * from absences at the meeting point). Any outcome recorded before makes a new one a 409: the
 * same one says when it was recorded (a retry learns the first one counted), a different one that it differs.
 */
export function recordOutcome(r: Referral, input: RecordOutcomeInput, ctx: TransitionContext): Transition {
  const { actor } = ctx;
  if (typeof input.attended !== 'boolean') {
    return refuse('invalid_input', 'Say whether the person attended.', 'attended');
  }
  const assigned = r.accompaniment.accompanierId;
  if (actor.role === 'accompanier' && assigned !== undefined && actor.id !== assigned) {
    return refuse('forbidden', 'Only the accompanier assigned to this referral can record its outcome.');
  }
  if (actor.role === 'specialist' && r.appointment && actor.id !== r.appointment.specialistId) {
    return refuse('forbidden', 'Only the specialist of this appointment can record its outcome.');
  }
  if (r.outcome) {
    if (isSameOutcome(r.outcome, input)) {
      return alreadySo(
        `This outcome (${r.outcome.attended ? 'attended' : 'not seen'}) was already recorded at ${r.outcome.recordedAt}: nothing changed.`,
      );
    }
    return refuse('conflict', 'A different outcome was already recorded for this appointment.');
  }
  if (r.status !== 'scheduled' && r.status !== 'departed' && r.status !== 'arrived') {
    return refuse('invalid_state', 'An outcome can be recorded only for a scheduled appointment.');
  }
  requireOutcomeWindow(r, input.attended, ctx.now);
  // The same limits as when the follow-up is moved later (POST /v1/referrals/{id}/follow-up).
  if (input.followUpDueAt !== undefined) requireFollowUpDate(input.followUpDueAt, ctx.now, 'followUpDueAt');

  const outcome: Outcome = {
    attended: input.attended,
    recordedAt: ctx.now,
    recordedBy: { role: actor.role, id: actor.id },
    ...(input.followUpDueAt !== undefined ? { followUpDueAt: input.followUpDueAt } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
  const next: Referral = {
    ...r,
    status: input.attended ? 'attended' : 'no_show',
    outcome,
    counts: input.attended ? r.counts : { ...r.counts, noShows: r.counts.noShows + 1 },
  };
  const recorded = makeEvent(r, ctx, 'outcome.recorded', {
    attended: input.attended,
    ...(input.followUpDueAt !== undefined ? { followUpDueAt: input.followUpDueAt } : {}),
  });
  return commit(r, next, [recorded], ctx);
}

/** A repeat is the same outcome when it says the same thing and adds nothing that differs. */
function isSameOutcome(recorded: Outcome, input: RecordOutcomeInput): boolean {
  if (recorded.attended !== input.attended) return false;
  if (input.followUpDueAt !== undefined) {
    if (recorded.followUpDueAt === undefined || !sameInstant(recorded.followUpDueAt, input.followUpDueAt)) {
      return false;
    }
  }
  return input.note === undefined || input.note === recorded.note;
}
