import { refuse } from '../errors.ts';
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

/** Further ahead than this is a typo (a year 2062), not an appointment. */
const MAX_AHEAD_MS = 366 * 24 * 3600_000;

/**
 * `POST /o/{token}/accept`: the specialist accepts with a time (and place). The first valid acceptance
 * wins; the referral is `scheduled` and every other pending offer withdrawn as taken, in one write.
 */
export async function acceptByLink(
  deps: LinkDeps,
  link: LinkRef,
  input: AcceptByLinkInput,
): Promise<Referral> {
  if (link.purpose !== 'offer') throw new LinkRefusedError('invalid');
  let practice: string | undefined;
  return answerByLink(deps, link, async (r, offer, ctx) => {
    if (Date.parse(input.appointmentAt) - Date.parse(ctx.now) > MAX_AHEAD_MS) {
      refuse('invalid_input', 'The appointment must be within the next year.', 'appointmentAt');
    }
    practice ??= (await deps.specialists.get(offer.specialistId))?.practice ?? '';
    const place = input.place ?? practice;
    return Rules.acceptOffer(r, { offerId: offer.id, appointmentAt: input.appointmentAt, place }, ctx);
  });
}
