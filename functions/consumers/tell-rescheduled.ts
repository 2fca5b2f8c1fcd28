import type { Consumer } from './dispatch.ts';
import { rescheduledEmail } from './emails/rescheduled-email.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';
import {
  appointmentMailBase,
  consumerLog,
  readMailRecipients,
  specialistCalendar,
} from './specialist-mail.ts';
import { referringWorker, tellStaff } from './staff-feed.ts';

/**
 * appointment.rescheduled → everyone concerned: the specialist by email with an updated calendar
 * invitation (the same uid as the confirmation, the sequence counting the changes, so their calendar
 * moves the event) and a fresh outcome link; the accompanier and the referring worker in their feeds.
 * Skipped when the appointment moved again since (that later change tells everyone) or was closed.
 */
export const tellRescheduled: Consumer<NotifyDeps> = {
  name: 'tell-rescheduled',
  handles: ['appointment.rescheduled'],
  async handle(event, deps) {
    if (event.type !== 'appointment.rescheduled') return;
    const log = consumerLog(deps, 'tell-rescheduled', event);
    const r = await referralOf(deps, event);
    const appointment = r?.appointment;
    if (
      !r ||
      !appointment ||
      r.status === 'closed' ||
      Date.parse(appointment.at) !== Date.parse(event.data.at)
    ) {
      return log.info('appointment no longer as rescheduled: nobody told');
    }
    await tellStaff(
      deps,
      r,
      event,
      'appointment_rescheduled',
      [referringWorker(r), r.accompaniment.accompanierId],
      { team: true },
    );

    const now = deps.clock.now();
    const recipients = await readMailRecipients(deps, appointment.specialistId, r.org);
    const base = await appointmentMailBase(deps, r, appointment, now, recipients);
    if (!base) return log.warn('specialist not in the directory: no email');
    await deps.mailer.send(
      rescheduledEmail({
        ...base,
        previousAt: new Date(event.data.previousAt),
        calendar: specialistCalendar(
          appointment.offerId,
          calendarSequence(r.timeline, event.at),
          now,
          recipients[1],
        ),
      }),
    );
    log.info('reschedule sent', { specialistId: appointment.specialistId });
  },
};

/**
 * The iCalendar sequence of the appointment after the changes up to `until`: 0 for the invitation, then
 * one more per reschedule (and one more for a cancellation after them).
 */
export function calendarSequence(
  timeline: readonly { readonly action: string; readonly at: string }[],
  until: string,
): number {
  return timeline.filter(
    (e) => e.action === 'appointment.rescheduled' && Date.parse(e.at) <= Date.parse(until),
  ).length;
}
