import { describe, expect, it } from 'vitest';
import { addressEmail } from '../../../functions/consumers/emails/index.ts';
import { LOCALES } from '../../../functions/ui/catalogue.ts';

const LINK = 'https://relais.example/o/abc.def.ghi/address';

describe('the address confirmation email', () => {
  it('carries the link in every locale, in its own words, with nothing left to fill', () => {
    const subjects = new Set<string>();
    for (const locale of LOCALES) {
      const mail = addressEmail({
        locale,
        specialist: { displayName: 'Dr Example', email: 'dr@clinic.example' },
        link: LINK,
      });
      expect(mail.to).toBe('dr@clinic.example');
      expect(mail.text, locale).toContain(LINK);
      expect(mail.html, locale).toContain(`href="${LINK}"`);
      expect(`${mail.subject}${mail.text}`, locale).not.toMatch(/\{[a-z]+\}/);
      subjects.add(mail.subject);
    }
    expect(subjects.size).toBe(LOCALES.length);
  });
});
