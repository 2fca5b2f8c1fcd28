import type { Transition, TransitionContext } from '../../ports.ts';
import { answerableOffer, requireText } from '../guards.ts';
import type { Referral } from '../model.ts';
import { answerOne, offerRef } from '../offers.ts';
import { commit, makeEvent } from '../transition.ts';

export interface RequestMoreInfoInput {
  readonly offerId: string;
  /** Free text for the referring worker; kept on the referral, never put in an event. */
  readonly question: string;
}

/**
 * A specialist asks for more information before answering. The referral waits `on_hold` (its timer
 * paused) until the worker answers; the other pending offers are withdrawn meanwhile, and their
 * specialists kept on the hold (`paused`): the answer offers it to them again (provide-info.ts).
 */
export function requestMoreInfo(
  r: Referral,
  input: RequestMoreInfoInput,
  ctx: TransitionContext,
): Transition {
  const offer = answerableOffer(r, input.offerId, ctx.now);
  requireText(input.question, 'question', 'The question cannot be empty.');

  const asked = makeEvent(r, ctx, 'offer.info_requested', offerRef(offer));
  const { offers, withdrawn } = answerOne(r, offer, 'more_info', 'on_hold', ctx);
  const next: Referral = {
    ...r,
    status: 'on_hold',
    offers,
    hold: {
      reason: 'more_info',
      since: ctx.now,
      offerId: offer.id,
      specialistId: offer.specialistId,
      question: input.question,
      paused: withdrawn.map((e) => e.data.specialistId),
    },
  };
  return commit(r, next, [asked, ...withdrawn], ctx);
}
