import type { Transition, TransitionContext } from '../../ports.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/**
 * A coordinator lifts "contact through the organisation only": the person may be contacted directly
 * again (the person said so, or it was marked by mistake). The timeline says who lifted it. A referral
 * not marked, or closed (nothing is shared any more), is left as it is, so the caller can run this over
 * every referral of the person and retry.
 */
export function liftDoNotContact(r: Referral, ctx: TransitionContext): Transition {
  if (r.status === 'closed' || !r.doNotContactDirectly) return unchanged(r);
  return commit(
    r,
    { ...r, doNotContactDirectly: false },
    [makeEvent(r, ctx, 'person.do_not_contact_lifted', {})],
    ctx,
  );
}
