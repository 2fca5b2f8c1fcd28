import { alreadySo, refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireFollowUpDate } from '../appointment-window.ts';
import { sameInstant } from '../guards.ts';
import type { Outcome, Referral } from '../model.ts';
import { commit, makeEvent, unchanged, without } from '../transition.ts';

/** The follow-up was done, or it is due at another date. */
export type RecordFollowUpInput = { readonly done: true } | { readonly dueAt: string };

/** Whether a follow-up date can be set or moved: the appointment's outcome was recorded. */
export const followUpMovable = (r: Referral): boolean =>
  r.outcome !== undefined && (r.status === 'attended' || r.status === 'no_show');

/** Whether a follow-up is pending, so that it can be recorded as done. */
export const followUpPending = (r: Referral): boolean =>
  followUpMovable(r) && r.outcome?.followUpDueAt !== undefined;

/**
 * The follow-up of an appointment (set with its outcome) was done, or moves to another date. Done, it is
 * no longer pending: the `follow_up_due` deadline is gone and its escalation resolves. Moved (a date
 * strictly ahead and within 18 months, like an appointment), the deadline follows the new date and an
 * escalation raised for the old one resolves. A date may also be set when none was pending (a check
 * decided later). Done twice is a 409 saying when it was done; the same date again
 * changes nothing.
 */
export function recordFollowUp(r: Referral, input: RecordFollowUpInput, ctx: TransitionContext): Transition {
  const outcome = r.outcome;
  if (!outcome || !followUpMovable(r)) {
    return refuse('invalid_state', 'A follow-up belongs to an appointment whose outcome was recorded.');
  }
  const previousDueAt = outcome.followUpDueAt;
  if ('done' in input) {
    if (input.done !== true) return refuse('invalid_input', 'Send `done: true` or a new `dueAt`.', 'done');
    if (previousDueAt === undefined) {
      if (outcome.followUpDone) {
        return alreadySo(
          `The follow-up was already recorded as done at ${outcome.followUpDone.at}: nothing changed.`,
        );
      }
      return refuse('invalid_state', 'No follow-up is pending for this referral.');
    }
    const done: Outcome = {
      ...without(outcome, 'followUpDueAt'),
      followUpDone: { at: ctx.now, by: { role: ctx.actor.role, id: ctx.actor.id }, dueAt: previousDueAt },
    };
    return commit(
      r,
      { ...r, outcome: done },
      [makeEvent(r, ctx, 'follow_up.recorded', { done: true, previousDueAt })],
      ctx,
    );
  }
  requireFollowUpDate(input.dueAt, ctx.now, 'dueAt');
  if (previousDueAt !== undefined && sameInstant(previousDueAt, input.dueAt)) return unchanged(r);
  const dueAt = new Date(Date.parse(input.dueAt)).toISOString();
  const moved: Outcome = { ...without(outcome, 'followUpDone'), followUpDueAt: dueAt };
  return commit(
    r,
    { ...r, outcome: moved },
    [makeEvent(r, ctx, 'follow_up.recorded', { done: false, dueAt, previousDueAt })],
    ctx,
  );
}
