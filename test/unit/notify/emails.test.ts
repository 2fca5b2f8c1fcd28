import { describe, expect, it } from 'vitest';
import type { Mail } from '../../../domain/ports.ts';
import {
  type ConfirmationEmailInput,
  confirmationEmail,
  type OfferEmailInput,
  offerEmail,
  STAFF_NOTIFICATION_KINDS,
  staffNotificationEmail,
  type WithdrawnEmailInput,
  withdrawnEmail,
} from '../../../functions/consumers/emails/index.ts';
import { LOCALES } from '../../../functions/ui/messages.ts';
import { HealthDataRefused } from '../../../functions/ui/no-health-data.ts';

const OFFER_LINK = 'https://relais.example.org/o/eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJvZmZfMSJ9.c2ln';
const OUTCOME_LINK = 'https://relais.example.org/o/eyJhbGciOiJFUzI1NiJ9.b3V0Y29tZQ.c2ln';
const XSS = '<script>alert(1)</script>';

const offerInput: OfferEmailInput = {
  locale: 'en',
  specialist: { displayName: 'Dr Anna Weber', email: 'anna.weber@example.lu' },
  urgency: 'soon',
  languages: ['pt', 'fr'],
  interpreterNeeded: true,
  accompanied: true,
  referringOrg: { name: 'Médecins du Monde Luxembourg', contact: '+352 26 19 74 1' },
  link: OFFER_LINK,
  expiresAt: new Date('2030-03-02T10:00:00Z'),
};

const confirmationInput: ConfirmationEmailInput = {
  ...offerInput,
  appointmentAt: new Date('2030-03-05T09:30:00Z'),
  outcomeLink: OUTCOME_LINK,
  outcomeLinkExpiresAt: new Date('2030-03-12T09:30:00Z'),
  calendar: { uid: 'off_1@relais', sequence: 0, now: new Date('2030-03-01T10:00:00Z') },
};

const withdrawnInput: WithdrawnEmailInput = {
  locale: 'en',
  specialist: offerInput.specialist,
};

/** What people typed about the appointment, and the specialty: on the link pages, never in an email. */
const PLACE = 'Cabinet Weber, 12 rue de la Gare, Luxembourg';

/** A referral as the domain holds it: what must never reach a renderer. */
const referral = {
  id: 'ref_1',
  pseudonym: 'ZEBRA-1985',
  reason: 'blurred vision both eyes, suspected cataract',
  specialty: 'ophthalmology' as const,
};

