import type { ParsedMail } from 'mailparser';
import type { Mail } from '../../../domain/ports.ts';
import { parse } from '../links/support.ts';

/** One content line of an `.ics`: its name, its parameters and its value. */
export interface IcsProperty {
  readonly name: string;
  readonly params: string;
  readonly value: string;
}

/** A small RFC 5545 reader: unfolds lines, splits name, parameters and value (outside quotes). */
export function icsProperties(text: string): IcsProperty[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      let inQuotes = false;
      let colon = -1;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '"') inQuotes = !inQuotes;
        if (line[i] === ':' && !inQuotes) {
          colon = i;
          break;
        }
      }
      const head = line.slice(0, colon);
      const semi = head.indexOf(';');
      return {
        name: semi < 0 ? head : head.slice(0, semi),
        params: semi < 0 ? '' : head.slice(semi + 1),
        value: line.slice(colon + 1),
      };
    });
}

/** The calendar of an email as a mail client reads it: parsed as MIME, its `.ics` part read. */
export interface ReadInvitation {
  readonly mail: ParsedMail & { raw: string };
  readonly method: string;
  readonly uid: string;
  readonly sequence: number;
  readonly organizer: string;
  readonly attendee: string;
  readonly props: readonly IcsProperty[];
}

/** Parses an email as real MIME and reads its one calendar attachment. */
export async function invitationIn(m: Mail): Promise<ReadInvitation> {
  const mail = await parse(m);
  const ics = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!ics) throw new Error('no calendar attachment');
  const props = icsProperties(ics.content.toString('utf8'));
  const value = (name: string) => props.find((p) => p.name === name)?.value ?? '';
  return {
    mail,
    props,
    method: value('METHOD'),
    uid: value('UID'),
    sequence: Number(value('SEQUENCE')),
    organizer: value('ORGANIZER'),
    attendee: value('ATTENDEE'),
  };
}
