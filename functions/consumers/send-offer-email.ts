import { sharedView } from '../../domain/use-cases/links/view-link.ts';
import type { Deps } from '../lib/deps.ts';
import { offerEmail } from '../notify/templates/index.ts';
import type { Consumer } from './dispatch.ts';
import { linkUrl } from './links.ts';

/**
 * offer.sent → the offer email to that specialist, in their language, with a freshly signed link valid
 * until the offer's deadline. Built from the shared minimum only (no pseudonym, no reason). An offer
 * that is no longer pending when the event arrives (taken meanwhile, withdrawn) gets no email: its link
 * would only say so.
 */
export const sendOfferEmail: Consumer<Deps> = {
  name: 'send-offer-email',
  handles: ['offer.sent'],
  async handle(event, deps) {
    if (event.type !== 'offer.sent') return;
    const log = deps.logger.child({
      consumer: 'send-offer-email',
      eventId: event.id,
      referralId: event.referralId,
    });
    const r = await deps.store.get(event.referralId);
    const offer = r?.offers.find((o) => o.id === event.data.offerId);
    if (!r || !offer) return log.warn('offer not found: no email');
    const now = deps.clock.now();
    if (offer.state !== 'pending' || now.getTime() >= Date.parse(offer.expiresAt)) {
      return log.info('offer no longer pending: no email', { state: offer.state });
    }
    const specialist = await deps.specialists.get(offer.specialistId);
    if (!specialist)
      return log.warn('specialist not in the directory: no email', { specialistId: offer.specialistId });

    const shared = sharedView(r, await deps.organisations.get(r.org));
    const expiresAt = new Date(offer.expiresAt);
    const token = await deps.linkTokens.sign({
      purpose: 'offer',
      offerId: offer.id,
      referralId: r.id,
      expiresAt,
      now,
    });
    await deps.mailer.send(
      offerEmail({
        locale: specialist.locale,
        specialist: { displayName: specialist.displayName, email: specialist.email },
        referringOrg: shared.referringOrg,
        specialty: shared.specialty,
        urgency: shared.urgency,
        languages: shared.languages,
        interpreterNeeded: shared.interpreterNeeded,
        accompanied: shared.accompanied,
        contactThroughOrganisationOnly: shared.contactThroughOrganisationOnly,
        link: linkUrl(deps, token),
        expiresAt,
      }),
    );
    log.info('offer email sent', { offerId: offer.id, specialistId: specialist.id });
  },
};
