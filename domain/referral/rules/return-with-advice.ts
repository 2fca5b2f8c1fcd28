import type { Transition, TransitionContext } from '../../ports.ts';
import { answerableOffer, requireText } from '../guards.ts';
import type { Referral } from '../model.ts';
import { answerOne, offerRef } from '../offers.ts';
import { commit, makeEvent } from '../transition.ts';

export interface ReturnWithAdviceInput {
  readonly offerId: string;
  /** Free text for the referring worker; kept on the referral, never put in an event. */
  readonly advice: string;
}

/**
 * A specialist answers that no visit is needed and gives advice instead: the referral is closed as
 * `returned_with_advice` and the other pending offers are withdrawn.
 */
export function returnWithAdvice(
  r: Referral,
  input: ReturnWithAdviceInput,
  ctx: TransitionContext,
): Transition {
  const offer = answerableOffer(r, input.offerId, ctx.now);
  requireText(input.advice, 'advice', 'The advice cannot be empty.');

  const returned = makeEvent(r, ctx, 'referral.returned_with_advice', offerRef(offer));
  const { offers, withdrawn } = answerOne(r, offer, 'returned', 'closed', ctx);
  const closed = makeEvent(r, ctx, 'referral.closed', { reason: 'returned_with_advice' });
  const next: Referral = {
    ...r,
    status: 'closed',
    closeReason: 'returned_with_advice',
    advice: input.advice,
    offers,
  };
  return commit(r, next, [returned, ...withdrawn, closed], ctx);
}
