import type { Mail } from '../../../domain/ports.ts';
import { formatDateTime } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import { rescheduleWord } from '../../ui/reschedule-words.ts';
import { type AppointmentEmailInput, appointmentEmail } from './appointment-email.ts';

export type RescheduledEmailInput = NoHealthData<
  AppointmentEmailInput & {
    /** The time it was moved from. */
    readonly previousAt: Date;
  }
>;

/**
 * Tells the specialist that an appointment moved, with an updated calendar invitation (same uid, higher
 * sequence, so calendars move the event rather than add one) and a fresh outcome link (the first one
 * expired a week after the old time).
 */
export function rescheduledEmail(input: RescheduledEmailInput): Mail {
  assertNoHealthData(input);
  const { locale, timeZone } = input;
  return appointmentEmail(input, {
    subject: (when) => rescheduleWord(locale, 'subject', { when }),
    intro: rescheduleWord(locale, 'intro'),
    underFacts: rescheduleWord(locale, 'previous', {
      when: formatDateTime(locale, input.previousAt, timeZone),
    }),
  });
}
