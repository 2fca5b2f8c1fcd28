import { DEFAULT_TIME_ZONE, type Specialist } from '../../domain/directory/model.ts';
import type { DeclineReason, Specialty, Urgency } from '../../domain/referral/model.ts';
import type { enText } from './locales/en.ts';

/**
 * What every locale's catalogue (locales/<locale>.ts) has, and what is done with one catalogue: texts
 * with their `{placeholders}` filled, the names of specialties, urgencies, decline reasons and
 * languages, dates. messages.ts picks the catalogue of a locale; a module that needs one locale only
 * (the English staff pages) imports that catalogue and these functions, not every locale's words.
 */

export const LOCALES = ['fr', 'en', 'de', 'nl', 'it'] as const;
export type Locale = Specialist['locale'];
export const DEFAULT_LOCALE: Locale = 'en';
/** Times in emails and pages of an organisation without a zone (domain/directory `organisationTimeZone`). */
export { DEFAULT_TIME_ZONE };

/** ISO 639 codes (639-3 for Dari) that have a name in every locale; other codes are shown as given. */
export const LANGUAGE_CODES = [
  'pt',
  'fr',
  'en',
  'de',
  'nl',
  'it',
  'es',
  'ar',
  'ru',
  'ro',
  'bg',
  'pl',
  'tr',
  'uk',
  'fa',
  'prs',
  'ps',
  'ti',
  'so',
  'sq',
  'lb',
  'ku',
  'am',
  'sr',
  'hu',
  'el',
  'zh',
  'ur',
  'bn',
  'ln',
  'ka',
  'hy',
] as const;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];

export type TextKey = keyof typeof enText;

export interface Catalogue {
  /** The BCP 47 tag used for dates and numbers. */
  readonly intl: string;
  readonly specialty: Readonly<Record<Specialty, string>>;
  readonly urgency: Readonly<Record<Urgency, string>>;
  readonly declineReason: Readonly<Record<DeclineReason, string>>;
  readonly language: Readonly<Record<LanguageCode, string>>;
  readonly text: Readonly<Record<TextKey, string>>;
}

export type Params = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of the `{placeholders}` of a template. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * A locale's texts: its staff pages' words and the others. Called, rather than spread in place, so the
 * call can be marked pure (`/* @__PURE__ *\/ textsOf(…)`): a bundle that reads the catalogues from
 * their files (messages.ts `catalogue`) then drops the locale modules whole, which a spread would keep.
 */
export const textsOf = <P extends object, T extends object>(pages: P, texts: T): P & T => ({
  ...pages,
  ...texts,
});

/** A template with its placeholders filled, the template's text and every parameter passed through `encode`. */
export function fill(template: string, params: Params, encode: (s: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    const value = params[name];
    if (value === undefined) throw new Error(`Missing message parameter "${name}"`);
    out += encode(template.slice(last, match.index)) + encode(value);
    last = match.index + match[0].length;
  }
  return out + encode(template.slice(last));
}

export function specialtyNameIn(words: Catalogue, specialty: Specialty): string {
  return words.specialty[specialty] ?? specialty;
}

export function urgencyNameIn(words: Catalogue, urgency: Urgency): string {
  return words.urgency[urgency] ?? urgency;
}

export function declineReasonNameIn(words: Catalogue, reason: DeclineReason): string {
  return words.declineReason[reason] ?? reason;
}

const isLanguageCode = (code: string): code is LanguageCode =>
  (LANGUAGE_CODES as readonly string[]).includes(code);

/** The name of a language in a catalogue; a code we have no name for is shown as given. */
export function languageNameIn(words: Catalogue, code: string): string {
  const normalised = code.trim().toLowerCase();
  return isLanguageCode(normalised) ? words.language[normalised] : code;
}

/** The languages of a referral as one line ("portugais, français"), or "not specified". */
export function languageListIn(words: Catalogue, codes: readonly string[]): string {
  const names = codes.map((c) => languageNameIn(words, c)).filter((n) => n.trim() !== '');
  return names.length > 0 ? names.join(', ') : fill(words.text['value.languagesUnknown'], {}, (s) => s);
}

/** A date and time as people of the catalogue's locale write it, in the given time zone, with the zone shown. */
export function formatDateTimeIn(words: Catalogue, at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(words.intl, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}
