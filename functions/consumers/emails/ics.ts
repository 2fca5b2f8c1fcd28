/**
 * iCalendar (RFC 5545) invitations for confirmed appointments, and their cancellations (iTIP, RFC 5546).
 * What goes in is neutral by construction of the callers ("Relais appointment"): no pseudonym, no
 * reason, no specialty, and no LOCATION: a place is typed by people ("outside the methadone clinic"),
 * and calendars are synced and shared more widely than mail, so the event says where to read it instead.
 * Times are written in UTC so no time-zone definition is needed.
 */

export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface CalendarAddress {
  readonly email: string;
  readonly name?: string;
}

export interface AppointmentIcsInput {
  /** Stable across updates and the cancellation of the same appointment (e.g. `<offerId>@relais`). */
  readonly uid: string;
  readonly start: Date;
  readonly durationMinutes: number;
  /** Neutral: "Relais appointment"; never a pseudonym, never a specialty. */
  readonly summary: string;
  /** Where the details are, never the details themselves. */
  readonly description?: string;
  /** Incremented on every change of the same appointment (0 for the first invitation). */
  readonly sequence: number;
  readonly method: IcsMethod;
  /** DTSTAMP: when this invitation was made (the service clock); defaults to the real time. */
  readonly now?: Date;
  /** iTIP wants an organizer on REQUEST and CANCEL; clients accept invitations without one too. */
  readonly organizer?: CalendarAddress;
  readonly attendee?: CalendarAddress;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeIcsText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in a content line.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/**
 * Folds a content line so that no line is longer than 75 octets (RFC 5545 §3.1), never splitting a
 * UTF-8 sequence; continuation lines start with one space, which counts in their 75 octets.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** A UTC DATE-TIME value: 20300301T100000Z. */
export function icsDateTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid calendar date');
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A CAL-ADDRESS with its common name: the name is a quoted parameter, which cannot hold `"`. */
function calAddress(property: string, address: CalendarAddress, extra = ''): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const email = address.email.replace(/[\u0000-\u0020"<>\\;,:]/g, '');
  if (!email.includes('@')) throw new TypeError('A calendar address must be an email address');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const name = address.name?.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const cn = name ? `;CN="${name}"` : '';
  return `${property}${cn}${extra}:mailto:${email}`;
}

/** The text of an `.ics` file inviting to (or cancelling) one appointment, lines ending with CRLF. */
export function appointmentIcs(input: AppointmentIcsInput): string {
  if (!input.uid.trim()) throw new TypeError('A calendar event needs a uid');
  if (!Number.isInteger(input.sequence) || input.sequence < 0) throw new TypeError('Invalid sequence');
  if (!Number.isFinite(input.durationMinutes) || input.durationMinutes <= 0) {
    throw new TypeError('Invalid duration');
  }
  const end = new Date(input.start.getTime() + Math.round(input.durationMinutes) * 60_000);
  const cancelled = input.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Relais//Referrals//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${cancelled ? 'CANCEL' : 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(input.uid)}`,
    `DTSTAMP:${icsDateTime(input.now ?? new Date())}`,
    `DTSTART:${icsDateTime(input.start)}`,
    `DTEND:${icsDateTime(end)}`,
    `SEQUENCE:${input.sequence}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeIcsText(input.summary)}`,
    ...(input.description ? [`DESCRIPTION:${escapeIcsText(input.description)}`] : []),
    ...(input.organizer ? [calAddress('ORGANIZER', input.organizer)] : []),
    ...(input.attendee
      ? [
          calAddress(
            'ATTENDEE',
            input.attendee,
            cancelled ? ';ROLE=REQ-PARTICIPANT' : ';ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED',
          ),
        ]
      : []),
    'TRANSP:OPAQUE',
    'CLASS:PRIVATE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
