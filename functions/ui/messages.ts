import { readFileSync } from 'node:fs';
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
import { de } from './locales/de.ts';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';
import { it } from './locales/it.ts';
import { nl } from './locales/nl.ts';

/**
 * The words of specialist emails, link pages and staff notifications, in every locale a specialist may
 * choose (locales/<locale>.ts; what a catalogue has and the functions over one are in catalogue.ts).
 * Every locale has every key (the types say so, and a test checks it at run time too); a
 * `{placeholder}` is filled by `t`; pages escape it by construction (hono/jsx).
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

declare global {
  /** `true` in the bundles (infra/bundling/settings.ts); undefined everywhere else. */
  var RELAIS_CATALOGUE_FILES: true | undefined;
}

/** The file a bundle's catalogue of `locale` is built into, beside the bundle (`FUNCTION_FILES`). */
export const catalogueFile = (locale: Locale): string => `catalogue-${locale}.json`;

const read = new Map<Locale, Catalogue>();

/**
 * The catalogue of a locale; an unknown locale (bad data) falls back to English rather than failing a send.
 * In a bundle, each locale's words are a file built beside it and read on the locale's first use (a
 * first request in French reads French, not the other four): the catalogues are about a tenth of the
 * bundle, and every cold start would parse them. Everywhere else (`npm start`, the tests), the modules.
 */
export function catalogue(locale: Locale): Catalogue {
  const known = LOCALES.includes(locale) ? locale : DEFAULT_LOCALE;
  if (globalThis.RELAIS_CATALOGUE_FILES !== true) return CATALOGUES[known];
  let words = read.get(known);
  if (!words) {
    words = JSON.parse(
      readFileSync(new URL(`./${catalogueFile(known)}`, import.meta.url), 'utf8'),
    ) as Catalogue;
    read.set(known, words);
  }
  return words;
}

/** A text in a locale, with its placeholders filled (plain text: for text bodies, subjects, calendars). */
export function t(locale: Locale, key: TextKey, params: Params = {}): string {
  return fill(catalogue(locale).text[key], params, (s) => s);
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
