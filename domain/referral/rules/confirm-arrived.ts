import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireArrivalWindow } from '../appointment-window.ts';
import { requireAssignedAccompanier } from '../guards.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/**
 * The assigned accompanier confirms arriving at the appointment with the person (with or without a
 * confirmed departure first). A repeat tap changes nothing.
 */
export function confirmArrived(r: Referral, ctx: TransitionContext): Transition {
  const accompanierId = requireAssignedAccompanier(r, ctx);
  if (r.accompaniment.arrivedAt) return unchanged(r);
  if (r.status !== 'scheduled' && r.status !== 'departed') {
    return refuse('invalid_state', 'Arrival can be confirmed only for a scheduled appointment.');
  }
  requireArrivalWindow(r, ctx.now);
  const next: Referral = {
    ...r,
    status: 'arrived',
    accompaniment: { ...r.accompaniment, arrivedAt: ctx.now },
  };
  return commit(r, next, [makeEvent(r, ctx, 'accompaniment.arrived', { accompanierId })], ctx);
}
