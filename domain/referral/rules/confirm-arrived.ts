import { alreadySo, refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireJourneyWindow } from '../appointment-window.ts';
import { requireAssignedAccompanier } from '../guards.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent } from '../transition.ts';

/**
 * The assigned accompanier confirms arriving at the appointment with the person (with or without a
 * confirmed departure first), once: a repeat is a 409 saying it was already confirmed.
 */
export function confirmArrived(r: Referral, ctx: TransitionContext): Transition {
  const accompanierId = requireAssignedAccompanier(r, ctx);
  if (r.accompaniment.arrivedAt)
    return alreadySo(`Arrival was already confirmed at ${r.accompaniment.arrivedAt}: nothing changed.`);
  if (r.status !== 'scheduled' && r.status !== 'departed') {
    return refuse('invalid_state', 'Arrival can be confirmed only for a scheduled appointment.');
  }
  requireJourneyWindow(r, ctx.now, 'Arrival');
  const next: Referral = {
    ...r,
    status: 'arrived',
    accompaniment: { ...r.accompaniment, arrivedAt: ctx.now },
  };
  return commit(r, next, [makeEvent(r, ctx, 'accompaniment.arrived', { accompanierId })], ctx);
}
