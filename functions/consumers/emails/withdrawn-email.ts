import type { Mail } from '../../../domain/ports.ts';
import { formatDateTime, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import {
  type CalendarRef,
  DEFAULT_APPOINTMENT_MINUTES,
  type Localised,
  type SpecialistRecipient,
} from '../../ui/types.ts';
import { appointmentSummary } from './appointment-email.ts';
import { appointmentIcs } from './ics.ts';
import { renderMail } from './layout.ts';

export type WithdrawnEmailInput = NoHealthData<
  Localised & {
    readonly specialist: SpecialistRecipient;
    /** When an appointment was already set: it is cancelled in the specialist's calendar too. */
    readonly appointment?: NoHealthData<{
      readonly at: Date;
      readonly durationMinutes?: number;
      /** The same uid as the invitation, with a higher sequence. */
      readonly calendar: CalendarRef;
    }>;
  }
>;

/**
 * The neutral "request withdrawn" email (consent withdrawn, referral closed): it says no more than that,
 * in particular not why, nor what for (no specialty): the time of the appointment, if one was set, tells
 * the specialist which.
 */
export function withdrawnEmail(input: WithdrawnEmailInput): Mail {
  assertNoHealthData(input);
  const { locale, specialist, appointment, timeZone } = input;
  const when = appointment ? formatDateTime(locale, appointment.at, timeZone) : undefined;
  return renderMail({
    to: specialist.email,
    locale,
    subject: t(locale, 'withdrawn.subject'),
    blocks: [
      { kind: 'paragraph', text: t(locale, 'email.greeting', { name: specialist.displayName }) },
      {
        kind: 'paragraph',
        text: t(locale, 'withdrawn.body'),
      },
      ...(when ? [{ kind: 'paragraph' as const, text: t(locale, 'withdrawn.appointment', { when }) }] : []),
      { kind: 'paragraph', text: t(locale, 'withdrawn.thanks') },
    ],
    footer: [t(locale, 'email.signature')],
    ...(appointment
      ? {
          attachments: [
            {
              filename: 'relais-appointment-cancelled.ics',
              contentType: 'text/calendar; charset=utf-8; method=CANCEL',
              content: appointmentIcs({
                uid: appointment.calendar.uid,
                sequence: appointment.calendar.sequence,
                method: 'CANCEL',
                start: appointment.at,
                durationMinutes: appointment.durationMinutes ?? DEFAULT_APPOINTMENT_MINUTES,
                summary: appointmentSummary(locale),
                ...(appointment.calendar.now ? { now: appointment.calendar.now } : {}),
                ...(appointment.calendar.organizer
                  ? {
                      organizer: appointment.calendar.organizer,
                      attendee: { email: specialist.email, name: specialist.displayName },
                    }
                  : {}),
              }),
            },
          ],
        }
      : {}),
  });
}
