import type { Mail } from '../../../domain/ports.ts';
import { appointmentIcs } from '../ics.ts';
import { sharedFacts } from './facts.ts';
import { renderMail } from './layout.ts';
import { formatDateTime, specialtyName, t } from './messages.ts';
import { assertNoHealthData, type NoHealthData } from './no-health-data.ts';
import { contactThroughOrganisationOnly } from './rescheduled-email.ts';
import {
  type CalendarRef,
  DEFAULT_APPOINTMENT_MINUTES,
  type Localised,
  type ReferringOrg,
  type SharedMinimum,
  type SpecialistRecipient,
} from './types.ts';

export type ConfirmationEmailInput = NoHealthData<
  SharedMinimum &
    Localised & {
      readonly specialist: SpecialistRecipient;
      readonly referringOrg: ReferringOrg;
      readonly appointmentAt: Date;
      readonly place: string;
      /** Length of the calendar event; defaults to 30 minutes. */
      readonly durationMinutes?: number;
      /** The signed outcome link: attended or not, in one click. */
      readonly outcomeLink: string;
      /** When the outcome link stops working (a week after the appointment). */
      readonly outcomeLinkExpiresAt: Date;
      readonly calendar: CalendarRef;
    }
>;

/** The neutral calendar title: "Relais appointment — Ophthalmology". */
export function appointmentSummary(
  locale: Localised['locale'],
  specialty: SharedMinimum['specialty'],
): string {
  return t(locale, 'ics.summary', { specialty: specialtyName(locale, specialty) });
}

/**
 * Confirms an accepted appointment to the specialist, with a calendar invitation and the outcome link.
 * The calendar event holds the time, the place and the referring organisation's contact only (calendars
 * are synced and shared more widely than mail); the outcome link stays in the email.
 */
export function confirmationEmail(input: ConfirmationEmailInput): Mail {
  assertNoHealthData(input);
  const { locale, specialist, referringOrg, timeZone, calendar } = input;
  const when = formatDateTime(locale, input.appointmentAt, timeZone);
  const ics = appointmentIcs({
    uid: calendar.uid,
    sequence: calendar.sequence,
    method: 'REQUEST',
    start: input.appointmentAt,
    durationMinutes: input.durationMinutes ?? DEFAULT_APPOINTMENT_MINUTES,
    summary: appointmentSummary(locale, input.specialty),
    location: input.place,
    description: t(locale, 'ics.description', { org: referringOrg.name, contact: referringOrg.contact }),
    ...(calendar.now ? { now: calendar.now } : {}),
    ...(calendar.organizer
      ? { organizer: calendar.organizer, attendee: { email: specialist.email, name: specialist.displayName } }
      : {}),
  });
  return renderMail({
    to: specialist.email,
    locale,
    subject: t(locale, 'confirmation.subject', { when }),
    blocks: [
      { kind: 'paragraph', text: t(locale, 'email.greeting', { name: specialist.displayName }) },
      { kind: 'paragraph', text: t(locale, 'confirmation.intro') },
      {
        kind: 'facts',
        rows: [
          [t(locale, 'label.when'), when],
          [t(locale, 'label.where'), input.place],
          ...sharedFacts(locale, input),
          [t(locale, 'label.referredBy'), `${referringOrg.name} (${referringOrg.contact})`],
        ],
      },
      { kind: 'paragraph', text: t(locale, 'confirmation.calendar') },
      {
        kind: 'paragraph',
        text: input.contactThroughOrganisationOnly
          ? contactThroughOrganisationOnly(locale, referringOrg)
          : t(locale, 'confirmation.contact', { org: referringOrg.name, contact: referringOrg.contact }),
      },
      { kind: 'paragraph', text: t(locale, 'confirmation.outcome') },
      { kind: 'button', label: t(locale, 'confirmation.outcomeButton'), href: input.outcomeLink },
      {
        kind: 'small',
        text: t(locale, 'confirmation.outcomeUntil', {
          deadline: formatDateTime(locale, input.outcomeLinkExpiresAt, timeZone),
        }),
      },
      { kind: 'small', text: t(locale, 'email.personalLink') },
    ],
    footer: [t(locale, 'email.noHealthData'), t(locale, 'email.signature')],
    attachments: [
      {
        filename: 'relais-appointment.ics',
        contentType: 'text/calendar; charset=utf-8; method=REQUEST',
        content: ics,
      },
    ],
  });
}
