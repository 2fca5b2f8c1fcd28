import type { Mail } from '../../../domain/ports.ts';
import { sharedFacts } from '../../ui/facts.ts';
import { formatDateTime, t } from '../../ui/messages.ts';
import type { NoHealthData } from '../../ui/no-health-data.ts';
import { contactThroughOrganisationOnly } from '../../ui/reschedule-words.ts';
import {
  type CalendarRef,
  DEFAULT_APPOINTMENT_MINUTES,
  type Localised,
  type MailMinimum,
  type ReferringOrg,
  type SpecialistRecipient,
} from '../../ui/types.ts';
import { appointmentIcs } from './ics.ts';
import { type Block, renderMail } from './layout.ts';

/**
 * What an email about a set appointment (the confirmation, a change of time) is made from: its time, not
 * its place (typed by people, it may say what the specialty says): the outcome link's page shows it.
 */
export type AppointmentEmailInput = NoHealthData<
  MailMinimum &
    Localised & {
      readonly specialist: SpecialistRecipient;
      readonly referringOrg: ReferringOrg;
      readonly appointmentAt: Date;
      /** Length of the calendar event; defaults to 30 minutes. */
      readonly durationMinutes?: number;
      /** The signed outcome link: attended or not, in one click; its page shows the place. */
      readonly outcomeLink: string;
      /** When the outcome link stops working (a week after the appointment). */
      readonly outcomeLinkExpiresAt: Date;
      /** The invitation's uid, with a sequence above the invitation's and every earlier change's. */
      readonly calendar: CalendarRef;
    }
>;

/** The neutral calendar title: "Relais appointment", nothing of what for. */
export function appointmentSummary(locale: Localised['locale']): string {
  return t(locale, 'ics.summary');
}

/** What tells the confirmation and the change of time apart. */
export interface AppointmentEmailWords {
  /** The subject, given the appointment's time as shown. */
  readonly subject: (when: string) => string;
  /** The paragraph after the greeting. */
  readonly intro: string;
  /** A line in small print under the facts. */
  readonly underFacts?: string;
}

/**
 * An email about a set appointment, with a calendar invitation (method REQUEST: a calendar adds the
 * event, or moves it when the uid is known) and the outcome link, whose page shows the place. The
 * calendar event holds the time and the referring organisation's contact only (calendars are synced and
 * shared more widely than mail); the outcome link stays in the email. The caller has checked the input
 * for health data.
 */
export function appointmentEmail(input: AppointmentEmailInput, words: AppointmentEmailWords): Mail {
  const { locale, specialist, referringOrg, timeZone } = input;
  const when = formatDateTime(locale, input.appointmentAt, timeZone);
  const underFacts: Block[] = words.underFacts ? [{ kind: 'small', text: words.underFacts }] : [];
  return renderMail({
    to: specialist.email,
    locale,
    subject: words.subject(when),
    blocks: [
      { kind: 'paragraph', text: t(locale, 'email.greeting', { name: specialist.displayName }) },
      { kind: 'paragraph', text: words.intro },
      {
        kind: 'facts',
        rows: [
          [t(locale, 'label.when'), when],
          ...sharedFacts(locale, input),
          [t(locale, 'label.referredBy'), `${referringOrg.name} (${referringOrg.contact})`],
        ],
      },
      ...underFacts,
      { kind: 'paragraph', text: t(locale, 'confirmation.details') },
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
        content: invitation(input),
      },
    ],
  });
}

function invitation(input: AppointmentEmailInput): string {
  const { locale, specialist, referringOrg, calendar } = input;
  return appointmentIcs({
    uid: calendar.uid,
    sequence: calendar.sequence,
    method: 'REQUEST',
    start: input.appointmentAt,
    durationMinutes: input.durationMinutes ?? DEFAULT_APPOINTMENT_MINUTES,
    summary: appointmentSummary(locale),
    description: t(locale, 'ics.description', { org: referringOrg.name, contact: referringOrg.contact }),
    ...(calendar.now ? { now: calendar.now } : {}),
    ...(calendar.organizer
      ? { organizer: calendar.organizer, attendee: { email: specialist.email, name: specialist.displayName } }
      : {}),
  });
}
