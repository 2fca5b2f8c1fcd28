import { refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { CLOSE_REASONS, type CloseReason, type Referral } from '../model.ts';
import { withdrawPending } from '../offers.ts';
import { commit, makeEvent, without } from '../transition.ts';

/**
 * Closes a referral from any state that is not closed; pending offers are withdrawn so their links say
 * the request is closed. Closing a closed referral is a conflict: of concurrent closes, one wins.
 */
export function closeReferral(
  r: Referral,
  input: { readonly reason: CloseReason },
  ctx: TransitionContext,
): Transition {
  if (r.status === 'closed') return refuse('conflict', 'This referral is already closed.');
  if (!CLOSE_REASONS.includes(input.reason)) {
    return refuse('invalid_input', 'The close reason is not known.', 'reason');
  }
  return closeAs(r, input.reason, ctx);
}

/** Closes a non-closed referral for a reason; shared with consent withdrawal. */
export function closeAs(
  r: Referral,
  reason: CloseReason,
  ctx: TransitionContext,
  patch: Partial<Referral> = {},
): Transition {
  const pending = withdrawPending(r, 'closed', ctx);
  const next: Referral = {
    ...without(r, 'hold'),
    ...patch,
    status: 'closed',
    closeReason: reason,
    offers: pending.offers,
  };
  // The closing first: it is the change, the withdrawals follow from it (commit).
  return commit(r, next, [makeEvent(r, ctx, 'referral.closed', { reason }), ...pending.events], ctx);
}
