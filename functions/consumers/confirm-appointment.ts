import type { Deps } from '../lib/deps.ts';
import { confirmationEmail } from '../notify/templates/index.ts';
import { withReadsBesideClaim } from './dispatch.ts';
import {
  appointmentMailBase,
  consumerLog,
  type ReferralAndRecipients,
  readReferralAndRecipients,
} from './specialist-mail.ts';

/**
 * appointment.scheduled → the confirmation to the specialist who accepted: time, place, the referring
 * desk's contact, an iCalendar invitation, and the outcome link (valid until a week after the
 * appointment). Skipped when the referral has moved on since (closed, re-routed).
 */
export const confirmAppointment = withReadsBesideClaim<Deps, ReferralAndRecipients | undefined>({
  name: 'confirm-appointment',
  handles: ['appointment.scheduled'],
  read: async (event, deps) =>
    event.type === 'appointment.scheduled' ? readReferralAndRecipients(deps, event) : undefined,
  async act(event, deps, read) {
    if (event.type !== 'appointment.scheduled' || !read) return;
    const log = consumerLog(deps, 'confirm-appointment', event);
    const [r, recipients] = read;
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
        // One calendar event per accepted offer; a reschedule sends the same uid with a higher sequence.
        calendar: { uid: `${appointment.offerId}@relais`, sequence: 0, now },
      }),
    );
    log.info('confirmation sent', { offerId: appointment.offerId, specialistId: appointment.specialistId });
  },
});
