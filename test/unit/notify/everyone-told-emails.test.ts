import { describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { accompanimentInvitationEmail } from '../../../functions/consumers/emails/accompaniment-invitation-email.ts';
import { inDoubtEmail } from '../../../functions/consumers/emails/in-doubt-email.ts';
import { offerEmail } from '../../../functions/consumers/emails/index.ts';
import { takenEmail } from '../../../functions/consumers/emails/taken-email.ts';
import { accompanimentSequence } from '../../../functions/consumers/tell-accompanier.ts';
import { messagePage } from '../../../functions/links/render/message-page.tsx';
import { LOCALES } from '../../../functions/ui/messages.ts';
import { HealthDataRefused } from '../../../functions/ui/no-health-data.ts';

const specialist = { displayName: 'Dr Anna Weber', email: 'anna.weber@example.lu' };
const referringOrg = { name: 'Médecins du Monde Luxembourg', contact: 'accueil@mdm-lu.example' };
const DESK = 'accueil@mdm-lu.example';

/** No `{placeholder}` left unfilled, in any part of the mail. */
const expectFilled = (m: { subject: string; text: string; html: string }) => {
  for (const part of [m.subject, m.text, m.html]) expect(part).not.toMatch(/\{\w+\}/);
};

describe('the new notices, in every locale', () => {
  it.each(LOCALES)('a reminder says so in its subject and first line (%s)', (locale) => {
    const base = {
      locale,
      specialist,
      urgency: 'soon' as const,
      languages: ['pt'],
      interpreterNeeded: false,
      accompanied: false,
      referringOrg,
      link: 'https://relais.example.org/o/abc.def.ghi',
      expiresAt: new Date('2030-03-02T10:00:00Z'),
    };
    const offer = offerEmail(base);
    const reminder = offerEmail({ ...base, reminder: true });
    expect(reminder.subject).not.toBe(offer.subject);
    expect(reminder.text.split('\n')[0]).not.toBe(offer.text.split('\n')[0]);
    // Apart from the reminder line, the same email.
    expect(reminder.text).toContain(offer.text.split('\n\n').slice(1).join('\n\n'));
    expectFilled(reminder);
  });

  it.each(LOCALES)('"no longer needed" and "in doubt" say nothing of the person (%s)', (locale) => {
    const taken = takenEmail({ locale, specialist });
    const doubt = inDoubtEmail({
      locale,
      specialist,
      referringOrg,
      appointmentAt: new Date('2030-03-05T09:30:00Z'),
    });
    for (const m of [taken, doubt]) {
      expectFilled(m);
      expect(m.attachments).toBeUndefined();
    }
    expect(doubt.text).toContain('2030');
    expect(() => takenEmail({ locale, specialist, ...({ pseudonym: 'X' } as object) })).toThrow(
      HealthDataRefused,
    );
    expect(() => takenEmail({ locale, specialist, ...({ specialty: 'dental' } as object) })).toThrow(
      HealthDataRefused,
    );
    expect(() =>
      inDoubtEmail({
        locale,
        specialist,
        referringOrg,
        appointmentAt: new Date('2030-03-05T09:30:00Z'),
        ...({ place: 'Cabinet Weber' } as object),
      }),
    ).toThrow(HealthDataRefused);
  });

  it.each(LOCALES)(
    'the accompanier’s invitation and cancellation name the desk as organiser (%s)',
    (locale) => {
      const input = {
        to: DESK,
        locale,
        appointmentAt: new Date('2030-03-05T09:30:00Z'),
        meetingAt: new Date('2030-03-05T08:45:00Z'),
        calendar: { uid: 'off_1.accompaniment@relais', sequence: 0, organizer: { email: DESK, name: 'MdM' } },
        link: 'https://relais.example.org/app/referrals/ref_1',
      };
      const invite = accompanimentInvitationEmail({ ...input, method: 'REQUEST' });
      const cancel = accompanimentInvitationEmail({
        ...input,
        method: 'CANCEL',
        calendar: { ...input.calendar, sequence: 1 },
      });
      expectFilled(invite);
      expectFilled(cancel);
      // Unfolded (RFC 5545 §3.1): long lines are folded at 75 octets.
      const ics = (invite.attachments?.[0]?.content ?? '').replace(/\r\n /g, '');
      expect(ics).toContain('METHOD:REQUEST');
      expect(ics).toContain(`ORGANIZER;CN="MdM":mailto:${DESK}`);
      expect(ics).toMatch(new RegExp(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:${DESK}`));
      expect(ics).toContain('DTSTART:20300305T084500Z');
      // Where to meet is on the referral's page: the event links it, and has no LOCATION.
      expect(ics).not.toContain('LOCATION');
      expect(ics).toContain('https://relais.example.org/app/referrals/ref_1');
      expect(invite.text).toContain('https://relais.example.org/app/referrals/ref_1');
      const cancelIcs = cancel.attachments?.[0]?.content ?? '';
      expect(cancelIcs).toContain('METHOD:CANCEL');
      expect(cancelIcs).toContain('UID:off_1.accompaniment@relais');
      expect(cancelIcs).toContain('SEQUENCE:1');
      expect(cancel.subject).not.toBe(invite.subject);
    },
  );

  it.each(LOCALES)('the outcome page names who recorded it, by role, and when (%s)', (locale) => {
    const mine = messagePage({ locale, kind: 'used' });
    const theirs = messagePage({
      locale,
      kind: 'used',
      recordedBy: { role: 'accompanier', at: '2030-03-05T10:15:00Z' },
    });
    expect(theirs).not.toBe(mine);
    expect(theirs).toContain('2030');
    expect(theirs).not.toMatch(/\{\w+\}/);
  });
});

describe('the accompaniment’s calendar sequence', () => {
  const at = (m: number) => new Date(Date.UTC(2030, 2, 1, 9, m)).toISOString();
  const entry = (action: string, m: number) => ({
    at: at(m),
    action,
    actor: { role: 'system' as const, id: 's' },
  });
  const r = {
    timeline: [
      entry('referral.opened', 0),
      entry('appointment.rescheduled', 1),
      entry('accompaniment.assigned', 2),
      entry('accompaniment.assigned', 3),
      entry('appointment.rescheduled', 4),
    ],
  } as unknown as Referral;

  it('starts at the first assignment and counts each change after it', () => {
    expect(accompanimentSequence(r, at(2))).toBe(0);
    expect(accompanimentSequence(r, at(3))).toBe(1);
    expect(accompanimentSequence(r, at(4))).toBe(2);
  });
});
