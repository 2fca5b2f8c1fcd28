import { describe, expect, it } from 'vitest';
import {
  type AppointmentIcsInput,
  appointmentIcs,
  escapeIcsText,
  foldLine,
} from '../../../functions/consumers/emails/ics.ts';

interface Property {
  readonly name: string;
  readonly params: string;
  readonly value: string;
}

/** A tiny RFC 5545 reader: unfold, split content lines, unescape TEXT. */
function parseIcs(text: string): Property[] {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  return unfolded
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      // The value starts at the first colon outside a quoted parameter value.
      let inQuotes = false;
      let colon = -1;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '"') inQuotes = !inQuotes;
        if (line[i] === ':' && !inQuotes) {
          colon = i;
          break;
        }
      }
      if (colon < 0) throw new Error(`not a content line: ${line}`);
      const head = line.slice(0, colon);
      const semi = head.indexOf(';');
      return {
        name: semi < 0 ? head : head.slice(0, semi),
        params: semi < 0 ? '' : head.slice(semi + 1),
        value: line.slice(colon + 1),
      };
    });
}

const unescapeText = (value: string): string =>
  value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

const prop = (props: Property[], name: string): Property => {
  const found = props.filter((p) => p.name === name);
  expect(found, name).toHaveLength(1);
  return found[0] as Property;
};

const base: AppointmentIcsInput = {
  uid: 'off_123@relais',
  start: new Date('2030-03-05T09:30:00Z'),
  durationMinutes: 45,
  summary: 'Relais appointment',
  sequence: 0,
  method: 'REQUEST',
  now: new Date('2030-03-01T10:00:00Z'),
};

describe('appointment iCalendar', () => {
  it('produces a calendar that parses, with UTC times and a DTSTAMP', () => {
    const props = parseIcs(appointmentIcs(base));
    expect(props[0]).toEqual({ name: 'BEGIN', params: '', value: 'VCALENDAR' });
    expect(props.at(-1)).toEqual({ name: 'END', params: '', value: 'VCALENDAR' });
    expect(prop(props, 'VERSION').value).toBe('2.0');
    expect(prop(props, 'PRODID').value).toBeTruthy();
    expect(prop(props, 'METHOD').value).toBe('REQUEST');
    expect(prop(props, 'UID').value).toBe('off_123@relais');
    expect(prop(props, 'DTSTAMP').value).toBe('20300301T100000Z');
    expect(prop(props, 'DTSTART').value).toBe('20300305T093000Z');
    expect(prop(props, 'DTEND').value).toBe('20300305T101500Z');
    expect(prop(props, 'SEQUENCE').value).toBe('0');
    expect(prop(props, 'STATUS').value).toBe('CONFIRMED');
    expect(unescapeText(prop(props, 'SUMMARY').value)).toBe('Relais appointment');
    // No place: typed by people, it stays in Relais (the description says where to read it).
    expect(props.filter((p) => p.name === 'LOCATION')).toHaveLength(0);
    expect(props.filter((p) => p.name === 'BEGIN').map((p) => p.value)).toEqual(['VCALENDAR', 'VEVENT']);
  });

  it('ends every line with CRLF and keeps lines within 75 octets', () => {
    const long = `${'Très long texte ; avec, des virgules\\ et des accents — é à ü ß 日本語 🙂 '.repeat(8)}\nfin`;
    const text = appointmentIcs({ ...base, description: long, summary: long });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
    // Folding never splits a multi-byte character, and unfolding gives the value back.
    expect(text).not.toContain('\uFFFD');
    const props = parseIcs(text);
    expect(unescapeText(prop(props, 'DESCRIPTION').value)).toBe(long);
    expect(unescapeText(prop(props, 'SUMMARY').value)).toBe(long);
  });

  it('escapes commas, semicolons, backslashes and line breaks', () => {
    expect(escapeIcsText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    const props = parseIcs(appointmentIcs({ ...base, description: 'Rue A, 3; étage\\2\nporte B' }));
    expect(prop(props, 'DESCRIPTION').value).toBe('Rue A\\, 3\\; étage\\\\2\\nporte B');
  });

  it('cannot be broken out of by a value: a line break does not start a new property', () => {
    const props = parseIcs(appointmentIcs({ ...base, description: 'X\r\nATTENDEE:mailto:evil@example.org' }));
    expect(props.filter((p) => p.name === 'ATTENDEE')).toHaveLength(0);
  });

  it('folds at 75 octets exactly, continuation lines starting with a space', () => {
    const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`).split('\r\n');
    expect(folded[0]).toHaveLength(75);
    for (const line of folded.slice(1)) {
      expect(line.startsWith(' ')).toBe(true);
      expect(line.length).toBeLessThanOrEqual(75);
    }
    expect(folded.join('').replace(/ /g, '')).toBe(`DESCRIPTION:${'x'.repeat(200)}`);
  });

  it('cancels with the same uid, a higher sequence and a cancelled status', () => {
    const props = parseIcs(appointmentIcs({ ...base, method: 'CANCEL', sequence: 1 }));
    expect(prop(props, 'METHOD').value).toBe('CANCEL');
    expect(prop(props, 'STATUS').value).toBe('CANCELLED');
    expect(prop(props, 'SEQUENCE').value).toBe('1');
    expect(prop(props, 'UID').value).toBe('off_123@relais');
  });

  it('writes the organizer and attendee as quoted common names and mailto addresses', () => {
    const props = parseIcs(
      appointmentIcs({
        ...base,
        organizer: { email: 'noreply@relais.example', name: 'Relais' },
        attendee: { email: 'dr.weber@example.lu', name: 'Dr "Anna" Weber: ORL' },
      }),
    );
    expect(prop(props, 'ORGANIZER')).toEqual({
      name: 'ORGANIZER',
      params: 'CN="Relais"',
      value: 'mailto:noreply@relais.example',
    });
    const attendee = prop(props, 'ATTENDEE');
    expect(attendee.params).toContain('CN="Dr Anna Weber: ORL"');
    expect(attendee.value).toBe('mailto:dr.weber@example.lu');
  });

  it('refuses what would make a broken calendar', () => {
    expect(() => appointmentIcs({ ...base, uid: ' ' })).toThrow();
    expect(() => appointmentIcs({ ...base, sequence: -1 })).toThrow();
    expect(() => appointmentIcs({ ...base, durationMinutes: 0 })).toThrow();
    expect(() => appointmentIcs({ ...base, start: new Date('nope') })).toThrow();
  });
});
