import { offerEmail } from './emails/index.ts';
import { offerLink } from './links.ts';
import { mailBaseOf, specialistEmailConsumer } from './specialist-mail.ts';

/**
 * offer.sent → the offer email to that specialist, in their language, with a freshly signed link valid
 * until the offer's deadline. Built from the shared minimum only (no pseudonym, no reason: the referral
 * is read with its sealed fields left sealed, and the organisation's data key is not fetched). An offer
 * that is no longer pending when the event arrives (taken meanwhile, withdrawn) gets no email: its link
 * would only say so. An email sent is recorded (OfferMails): only its specialist is told the offer ended.
 */
export const sendOfferEmail = specialistEmailConsumer(
  'send-offer-email',
  'offer.sent',
  async (event, deps, { r, recipients, log }) => {
    const offer = r?.offers.find((o) => o.id === event.data.offerId);
    if (!r || !offer || offer.specialistId !== event.data.specialistId) {
      return log.warn('offer not found: no email');
    }
    const now = deps.clock.now();
    if (offer.state !== 'pending' || now.getTime() >= Date.parse(offer.expiresAt)) {
      return log.info('offer no longer pending: no email', { state: offer.state });
    }
    const base = mailBaseOf(r, recipients);
    if (!base)
      return log.warn('specialist not in the directory: no email', { specialistId: offer.specialistId });

    const link = await offerLink(deps, r, offer, now);
    await deps.mailer.send(offerEmail({ ...base, link: link.url, expiresAt: link.expiresAt }));
    // After the send: a failure to record it retries the delivery (a rare second offer email) rather than
    // tell the specialist of an end to an offer they never had.
    await deps.offerMails.sent(offer.id, new Date(offer.expiresAt));
    log.info('offer email sent', { offerId: offer.id, specialistId: offer.specialistId });
  },
  // The shared minimum is none of the sealed fields: the referral is read sealed.
  { reveal: [] },
);
