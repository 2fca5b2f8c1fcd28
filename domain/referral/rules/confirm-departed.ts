import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireAssignedAccompanier } from '../guards.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/**
 * The assigned accompanier confirms leaving the meeting point with the person. A repeat tap changes
 * nothing.
 */
export function confirmDeparted(r: Referral, ctx: TransitionContext): Transition {
  const accompanierId = requireAssignedAccompanier(r, ctx);
  if (r.accompaniment.departedAt) return unchanged(r);
  if (r.status !== 'scheduled') {
    return refuse('invalid_state', 'Departure can be confirmed only for a scheduled appointment.');
  }
  const next: Referral = {
    ...r,
    status: 'departed',
    accompaniment: { ...r.accompaniment, departedAt: ctx.now },
  };
  return commit(r, next, [makeEvent(r, ctx, 'accompaniment.departed', { accompanierId })], ctx);
}
