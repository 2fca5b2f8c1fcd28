import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent, without } from '../transition.ts';

/**
 * The person absent at the meeting point is back: the referral is `scheduled` again with its appointment
 * kept, ready to be rescheduled; the journey confirmations start over.
 */
export function markSeenAgain(r: Referral, ctx: TransitionContext): Transition {
  if (r.status !== 'on_hold' || r.hold?.reason !== 'person_absent') {
    return refuse('invalid_state', 'The referral is not waiting for the person to be seen again.');
  }
  const next: Referral = {
    ...without(r, 'hold'),
    status: 'scheduled',
    accompaniment: without(r.accompaniment, 'departedAt', 'arrivedAt'),
  };
  return commit(r, next, [makeEvent(r, ctx, 'person.seen_again', {})], ctx);
}
