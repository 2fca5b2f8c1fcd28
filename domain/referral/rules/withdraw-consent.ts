import type { Transition, TransitionContext } from '../../ports.ts';
import type { Referral } from '../model.ts';
import { unchanged } from '../transition.ts';
import { closeAs } from './close-referral.ts';

/**
 * The person withdrew their consent: the referral is closed as `withdrawn`, every pending offer is
 * withdrawn (specialists get a neutral "request withdrawn"), and the withdrawal is kept on the consent.
 * A referral already closed has nothing left to stop, so it is left as it is (the caller runs this over
 * every referral of the person, and may retry).
 */
export function withdrawConsent(r: Referral, ctx: TransitionContext): Transition {
  if (r.status === 'closed') return unchanged(r);
  const consent = {
    ...r.consent,
    withdrawnAt: ctx.now,
    withdrawnBy: { role: ctx.actor.role, id: ctx.actor.id },
  };
  return closeAs(r, 'withdrawn', ctx, { consent });
}
