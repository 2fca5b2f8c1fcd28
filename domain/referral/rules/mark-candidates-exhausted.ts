import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent, unchanged } from '../transition.ts';

/**
 * No candidate is left to offer an open referral to: records it (the coordinator is alerted on the
 * event). The referral stays `open`. Marking it again before anything was offered changes nothing, so
 * the alert goes out once. Marking it while offers are pending changes nothing either: one may yet be
 * accepted, and the referral is marked when it is back to `open`.
 */
export function markCandidatesExhausted(r: Referral, ctx: TransitionContext): Transition {
  if (r.status === 'offered') return unchanged(r);
  if (r.status !== 'open') {
    return refuse('invalid_state', 'Only an open referral can run out of candidates.');
  }
  if (r.candidatesExhaustedAt) return unchanged(r);
  const next: Referral = { ...r, candidatesExhaustedAt: ctx.now };
  return commit(r, next, [makeEvent(r, ctx, 'referral.candidates_exhausted', {})], ctx);
}
