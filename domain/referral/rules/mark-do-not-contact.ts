import type { Transition, TransitionContext } from '../../ports.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/**
 * The person is not to be contacted directly: contact goes through the referring organisation only, and
 * specialists are told so. Kept on the referral (the timeline says who decided it); a referral already
 * marked, or closed (nothing is shared any more), is left as it is, so the caller can run this over
 * every referral of the person and retry.
 */
export function markDoNotContact(r: Referral, ctx: TransitionContext): Transition {
  if (r.status === 'closed' || r.doNotContactDirectly) return unchanged(r);
  return commit(
    r,
    { ...r, doNotContactDirectly: true },
    [makeEvent(r, ctx, 'person.do_not_contact', {})],
    ctx,
  );
}
