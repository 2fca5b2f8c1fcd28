import { sharedView } from '../../domain/use-cases/links/view-link.ts';
import type { Deps } from '../lib/deps.ts';
import { confirmationEmail } from '../notify/templates/index.ts';
import type { Consumer } from './dispatch.ts';
import { linkUrl, OUTCOME_LINK_DAYS } from './links.ts';

/**
 * appointment.scheduled → the confirmation to the specialist who accepted: time, place, the referring
 * desk's contact, an iCalendar invitation, and the outcome link (valid until a week after the
 * appointment). Skipped when the referral has moved on since (closed, re-routed).
 */
export const confirmAppointment: Consumer<Deps> = {
  name: 'confirm-appointment',
  handles: ['appointment.scheduled'],
  async handle(event, deps) {
    if (event.type !== 'appointment.scheduled') return;
    const log = deps.logger.child({
      consumer: 'confirm-appointment',
      eventId: event.id,
      referralId: event.referralId,
    });
    const r = await deps.store.get(event.referralId);
    const appointment = r?.appointment;
    if (!r || !appointment || appointment.offerId !== event.data.offerId || r.status === 'closed') {
      return log.info('appointment no longer current: no confirmation');
    }
    const specialist = await deps.specialists.get(appointment.specialistId);
    if (!specialist) return log.warn('specialist not in the directory: no confirmation');

    const now = deps.clock.now();
    const at = new Date(appointment.at);
    const outcomeLinkExpiresAt = new Date(at.getTime() + OUTCOME_LINK_DAYS * 24 * 3600_000);
    const token = await deps.linkTokens.sign({
      purpose: 'outcome',
      offerId: appointment.offerId,
      referralId: r.id,
      expiresAt: outcomeLinkExpiresAt,
      now,
    });
    const shared = sharedView(r, await deps.organisations.get(r.org));
    await deps.mailer.send(
      confirmationEmail({
        locale: specialist.locale,
        specialist: { displayName: specialist.displayName, email: specialist.email },
        referringOrg: shared.referringOrg,
        specialty: shared.specialty,
        urgency: shared.urgency,
        languages: shared.languages,
        interpreterNeeded: shared.interpreterNeeded,
        accompanied: shared.accompanied,
        contactThroughOrganisationOnly: shared.contactThroughOrganisationOnly,
        appointmentAt: at,
        place: appointment.place,
        outcomeLink: linkUrl(deps, token),
        outcomeLinkExpiresAt,
        // One calendar event per accepted offer; a reschedule sends the same uid with a higher sequence.
        calendar: { uid: `${appointment.offerId}@relais`, sequence: 0, now },
      }),
    );
    log.info('confirmation sent', { offerId: appointment.offerId, specialistId: specialist.id });
  },
};
