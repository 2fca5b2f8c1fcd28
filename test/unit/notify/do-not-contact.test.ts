import { describe, expect, it } from 'vitest';
import { confirmationEmail, offerEmail } from '../../../functions/consumers/emails/index.ts';
import { offerPage } from '../../../functions/links/render/index.ts';
import { LOCALES } from '../../../functions/ui/messages.ts';
import { contactThroughOrganisationOnly } from '../../../functions/ui/reschedule-words.ts';

const org = { name: 'DUNE asbl', contact: 'accueil@dune-bxl.example' };
const mailed = {
  urgency: 'routine',
  languages: ['ar'],
  interpreterNeeded: false,
  accompanied: true,
  referringOrg: org,
} as const;
/** The offer page shows the specialty too; emails do not. */
const shared = { ...mailed, specialty: 'dental' } as const;

describe('a person marked "do not contact directly"', () => {
  it.each(LOCALES)(
    'tells the specialist to go through the organisation, in the offer email (%s)',
    (locale) => {
      const note = contactThroughOrganisationOnly(locale, org);
      const base = {
        ...mailed,
        locale,
        specialist: { displayName: 'Dr X', email: 'x@clinic.example' },
        link: 'https://relais.example/o/t',
        expiresAt: new Date('2030-01-02T10:00:00Z'),
      };
      expect(offerEmail({ ...base, contactThroughOrganisationOnly: true }).text).toContain(note);
      expect(offerEmail(base).text).not.toContain(note);
    },
  );

  it('replaces the contact line of the confirmation and shows the note on the offer page', () => {
    const note = contactThroughOrganisationOnly('fr', org);
    const mail = confirmationEmail({
      ...mailed,
      locale: 'fr',
      contactThroughOrganisationOnly: true,
      specialist: { displayName: 'Dr X', email: 'x@clinic.example' },
      appointmentAt: new Date('2030-01-05T09:30:00Z'),
      outcomeLink: 'https://relais.example/o/u',
      outcomeLinkExpiresAt: new Date('2030-01-12T09:30:00Z'),
      calendar: { uid: 'o1@relais', sequence: 0 },
    });
    expect(mail.text).toContain(note);
    const page = offerPage({
      ...shared,
      locale: 'fr',
      contactThroughOrganisationOnly: true,
      practice: 'Cabinet, Bruxelles',
      expiresAt: new Date('2030-01-02T10:00:00Z'),
      token: 'tok',
    });
    expect(page).toContain(note.replaceAll("'", '&#39;').slice(0, 20));
  });
});
