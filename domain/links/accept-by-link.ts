import type { Instant, Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';
import { answerByLink } from './answer-by-link.ts';
import type { LinkDeps } from './deps.ts';
import { type LinkRef, LinkRefusedError } from './link-state.ts';

export interface AcceptByLinkInput {
  readonly appointmentAt: Instant;
  /** Where; the specialist's practice when not given. */
  readonly place?: string;
}

/**
 * `POST /o/{token}/accept`: the specialist accepts with a time (and place). The first valid acceptance
 * wins; the referral is `scheduled` and every other pending offer withdrawn as taken, in one write. The
 * time is held to the one booking window (referral/appointment-window.ts, in the rule), as a coordinator's is.
 */
export async function acceptByLink(
  deps: LinkDeps,
  link: LinkRef,
  input: AcceptByLinkInput,
): Promise<Referral> {
  if (link.purpose !== 'offer') throw new LinkRefusedError('invalid');
  let practice: string | undefined;
  return answerByLink(deps, link, async (r, offer, ctx) => {
    practice ??= (await deps.specialists.get(offer.specialistId))?.practice ?? '';
    const place = input.place ?? practice;
    return Rules.acceptOffer(r, { offerId: offer.id, appointmentAt: input.appointmentAt, place }, ctx);
  });
}