/** What every email must respect: inline styles only, nothing remote, no script, one-line subject. */
function expectSafeMail(mail: Mail, allowedLinks: readonly string[]): void {
  expect(mail.subject).not.toMatch(/[\r\n]/);
  expect(mail.subject.trim()).not.toBe('');
  expect(mail.text.trim()).not.toBe('');
  expect(mail.html).not.toMatch(/<script/i);
  expect(mail.html).not.toMatch(/<style/i);
  expect(mail.html).not.toMatch(/<(img|link|iframe|object|embed|form|base)\b/i);
  // Escaped data has no raw `<`: every tag here is one the renderer wrote.
  for (const tag of mail.html.match(/<[a-z][^>]*>/gi) ?? []) {
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(tag).not.toMatch(/url\(|expression\(/i);
  }
  const urls = [...mail.html.matchAll(/https?:\/\/[^\s"<]+/gi)].map((m) => m[0]);
  for (const url of urls) expect(allowedLinks).toContain(url);
  for (const m of mail.html.matchAll(/\s(?:href|src)="([^"]*)"/gi)) expect(allowedLinks).toContain(m[1]);
  for (const field of [mail.text, mail.html, mail.subject]) {
    expect(field).not.toContain(referral.pseudonym);
    expect(field).not.toContain('cataract');
  }
}

describe('offer email', () => {
  it('tells the shared minimum but the specialty, the deadline and the link', () => {
    const mail = offerEmail(offerInput);
    expect(mail.to).toBe('anna.weber@example.lu');
    expect(mail.subject).toBe('Relais: appointment request');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Dr Anna Weber');
      expect(part).toContain('Portuguese, French');
      expect(part).toContain('An interpreter is needed');
      expect(part).toContain('An outreach worker comes with the person');
      expect(part).toContain('Médecins du Monde Luxembourg');
      expect(part).toContain('+352 26 19 74 1');
      expect(part).toContain(OFFER_LINK);
      expect(part).toMatch(/2 March 2030/);
      expect(part).toContain('Soon (within days)');
      expect(part).toContain('The specialty and the other details are on the request’s page');
      expect(part).not.toMatch(/Specialty:|Ophthalmology/);
    }
    expectSafeMail(mail, [OFFER_LINK]);
  });

  it.each(LOCALES)('renders in %s, in the specialist language', (locale) => {
    const mail = offerEmail({ ...offerInput, locale });
    expect(mail.html).toContain(`<html lang="${locale}">`);
    expectSafeMail(mail, [OFFER_LINK]);
  });

  it('translates the languages, and says where the specialty is', () => {
    const mail = offerEmail({ ...offerInput, locale: 'fr' });
    expect(mail.subject).toBe('Relais : demande de rendez-vous');
    expect(mail.text).toContain('portugais, français');
    expect(mail.text).toContain('La spécialité et les autres détails sont sur la page de la demande');
  });

  it('escapes everything that comes from data', () => {
    const mail = offerEmail({
      ...offerInput,
      specialist: { displayName: XSS, email: 'a@example.lu' },
      referringOrg: { name: `"><img src=x onerror=alert(1)>`, contact: XSS },
    });
    expect(mail.html).toContain('&lt;script&gt;');
    expectSafeMail(mail, [OFFER_LINK]);
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => offerEmail({ ...offerInput, link: 'javascript:alert(1)' })).toThrow();
    expect(() => offerEmail({ ...offerInput, link: '/o/relative' })).toThrow();
  });

  it('cannot be given the pseudonym, the reason or a referral', () => {
    // @ts-expect-error the pseudonym is not part of what an email may carry
    expect(() => offerEmail({ ...offerInput, pseudonym: referral.pseudonym })).toThrow(HealthDataRefused);
    // @ts-expect-error nor is the reason
    expect(() => offerEmail({ ...offerInput, reason: referral.reason })).toThrow(HealthDataRefused);
    // @ts-expect-error nor a whole referral spread into the input
    expect(() => offerEmail({ ...offerInput, ...referral })).toThrow(HealthDataRefused);
    // @ts-expect-error nor the specialty, which the link's page shows
    expect(() => offerEmail({ ...offerInput, specialty: 'psychiatry' })).toThrow(HealthDataRefused);
    const specialist = { ...offerInput.specialist, note: 'x' };
    // @ts-expect-error nor something clinical hidden in a nested object
    expect(() => offerEmail({ ...offerInput, specialist })).toThrow(HealthDataRefused);
  });

  it('does not echo the refused value', () => {
    try {
      offerEmail({ ...offerInput, ...({ reason: referral.reason } as object) });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('cataract');
    }
  });
});

describe('confirmation email', () => {
  it('confirms the time, says the place is on the page, attaches a calendar invitation and carries the outcome link', () => {
    const mail = confirmationEmail(confirmationInput);
    expect(mail.subject).toMatch(/^Relais: appointment confirmed, Tuesday,? 5 March 2030/);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('The place and the other details are on your Relais page');
      expect(part).toContain(OUTCOME_LINK);
      expect(part).toMatch(/10:30/);
      expect(part).not.toContain(OFFER_LINK);
    }
    expect(mail.attachments).toHaveLength(1);
    const [ics] = mail.attachments ?? [];
    expect(ics?.filename).toMatch(/\.ics$/);
    expect(ics?.contentType).toContain('text/calendar');
    expect(ics?.content).toContain('METHOD:REQUEST\r\n');
    expect(ics?.content).toContain('UID:off_1@relais\r\n');
    expect(ics?.content).toContain('DTSTART:20300305T093000Z\r\n');
    expect(ics?.content).toContain('SUMMARY:Relais appointment\r\n');
    expect(ics?.content).not.toContain('LOCATION');
    // Calendars are shared more widely than mail: the capability link stays out of them.
    expect(ics?.content).not.toContain('/o/');
    expectSafeMail(mail, [OUTCOME_LINK]);
  });

  it.each(LOCALES)('renders in %s', (locale) => {
    const mail = confirmationEmail({ ...confirmationInput, locale });
    expect(mail.html).toContain(`<html lang="${locale}">`);
    expectSafeMail(mail, [OUTCOME_LINK]);
  });

  it('invites the specialist from the organizer when one is given', () => {
    const mail = confirmationEmail({
      ...confirmationInput,
      calendar: {
        ...confirmationInput.calendar,
        organizer: { email: 'noreply@relais.example.org', name: 'Relais' },
      },
    });
    const ics = (mail.attachments?.[0]?.content ?? '').replace(/\r\n /g, '');
    expect(ics).toContain('ORGANIZER;CN="Relais":mailto:noreply@relais.example.org');
    expect(ics).toContain('mailto:anna.weber@example.lu');
  });

  it('cannot be given the pseudonym, the place or the specialty', () => {
    // @ts-expect-error the pseudonym is not part of what an email may carry
    expect(() => confirmationEmail({ ...confirmationInput, pseudonym: 'ZEBRA-1985' })).toThrow(
      HealthDataRefused,
    );
    // @ts-expect-error nor the place, typed by people
    expect(() => confirmationEmail({ ...confirmationInput, place: PLACE })).toThrow(HealthDataRefused);
    // @ts-expect-error nor the specialty
    expect(() => confirmationEmail({ ...confirmationInput, specialty: 'dental' })).toThrow(HealthDataRefused);
  });
});

describe('withdrawn email', () => {
  it('says neutrally that the request was withdrawn, and nothing about why', () => {
    const mail = withdrawnEmail(withdrawnInput);
    expect(mail.subject).toBe('Relais: request withdrawn');
    expect(mail.text).toContain('A request sent to you through Relais has been withdrawn.');
    expect(mail.text).not.toMatch(/consent/i);
    expect(mail.attachments).toBeUndefined();
    expectSafeMail(mail, []);
  });

  it('cancels the appointment in the calendar when one was set', () => {
    const mail = withdrawnEmail({
      ...withdrawnInput,
      appointment: {
        at: new Date('2030-03-05T09:30:00Z'),
        calendar: { uid: 'off_1@relais', sequence: 1 },
      },
    });
    expect(mail.text).toMatch(/5 March 2030/);
    const ics = mail.attachments?.[0]?.content ?? '';
    expect(ics).toContain('METHOD:CANCEL\r\n');
    expect(ics).toContain('STATUS:CANCELLED\r\n');
    expect(ics).toContain('UID:off_1@relais\r\n');
    expect(ics).toContain('SEQUENCE:1\r\n');
    expect(ics).toContain('SUMMARY:Relais appointment\r\n');
    expect(ics).not.toContain('LOCATION');
  });

  it.each(LOCALES)('renders in %s', (locale) => {
    expectSafeMail(withdrawnEmail({ ...withdrawnInput, locale }), []);
  });

  it('cannot be given the reason', () => {
    // @ts-expect-error the reason is not part of what an email may carry
    expect(() => withdrawnEmail({ ...withdrawnInput, reason: 'consent withdrawn' })).toThrow(
      HealthDataRefused,
    );
  });
});

describe('staff notification email', () => {
  const link = 'https://relais.example.org/referrals/ref_1';

  it.each(LOCALES)('renders every kind in %s, with the link and no detail', (locale) => {
    const subjects = new Set<string>();
    for (const kind of STAFF_NOTIFICATION_KINDS) {
      const mail = staffNotificationEmail({ to: 'worker@mdm.example.lu', locale, kind, link });
      subjects.add(mail.subject);
      expect(mail.text).toContain(link);
      expectSafeMail(mail, [link]);
    }
    expect(subjects.size).toBe(STAFF_NOTIFICATION_KINDS.length);
  });

  it('cannot be given a note', () => {
    expect(() =>
      // @ts-expect-error a note is not part of what an email may carry
      staffNotificationEmail({ to: 'w@example.lu', locale: 'en', kind: 'outcome_recorded', link, note: 'x' }),
    ).toThrow(HealthDataRefused);
  });
});
