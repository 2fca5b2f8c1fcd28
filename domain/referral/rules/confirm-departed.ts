import { alreadySo, refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireJourneyWindow } from '../appointment-window.ts';
import { requireAssignedAccompanier } from '../guards.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent } from '../transition.ts';

/**
 * The assigned accompanier confirms leaving the meeting point with the person, once (API.md
 * "confirmations, each once"): a repeat is a 409 saying it was already confirmed, not a 200 that did
 * nothing (a retry learns the first one counted). From 12 hours before the appointment, as an arrival.
 */
export function confirmDeparted(r: Referral, ctx: TransitionContext): Transition {
  const accompanierId = requireAssignedAccompanier(r, ctx);
  if (r.accompaniment.departedAt)
    return alreadySo(`Departure was already confirmed at ${r.accompaniment.departedAt}: nothing changed.`);
  if (r.status !== 'scheduled') {
    return refuse('invalid_state', 'Departure can be confirmed only for a scheduled appointment.');
  }
  requireJourneyWindow(r, ctx.now, 'Departure');
  const next: Referral = {
    ...r,
    status: 'departed',
    accompaniment: { ...r.accompaniment, departedAt: ctx.now },
  };
  return commit(r, next, [makeEvent(r, ctx, 'accompaniment.departed', { accompanierId })], ctx);
}
