import { describe, expect, it } from 'vitest';
import {
  type RescheduledEmailInput,
  rescheduledEmail,
} from '../../../functions/consumers/emails/rescheduled-email.ts';
import { calendarSequence } from '../../../functions/consumers/tell-rescheduled.ts';
import { LOCALES } from '../../../functions/ui/messages.ts';
import { HealthDataRefused } from '../../../functions/ui/no-health-data.ts';
import { RESCHEDULE_WORDS } from '../../../functions/ui/reschedule-words.ts';

const input: RescheduledEmailInput = {
  locale: 'en',
  specialist: { displayName: 'Dr Anna Weber', email: 'anna.weber@example.lu' },
  urgency: 'soon',
  languages: ['pt', 'fr'],
  interpreterNeeded: false,
  accompanied: true,
  referringOrg: { name: 'Médecins du Monde Luxembourg', contact: 'accueil@mdm-lu.example' },
  appointmentAt: new Date('2030-03-06T09:30:00Z'),
  previousAt: new Date('2030-03-05T09:30:00Z'),
  outcomeLink: 'https://relais.example.org/o/eyJhbGciOiJFUzI1NiJ9.b3V0Y29tZQ.c2ln',
  outcomeLinkExpiresAt: new Date('2030-03-13T09:30:00Z'),
  calendar: { uid: 'off_1@relais', sequence: 2, now: new Date('2030-03-01T10:00:00Z') },
};

describe('rescheduledEmail', () => {
  it('moves the calendar event: same uid, the given sequence, the new time, and says when it was', () => {
    const mail = rescheduledEmail(input);
    expect(mail.to).toBe('anna.weber@example.lu');
    expect(mail.subject).toMatch(/^Relais: appointment moved to /);
    const ics = mail.attachments?.[0]?.content ?? '';
    expect(ics).toContain('UID:off_1@relais');
    expect(ics).toContain('SEQUENCE:2');
    expect(ics).toContain('DTSTART:20300306T093000Z');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).not.toContain('LOCATION');
    expect(mail.text).toContain('Previously planned for');
    expect(mail.text).toContain(input.outcomeLink);
  });

  it('tells the specialist to go through the organisation when the person is not to be contacted directly', () => {
    const mail = rescheduledEmail({ ...input, contactThroughOrganisationOnly: true });
    expect(mail.text).toContain('Please do not contact the person directly: contact goes through');
    expect(mail.html).toContain('contact goes through Médecins du Monde Luxembourg');
  });

  it('refuses anything about the person, at run time too', () => {
    const leaky = { ...input, pseudonym: 'ZEBRA-1985' } as unknown as RescheduledEmailInput;
    expect(() => rescheduledEmail(leaky)).toThrow(HealthDataRefused);
  });

  it('has every word in every locale', () => {
    const keys = Object.keys(RESCHEDULE_WORDS.en).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(RESCHEDULE_WORDS[locale]).sort()).toEqual(keys);
      expect(rescheduledEmail({ ...input, locale }).subject).not.toContain('{');
    }
  });
});

describe('calendarSequence', () => {
  it('counts the reschedules up to the change, so each update outranks the one before', () => {
    const timeline = [
      { action: 'appointment.scheduled', at: '2030-03-01T10:00:00Z' },
      { action: 'appointment.rescheduled', at: '2030-03-02T10:00:00Z' },
      { action: 'accompaniment.assigned', at: '2030-03-02T11:00:00Z' },
      { action: 'appointment.rescheduled', at: '2030-03-03T10:00:00Z' },
    ];
    expect(calendarSequence(timeline, '2030-03-01T10:00:00Z')).toBe(0);
    expect(calendarSequence(timeline, '2030-03-02T10:00:00Z')).toBe(1);
    expect(calendarSequence(timeline, '2030-03-03T10:00:00Z')).toBe(2);
  });
});
