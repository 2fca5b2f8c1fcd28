import { isAddressConfirmed, type Specialist } from '../directory/model.ts';
import { DomainError, type DomainErrorKind } from '../errors.ts';
import type { Instant, Offer, Referral } from '../referral/model.ts';

/**
 * What a verified specialist link names: one offer of one referral, for one purpose; or, for an
 * `address` link, one specialist (`offerId`) and the confirmation of their address (`referralId`).
 */
export interface LinkRef {
  readonly purpose: 'offer' | 'outcome' | 'address';
  /** The offer the link answers (for an outcome link: the accepted offer; an address link: the specialist). */
  readonly offerId: string;
  /** The referral the link was signed for; the offer must belong to it (an address link: the confirmation). */
  readonly referralId: string;
}

/**
 * What a link can do now, decided from the referral alone (never from the token, which only names the
 * offer):
 * - `open`: it can be answered;
 * - `waiting`: the specialist asked a question through it and the referral waits for the answer;
 * - `used`: it was answered already (accepted, declined, advice given, outcome recorded);
 * - `expired`: its offer ran out of time;
 * - `taken`: another specialist accepted first;
 * - `closed`: the referral moved on (closed, withdrawn, put on hold for another specialist's question);
 * - `uncertain`: an outcome link whose appointment is on hold, the person not found at the meeting point:
 *   nothing to record yet; it works again once the person is seen again or the appointment moves;
 * - `invalid`: it names no offer of that referral (or a referral that does not exist).
 */
export type LinkState =
  | 'open'
  | 'waiting'
  | 'used'
  | 'expired'
  | 'taken'
  | 'closed'
  | 'uncertain'
  | 'invalid';

const ms = (t: Instant): number => Date.parse(t);

/** The state of an offer link at `now`. */
export function offerLinkState(r: Referral | undefined, offerId: string, now: Instant): LinkState {
  const offer = r?.offers.find((o) => o.id === offerId);
  if (!r || !offer) return 'invalid';
  switch (offer.state) {
    case 'accepted':
    case 'declined':
    case 'returned':
      return 'used';
    case 'more_info':
      if (r.status === 'on_hold' && r.hold?.reason === 'more_info' && r.hold.offerId === offer.id) {
        return 'waiting';
      }
      return r.status === 'closed' ? 'closed' : 'used';
    case 'expired':
      return 'expired';
    case 'withdrawn':
      return r.appointment && r.appointment.offerId !== offer.id ? 'taken' : 'closed';
    case 'pending':
      break;
  }
  if (r.status === 'closed') return 'closed';
  if (!(ms(now) < ms(offer.expiresAt))) return 'expired';
  // A pending offer exists only while the referral is on offer; anything else has moved on.
  if (r.status !== 'offered') return 'closed';
  return 'open';
}

const APPOINTMENT_PENDING = ['scheduled', 'departed', 'arrived'] as const;

/** The state of an outcome link: open while the appointment it names waits for its outcome. */
export function outcomeLinkState(r: Referral | undefined, offerId: string): LinkState {
  const offer = r?.offers.find((o) => o.id === offerId);
  if (!r || !offer || offer.state !== 'accepted') return 'invalid';
  if (r.appointment?.offerId !== offer.id) return 'closed';
  if (r.outcome || r.status === 'attended' || r.status === 'no_show') return 'used';
  if (r.status === 'on_hold' && r.hold?.reason === 'person_absent') return 'uncertain';
  return (APPOINTMENT_PENDING as readonly string[]).includes(r.status) ? 'open' : 'closed';
}

/** The state of the link `link` names, at `now` (an address link names no referral: see addressLinkState). */
export function linkState(r: Referral | undefined, link: LinkRef, now: Instant): LinkState {
  if (link.purpose === 'address' || (r && r.id !== link.referralId)) return 'invalid';
  return link.purpose === 'offer' ? offerLinkState(r, link.offerId, now) : outcomeLinkState(r, link.offerId);
}

/**
 * The state of an address link, from the specialist's entry: open while the confirmation it was sent
 * for waits; `used` once confirmed; `closed` when the address changed since (a new confirmation, sent
 * to the new address, replaced it); `invalid` for no such specialist.
 */
export function addressLinkState(
  s: Pick<Specialist, 'addressConfirmed' | 'confirmationId'> | undefined,
  confirmationId: string,
): LinkState {
  if (!s || s.confirmationId === undefined) return 'invalid';
  if (s.confirmationId !== confirmationId) return 'closed';
  return isAddressConfirmed(s) ? 'used' : 'open';
}

/** The offer a link names; call only once its state is known not to be `invalid`. */
export function offerOf(r: Referral, link: LinkRef): Offer {
  const offer = r.offers.find((o) => o.id === link.offerId);
  if (!offer) throw new DomainError('not_found', 'This link does not name an offer.');
  return offer;
}

type Refused = Exclude<LinkState, 'open'>;

const REFUSAL: Readonly<Record<Refused, { kind: DomainErrorKind; message: string }>> = {
  waiting: { kind: 'conflict', message: 'This request waits for the answer to your question.' },
  used: { kind: 'gone', message: 'This link has already been used.' },
  expired: { kind: 'gone', message: 'This link has expired.' },
  taken: { kind: 'taken', message: 'Another specialist has already taken this appointment.' },
  closed: { kind: 'gone', message: 'This request has moved on or was withdrawn.' },
  uncertain: {
    kind: 'conflict',
    message: 'The appointment is uncertain: the person was not at the meeting point. Nothing to record yet.',
  },
  invalid: { kind: 'not_found', message: 'This link is not valid.' },
};

/**
 * A link that cannot do what was asked, and why. Nothing was changed. The edge shows the page (or the
 * problem) of its `state`: 410 used/expired/closed, 409 taken or waiting, 401 invalid.
 */
export class LinkRefusedError extends DomainError {
  constructor(readonly state: Refused) {
    super(REFUSAL[state].kind, REFUSAL[state].message);
    this.name = 'LinkRefusedError';
  }
}
