import type { DeclineReason, Specialty, Urgency } from '../../domain/referral/model.ts';
import {
  type Catalogue,
  DEFAULT_LOCALE,
  DEFAULT_TIME_ZONE,
  declineReasonNameIn,
  fill,
  formatDateTimeIn,
  LOCALES,
  type Locale,
  languageListIn,
  languageNameIn,
  type Params,
  specialtyNameIn,
  type TextKey,
  urgencyNameIn,
} from './catalogue.ts';
import { escapeHtml } from './html.ts';
import { de } from './locales/de.ts';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';
import { it } from './locales/it.ts';
import { nl } from './locales/nl.ts';

/**
 * The words of specialist emails, link pages and staff notifications, in every locale a specialist may
 * choose (locales/<locale>.ts; what a catalogue has and the functions over one are in catalogue.ts).
 * Every locale has every key (the types say so, and a test checks it at run time too); a
 * `{placeholder}` is filled by `t` / `tHtml`, escaped for HTML by the latter.
 */

export type { Catalogue, LanguageCode, Locale, Params, TextKey } from './catalogue.ts';
export {
  DEFAULT_LOCALE,
  DEFAULT_TIME_ZONE,
  LANGUAGE_CODES,
  LOCALES,
  placeholders,
} from './catalogue.ts';

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { fr, en, de, nl, it };

/** The catalogue of a locale; an unknown locale (bad data) falls back to English rather than failing a send. */
export function catalogue(locale: Locale): Catalogue {
  return CATALOGUES[locale] ?? CATALOGUES[DEFAULT_LOCALE];
}

/** A text in a locale, with its placeholders filled (plain text: for text bodies, subjects, calendars). */
export function t(locale: Locale, key: TextKey, params: Params = {}): string {
  return fill(catalogue(locale).text[key], params, (s) => s);
}

/** The same text for HTML: the template and every parameter escaped. */
export function tHtml(locale: Locale, key: TextKey, params: Params = {}): string {
  return fill(catalogue(locale).text[key], params, escapeHtml);
}

export function specialtyName(locale: Locale, specialty: Specialty): string {
  return specialtyNameIn(catalogue(locale), specialty);
}

export function urgencyName(locale: Locale, urgency: Urgency): string {
  return urgencyNameIn(catalogue(locale), urgency);
}

export function declineReasonName(locale: Locale, reason: DeclineReason): string {
  return declineReasonNameIn(catalogue(locale), reason);
}

/** The name of a language in a locale; a code we have no name for is shown as given. */
export function languageName(locale: Locale, code: string): string {
  return languageNameIn(catalogue(locale), code);
}

/** The languages of a referral as one line ("portugais, français"), or "not specified". */
export function languageList(locale: Locale, codes: readonly string[]): string {
  return languageListIn(catalogue(locale), codes);
}

/** A date and time as people of the locale write it, in the given time zone, with the zone shown. */
export function formatDateTime(locale: Locale, at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatDateTimeIn(catalogue(locale), at, timeZone);
}

/**
 * The best locale for an `Accept-Language` header, for pages shown before we know who is asking (a link
 * that does not verify has no specialist, hence no locale).
 */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return {
        lang: tag.trim().toLowerCase().split('-')[0] ?? '',
        weight: Number.isNaN(weight) ? 0 : weight,
        index,
      };
    })
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { lang } of ranked) {
    if ((LOCALES as readonly string[]).includes(lang)) return lang as Locale;
  }
  return DEFAULT_LOCALE;
}
