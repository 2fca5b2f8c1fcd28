import { describe, expect, it } from 'vitest';
import { DECLINE_REASONS, SPECIALTIES, URGENCIES } from '../../../domain/referral/model.ts';
import {
  CATALOGUES,
  type Catalogue,
  formatDateTime,
  LANGUAGE_CODES,
  LOCALES,
  languageList,
  languageName,
  pickLocale,
  placeholders,
  t,
} from '../../../functions/ui/messages.ts';

/** Every string of a catalogue by its dotted path. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      for (const [path, leaf] of flatten(inner, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

const REQUIRED_LANGUAGES = 'pt fr en de nl it es ar ru ro bg pl tr uk fa prs ps ti so sq'.split(' ');
const reference = flatten(CATALOGUES.en);

describe('messages catalogue', () => {
  it('has the five locales of the directory', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES)('has every key in %s, and no key that English lacks', (locale) => {
    const strings = flatten(CATALOGUES[locale]);
    expect([...strings.keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it.each(LOCALES)('has no empty string in %s', (locale) => {
    for (const [path, value] of flatten(CATALOGUES[locale])) {
      expect(typeof value, path).toBe('string');
      expect((value as string).trim(), `${locale} ${path}`).not.toBe('');
    }
  });

  it.each(LOCALES)('uses the same placeholders as English in %s', (locale) => {
    const texts = CATALOGUES[locale].text;
    for (const [key, english] of Object.entries(CATALOGUES.en.text)) {
      expect(placeholders(texts[key as keyof Catalogue['text']]).sort(), `${locale} ${key}`).toEqual(
        placeholders(english).sort(),
      );
    }
  });

  it.each(LOCALES)('names every specialty, urgency, decline reason and required language in %s', (locale) => {
    const c = CATALOGUES[locale];
    for (const s of SPECIALTIES) expect(c.specialty[s]).toBeTruthy();
    for (const u of URGENCIES) expect(c.urgency[u]).toBeTruthy();
    for (const r of DECLINE_REASONS) expect(c.declineReason[r]).toBeTruthy();
    for (const code of REQUIRED_LANGUAGES) {
      expect(LANGUAGE_CODES).toContain(code);
      expect(languageName(locale, code)).not.toBe(code);
    }
  });

  it('translates specialty names rather than repeating the English one', () => {
    expect(CATALOGUES.fr.specialty.ophthalmology).toBe('Ophtalmologie');
    expect(CATALOGUES.de.specialty.ophthalmology).toBe('Augenheilkunde');
    expect(CATALOGUES.nl.specialty.dental).toBe('Tandheelkunde');
    expect(CATALOGUES.it.specialty.cardiology).toBe('Cardiologia');
  });

  it('fills placeholders, and refuses a missing one', () => {
    expect(t('en', 'email.greeting', { name: 'Dr Weber' })).toBe('Hello Dr Weber,');
    expect(() => t('en', 'email.greeting')).toThrow(/name/);
  });

  it('names languages, and shows an unknown code as given', () => {
    expect(languageList('fr', ['pt', 'FR', 'xx'])).toBe('portugais, français, xx');
    expect(languageList('de', [])).toBe('Nicht angegeben');
  });

  it('formats a time in the time zone of the network, with the zone', () => {
    const at = new Date('2030-07-01T08:00:00Z');
    expect(formatDateTime('en', at)).toMatch(/10:00/);
    expect(formatDateTime('en', at, 'UTC')).toMatch(/08:00/);
  });

  it('picks a locale from Accept-Language', () => {
    expect(pickLocale('nl-BE,nl;q=0.9,en;q=0.8')).toBe('nl');
    expect(pickLocale('pt-PT, it;q=0.5, de;q=0.7')).toBe('de');
    expect(pickLocale('fr;q=0, es')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
  });
});
