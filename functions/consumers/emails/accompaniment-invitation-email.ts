import type { Mail } from '../../../domain/ports.ts';
import { formatDateTime, type Locale, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import { type CalendarRef, DEFAULT_APPOINTMENT_MINUTES } from '../../ui/types.ts';
import { appointmentIcs } from './ics.ts';
import { type Block, renderMail } from './layout.ts';

/**
 * What the accompanier's calendar invitation (or its cancellation) is made from: when to meet the person,
 * when the appointment is, and the referral's page. No pseudonym, no reason, no specialty, and neither
 * the place nor the meeting point ("outside the methadone clinic" is health data): the page shows them.
 */
export type AccompanimentInvitationInput = NoHealthData<{
  /** The organisation's desk: Relais knows no staff addresses (see tell-accompanier.ts). */
  readonly to: string;
  readonly locale: Locale;
  readonly timeZone?: string;
  readonly appointmentAt: Date;
  readonly meetingAt?: Date;
  readonly method: 'REQUEST' | 'CANCEL';
  /** The accompaniment's own uid (not the specialist's), with a higher sequence at each change. */
  readonly calendar: CalendarRef & { readonly organizer: NonNullable<CalendarRef['organizer']> };
  /** The referral's staff page, behind sign-in: where the place and the meeting point are. */
  readonly link: string;
}>;

/**
 * The accompanier's invitation: a calendar event from the meeting (or the appointment, when no meeting
 * time was set) to the end of the appointment, whose description links the referral's page for where;
 * a cancellation when the accompaniment is off. Organised by the organisation's desk, which is also the
 * attendee it goes to.
 */
export function accompanimentInvitationEmail(input: AccompanimentInvitationInput): Mail {
  assertNoHealthData(input);
  const { locale, timeZone, calendar } = input;
  const when = formatDateTime(locale, input.appointmentAt, timeZone);
  const cancelled = input.method === 'CANCEL';
  const start = input.meetingAt ?? input.appointmentAt;
  const end = input.appointmentAt.getTime() + DEFAULT_APPOINTMENT_MINUTES * 60_000;
  const facts: Block = {
    kind: 'facts',
    rows: [
      [t(locale, 'label.appointment'), when],
      ...(input.meetingAt
        ? [[t(locale, 'label.meetingAt'), formatDateTime(locale, input.meetingAt, timeZone)] as const]
        : []),
    ],
  };
  return renderMail({
    to: input.to,
    locale,
    subject: t(locale, cancelled ? 'accompaniment.cancelled.subject' : 'accompaniment.subject', { when }),
    blocks: [
      {
        kind: 'paragraph',
        text: cancelled
          ? t(locale, 'accompaniment.cancelled.body', { when })
          : t(locale, 'accompaniment.intro'),
      },
      facts,
      ...(cancelled ? [] : [{ kind: 'paragraph' as const, text: t(locale, 'confirmation.calendar') }]),
      { kind: 'paragraph', text: t(locale, 'accompaniment.details') },
      { kind: 'button', label: t(locale, 'staff.button'), href: input.link },
    ],
    footer: [t(locale, 'staff.why'), t(locale, 'email.signature')],
    attachments: [
      {
        filename: cancelled ? 'relais-accompaniment-cancelled.ics' : 'relais-accompaniment.ics',
        contentType: `text/calendar; charset=utf-8; method=${input.method}`,
        content: appointmentIcs({
          uid: calendar.uid,
          sequence: calendar.sequence,
          method: input.method,
          start,
          durationMinutes: Math.max(1, Math.round((end - start.getTime()) / 60_000)),
          summary: t(locale, 'ics.accompaniment.summary'),
          description: t(locale, 'ics.accompaniment.description', { when, link: input.link }),
          ...(calendar.now ? { now: calendar.now } : {}),
          organizer: calendar.organizer,
          attendee: { email: input.to },
        }),
      },
    ],
  });
}
