import { confirmationEmail } from './emails/index.ts';
import { appointmentMailBase, specialistCalendar, specialistEmailConsumer } from './specialist-mail.ts';

/**
 * appointment.scheduled → the confirmation to the specialist who accepted: the time, the referring
 * desk's contact, an iCalendar invitation, and the outcome link (valid until a week after the
 * appointment), whose page shows the place. Skipped when the referral has moved on since (closed,
 * re-routed).
 */
export const confirmAppointment = specialistEmailConsumer(
  'confirm-appointment',
  'appointment.scheduled',
  async (event, deps, { r, recipients, log }) => {
    const appointment = r?.appointment;
    if (
      !r ||
      !appointment ||
      appointment.offerId !== event.data.offerId ||
      appointment.specialistId !== event.data.specialistId ||
      r.status === 'closed'
    ) {
      return log.info('appointment no longer current: no confirmation');
    }
    const now = deps.clock.now();
    const base = await appointmentMailBase(deps, r, appointment, now, recipients);
    if (!base) return log.warn('specialist not in the directory: no confirmation');
    await deps.mailer.send(
      confirmationEmail({
        ...base,
        // One calendar event per accepted offer, organised by the referring desk; a reschedule sends the
        // same uid with a higher sequence.
        calendar: specialistCalendar(appointment.offerId, 0, now, recipients[1]),
      }),
    );
    log.info('confirmation sent', { offerId: appointment.offerId, specialistId: appointment.specialistId });
  },
);
