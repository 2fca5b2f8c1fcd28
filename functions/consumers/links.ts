import type { Appointment, Offer, Referral } from '../../domain/referral/model.ts';
import type { SignLinkInput } from '../adapters/tokens/link-tokens.ts';
import type { Deps } from '../lib/deps.ts';

/** The address of a link page: `<publicBaseUrl>/o/<token>`. */
export const linkUrl = (deps: Pick<Deps, 'settings'>, token: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/o/${token}`;

/** An outcome link works until a week after the appointment. */
export const OUTCOME_LINK_DAYS = 7;

/** A link freshly signed for an email, and when it stops working. */
export interface SignedLink {
  readonly url: string;
  readonly expiresAt: Date;
}

type LinkSigningDeps = Pick<Deps, 'linkTokens' | 'settings'>;

/** A fresh link to an offer's page, valid until the offer's deadline (the offer email, the reminder). */
export function offerLink(deps: LinkSigningDeps, r: Referral, offer: Offer, now: Date): Promise<SignedLink> {
  return signedLink(deps, {
    purpose: 'offer',
    offerId: offer.id,
    referralId: r.id,
    expiresAt: new Date(offer.expiresAt),
    now,
  });
}

/**
 * A fresh outcome link for an appointment, valid until {@link OUTCOME_LINK_DAYS} after it (the
 * confirmation, and again after a reschedule, since the first one expires a week after the old time).
 */
export function outcomeLink(
  deps: LinkSigningDeps,
  r: Referral,
  appointment: Appointment,
  now: Date,
): Promise<SignedLink> {
  return signedLink(deps, {
    purpose: 'outcome',
    offerId: appointment.offerId,
    referralId: r.id,
    expiresAt: new Date(Date.parse(appointment.at) + OUTCOME_LINK_DAYS * 24 * 3600_000),
    now,
  });
}

/** An address link works for a month: long enough for a holiday, short enough not to linger. */
export const ADDRESS_LINK_DAYS = 30;

/**
 * A link to the page where a specialist confirms their address (`/o/<token>/address`): its token names
 * the specialist (`sub`) and the confirmation (`ref`), for the `address` purpose only.
 */
export async function addressLink(
  deps: LinkSigningDeps,
  specialistId: string,
  confirmationId: string,
  now: Date,
): Promise<SignedLink> {
  const expiresAt = new Date(now.getTime() + ADDRESS_LINK_DAYS * 24 * 3600_000);
  const token = await deps.linkTokens.sign({
    purpose: 'address',
    offerId: specialistId,
    referralId: confirmationId,
    expiresAt,
    now,
  });
  return { url: `${linkUrl(deps, token)}/address`, expiresAt };
}

async function signedLink(
  deps: LinkSigningDeps,
  input: SignLinkInput & { readonly now: Date },
): Promise<SignedLink> {
  return { url: linkUrl(deps, await deps.linkTokens.sign(input)), expiresAt: input.expiresAt };
}
