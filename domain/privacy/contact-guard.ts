import { lazily } from '../../events/lazy-schema.ts';
import { DomainError } from '../errors.ts';

/*
 * Relais never holds a name, a phone number, an email address or an identity number of the people it
 * serves (PRODUCT.md). Free-text fields (reason, notes, questions, advice, meeting point) are where such
 * data slips in by habit, so they are checked before they are kept. The check errs towards refusing
 * what merely looks like contact data (a worker can rephrase), while ordinary clinical and social text —
 * doses, blood pressure, times, dates, rooms, years — passes.
 */

export const CONTACT_DATA_KINDS = ['email', 'phone', 'national_id', 'iban', 'date_of_birth'] as const;
export type ContactDataKind = (typeof CONTACT_DATA_KINDS)[number];

/**
 * What kind of contact or identity data the text seems to hold, or null. When it holds several, the most
 * specific is named: email, then IBAN, then national identity number, then date of birth, then phone
 * number. `now` only places the birth-year cutoff (see hasDateOfBirth); it defaults to the present.
 */
export function findContactData(text: string, now: Date = new Date()): ContactDataKind | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const t = normalise(text);
  if (hasEmail(t)) return 'email';
  if (hasIban(t.toUpperCase())) return 'iban';
  // Numbers are looked for with letters standing in for digits read as digits, and `_` as a space.
  const numeric = lettersAsDigits(t).replace(/_/g, ' ');
  if (hasNationalId(numeric.toUpperCase())) return 'national_id';
  if (hasDateOfBirth(numeric, now.getUTCFullYear())) return 'date_of_birth';
  if (hasPhone(numeric)) return 'phone';
  return null;
}

const MESSAGES: Readonly<Record<ContactDataKind, string>> = {
  email: 'This text seems to contain an email address.',
  phone: 'This text seems to contain a phone number.',
  national_id: 'This text seems to contain an identity number.',
  iban: 'This text seems to contain a bank account number.',
  date_of_birth: 'This text seems to contain a date of birth.',
};

/**
 * Refuses (`invalid_input` on `field`) a free text that seems to hold contact or identity data. The
 * message names the kind, never the text: contact details are not kept in Relais, the person is known
 * by their pseudonym.
 */
export function assertNoContactData(text: string, field: string, now?: Date): void {
  const kind = findContactData(text, now);
  if (kind) {
    throw new DomainError(
      'invalid_input',
      `${MESSAGES[kind]} Contact and identity details are not kept in Relais: please remove it.`,
      field,
      'contact_data',
    );
  }
}

/**
 * One form for the checks: compatibility forms folded (full-width digits and @, non-breaking spaces),
 * every decimal digit of any script made its ASCII digit (Arabic-Indic ٣, Eastern Arabic-Indic ۳,
 * Devanagari ३…), invisible characters that split a number or an address removed (including the
 * direction marks that Arabic and Hebrew text puts around numbers), dashes made `-`.
 */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Nd}/gu, asciiDigit)
    .replace(/[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
}

const IS_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<string, string>();

/**
 * The ASCII digit of any decimal digit. Unicode assigns decimal digits only in runs of ten, 0 to 9 in
 * order (a stability guarantee), so a digit's value is its distance from the start of its run, modulo
 * ten for the runs of several systems laid end to end.
 */
function asciiDigit(d: string): string {
  if (d >= '0' && d <= '9') return d;
  let value = digitValues.get(d);
  if (value === undefined) {
    const cp = d.codePointAt(0)!;
    let start = cp;
    while (start > 0 && IS_DIGIT.test(String.fromCodePoint(start - 1))) start--;
    value = String((cp - start) % 10);
    digitValues.set(d, value);
  }
  return value;
}

/**
 * Letters written for digits (`062l l23 456`, `O47O`): l, I and | read as 1, O and o as 0, but only in a
 * run of letters and digits made of nothing else and at least two thirds digits, with two digits or
 * more, so that words (`Il`, `lo`), units after a single digit (`2l`) and codes with other letters
 * (`HbA1c`, `B12`) stay as written.
 */
function lettersAsDigits(t: string): string {
  return t.replace(/[0-9A-Za-z|]+/g, (run) => {
    if (!/^[0-9lIoO|]+$/.test(run)) return run;
    const letters = run.replace(/\d/g, '').length;
    const digits = run.length - letters;
    if (letters === 0 || digits < 2 || digits < 2 * letters) return run;
    return run.replace(/[lI|]/g, '1').replace(/[oO]/g, '0');
  });
}

// The patterns built with `new RegExp` below are made on first use (`lazily`, events/lazy-schema.ts):
// building one parses its Unicode classes (`\p{L}`, case-insensitive), several milliseconds of CPU in
// all, which a cold start whose first request checks no text (a list, a link page) need not pay at load.

// ---------------------------------------------------------------------------------------------- email

const LOCAL = String.raw`(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+`;
const LABEL = String.raw`[\p{L}\p{N}\-]+`;
const AT_WORDS = 'at|arobase|arobas|chiocciola|klammeraffe';
const DOT_WORDS = 'dot|point|punto|punkt|punt';
/**
 * `@`, an at-word in brackets (`(at)`, `[at]`), or one that means nothing else (`arobase`,
 * `chiocciola`) between spaces.
 */
const AT_STRONG = String.raw`(?:\s*@\s*|\s*[(\[{<]\s*(?:${AT_WORDS}|@)\s*[)\]}>]\s*|\s+(?:arobase|arobas|chiocciola|klammeraffe)\s+)`;
/** "at" between spaces: "name at domain dot com". */
const AT_WORD = String.raw`\s+at\s+`;
const DOT_BRACKETED = String.raw`\s*[(\[{<]\s*(?:${DOT_WORDS}|\.)\s*[)\]}>]\s*`;
const DOT_WORD = String.raw`\s+(?:${DOT_WORDS})\s+`;
/** After a plain "at", "point" is too common a word ("meet at the station point de rencontre"). */
const DOT_WORD_AFTER_AT = String.raw`\s+(?:dot|punto|punkt)\s+`;
/** Top-level domains accepted after an obfuscated address: common ones, so prose is not taken for one. */
const TLDS =
  'com|net|org|info|biz|eu|lu|be|fr|it|de|nl|ch|at|uk|es|pt|ro|pl|bg|gr|hu|cz|sk|si|hr|rs|al|ua|ru|tr|ma|dz|tn|sn|ci|cm|cd|ng|gh|br|ar|co|us|ca|io|me|tv|email|online|mail';
const END = String.raw`(?![\p{L}\p{N}])`;
const MAIL_PROVIDERS = String.raw`gmail|googlemail|hotmail|yahoo|outlook|icloud|protonmail|proton\.me|libero|laposte|wanadoo|skynet|telenet|gmx`;

const emailPatterns = lazily((): readonly RegExp[] => [
  // name@domain.tld (spaces allowed around @ only)
  new RegExp(String.raw`${LOCAL}\s*@\s*${LABEL}(?:\.${LABEL})*\.\p{L}{2,}${END}`, 'iu'),
  // name@domain dot com, name (at) domain (dot) com, name [at] domain . com
  new RegExp(
    String.raw`${LOCAL}${AT_STRONG}${LABEL}(?:(?:\s*\.\s*|${DOT_BRACKETED}|${DOT_WORD})${LABEL})*?(?:\s*\.\s*|${DOT_BRACKETED}|${DOT_WORD})(?:${TLDS})${END}`,
    'iu',
  ),
  // name at domain dot com, name at domain.com (a dot with spaces around it is a full stop, not an address)
  new RegExp(
    String.raw`${LOCAL}${AT_WORD}${LABEL}(?:(?:\.|${DOT_BRACKETED}|${DOT_WORD_AFTER_AT})${LABEL})*?(?:\.|${DOT_BRACKETED}|${DOT_WORD_AFTER_AT})(?:${TLDS})${END}`,
    'iu',
  ),
  // name at gmail, name@hotmail: a mail provider names an address even without its domain
  new RegExp(`${LOCAL}(?:${AT_STRONG}|${AT_WORD})(?:${MAIL_PROVIDERS})${END}`, 'iu'),
]);

function hasEmail(t: string): boolean {
  return emailPatterns().some((re) => re.test(t));
}

// ----------------------------------------------------------------------------------------------- IBAN

/** IBAN lengths of the countries Relais works in and around. */
const IBAN_LENGTH: ReadonlyMap<string, number> = new Map(
  (
    'AL28 AT20 BA20 BE16 BG22 CH21 CY28 CZ24 DE22 DK18 EE20 ES24 FI18 FR27 GB22 GR27 HR21 HU28 IE22 IS26 ' +
    'IT27 LI21 LT20 LU20 LV21 MA28 MC27 ME22 MK19 MT31 NL18 NO15 PL28 PT25 RO24 RS22 SE24 SI19 SK24 SM27 ' +
    'TN24 TR26 UA29 XK20'
  )
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

const IBAN_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}/gu;

/**
 * An IBAN, written whole or in groups: a country code, check digits and an account number that ends
 * where a group ends and is at least 40% digits (so that words are not read as one), either passing the
 * ISO 7064 check or having the country's length (a mistyped IBAN is still one).
 */
function hasIban(upper: string): boolean {
  for (const m of upper.matchAll(IBAN_CANDIDATE)) {
    const groups = m[0].split(/[ -]/);
    const compact = groups.join('');
    const known = IBAN_LENGTH.get(compact.slice(0, 2));
    let end = 0;
    for (const g of groups) {
      end += g.length;
      if (end < 15 || end > 34) continue;
      const iban = compact.slice(0, end);
      const bban = iban.slice(4);
      if (bban.replace(/\D/g, '').length < 0.4 * bban.length) continue;
      if (end === known || ibanRemainder(iban) === 1) return true;
    }
  }
  return false;
}

function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let r = 0;
  for (const c of rearranged) {
    const v = c >= '0' && c <= '9' ? c : String(c.charCodeAt(0) - 55);
    for (const d of v) r = (r * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return r;
}

// -------------------------------------------------------------------------------------- national ids

const OMOCODE = '[0-9LMNPQRSTUV]';
/** Italian codice fiscale: RSSMRA85T10A562S (digits may be replaced by letters, "omocodia"). */
const codiceFiscale = lazily(
  () =>
    new RegExp(
      String.raw`(?<![\p{L}\p{N}])[A-Z]{6}${OMOCODE}{2}[ABCDEHLMPRST]${OMOCODE}{2}[A-Z]${OMOCODE}{3}[A-Z](?![\p{L}\p{N}])`,
      'gu',
    ),
);
/** Belgian national register number: YY.MM.DD-NNN.CC, or its 11 digits. */
const BELGIAN_NRN = /(?<![\d+])(\d{2})[. ]?(\d{2})[. ]?(\d{2})[-. ]?\d{3}[. ]?\d{2}(?![\d])/g;
/** Luxembourg national identification number (matricule): YYYYMMDD and 5 digits. */
const LUXEMBOURG_MATRICULE =
  /(?<![\d+])(?:19|20)\d{2} ?(?:0[1-9]|1[0-2]) ?(?:0[1-9]|[12]\d|3[01]) ?\d{3} ?\d{2}(?!\d)/;
/** French social security number (NIR): sex, YY, MM, department (2A/2B in Corsica), commune, order, key. */
const FRENCH_NIR =
  /(?<![\d+])[1-478][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}(?![\p{L}\p{N}])/u;

function hasNationalId(upper: string): boolean {
  for (const m of upper.matchAll(codiceFiscale())) {
    // A real code has digits (omocodia replaces at most a few); sixteen letters are a word.
    if (/\d/.test(m[0])) return true;
  }
  for (const m of upper.matchAll(BELGIAN_NRN)) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    // Months are shifted by 20 or 40 for "bis" numbers; 00 stands for an unknown month or day.
    if (day <= 31 && month % 20 <= 12 && month <= 52) return true;
  }
  return LUXEMBOURG_MATRICULE.test(upper) || FRENCH_NIR.test(upper);
}

// -------------------------------------------------------------------------------------- date of birth

/*
 * A date of birth identifies a person as surely as a name, and habit puts it in a referral ("né le
 * 12/03/1985"). Reasons also carry dates that are not (appointments, the start of symptoms, "since
 * 2019"), so the rule is:
 *   - a whole date (day, month and year; in figures or with a month name in English, French, German,
 *     Dutch or Italian) right after a birth word (born, DOB, né(e), date de naissance, geboren, geb.,
 *     Geburtsdatum, geboortedatum, nato/a, data di nascita…), or a month and year after one, is a date
 *     of birth whenever its year is from 1900 to this year;
 *   - a whole date with no birth word is one when its year is a plausible birth year of someone Relais
 *     serves: from 1900 to 14 years before this year. More recent and future dates (appointments,
 *     "depuis le 3 mars 2024") pass, as do a year or a month and year alone ("since 2019",
 *     "depuis mars 2019").
 * A two-digit year is read in the century that puts it at most ten years ahead (in 2026: 36 is 2036,
 * 85 is 1985).
 */

/** Someone younger than this is rarely referred on their own, and older dates are rarely events. */
const YOUNGEST_AGE = 14;
const EARLIEST_BIRTH_YEAR = 1900;

const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      'january jan janvier janv januar jänner jaenner januari gennaio gen',
      'february feb février fevrier févr fevr februar februari febbraio',
      'march mar mars märz maerz marz mär maart mrt marzo',
      'april apr avril avr aprile',
      'may mai mei maggio mag',
      'june jun juin juni giugno giu',
      'july jul juillet juil juli luglio lug',
      'august aug août aout augustus agosto ago',
      'september sep sept septembre settembre set sett',
      'october oct octobre oktober okt ottobre ott',
      'november nov novembre',
      'december dec décembre decembre déc dezember dez dicembre dic',
    ] as const
  ).flatMap((names, i) => names.split(' ').map((n) => [n, i + 1] as const)),
);
const MONTH = `(${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?(?![\\p{L}])`;
const DAY_SUFFIX = String.raw`(?:st|nd|rd|th|er|re|e|\.|°|º)?`;

/** 12/03/1985, 12.03.85, 3-12-1985 (day and month either way round). */
const NUMERIC_DMY = /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![./-]?\d)/g;
/** 1985-03-12, 1985/3/12. */
const NUMERIC_YMD = /(?<![\d./-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![./-]?\d)/g;
/** 12 mars 1985, 1er mars 1985, 12. März 1985, 12 de marzo 1985. */
const wordsDmy = lazily(
  () =>
    new RegExp(
      String.raw`(?<![\p{L}\p{N}])(\d{1,2})${DAY_SUFFIX}\s*(?:de\s+|di\s+)?${MONTH},?\s*(\d{4})(?!\d)`,
      'giu',
    ),
);
/** March 12, 1985; March 12th 1985. */
const wordsMdy = lazily(
  () =>
    new RegExp(String.raw`(?<![\p{L}\p{N}])${MONTH}\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)`, 'giu'),
);
/** A month and a year (03/1985, mars 1985): a date of birth only after a birth word. */
const monthYear = lazily(
  () =>
    new RegExp(
      String.raw`(?:(?<![\p{L}\p{N}])${MONTH}\s*(\d{4})|(?<![\d./-])(\d{1,2})[./-](\d{4}))(?![./-]?\d)`,
      'giu',
    ),
);
/** A birth word, then at most a few words without digits ("né le", "born on", "nato il", ": "). */
const BIRTH_WORD =
  /(?<![\p{L}])(?:born|birth\s*date|date\s+of\s+birth|birthday|d\.?o\.?b\.?|née?(?:\s*\(e\))?|date\s+de\s+naissance|naissance|ddn|geboren|geb\.|geburtsdatum|geboortedatum|nat[oa](?:\/[ao])?|data\s+di\s+nascita|nascita)(?![\p{L}])[^\d]{0,20}$/iu;

function hasDateOfBirth(t: string, thisYear: number): boolean {
  const marked = (index: number) => BIRTH_WORD.test(t.slice(Math.max(0, index - 50), index));
  const birthYear = (year: number, index: number) =>
    year >= EARLIEST_BIRTH_YEAR && (year <= thisYear - YOUNGEST_AGE || (year <= thisYear && marked(index)));
  const fullYear = (y: string) => {
    if (y.length === 4) return Number(y);
    const next = 2000 + Number(y);
    return next <= thisYear + 10 ? next : next - 100;
  };
  for (const m of t.matchAll(NUMERIC_DMY)) {
    if (isDayMonth(m[1]!, m[3]!) && birthYear(fullYear(m[4]!), m.index)) return true;
  }
  for (const m of t.matchAll(NUMERIC_YMD)) {
    if (isMonthDay(m[3]!, m[4]!) && birthYear(Number(m[1]), m.index)) return true;
  }
  for (const m of t.matchAll(wordsDmy())) {
    if (isMonthDay(String(monthOf(m[2]!)), m[1]!) && birthYear(Number(m[3]), m.index)) return true;
  }
  for (const m of t.matchAll(wordsMdy())) {
    if (isMonthDay(String(monthOf(m[1]!)), m[2]!) && birthYear(Number(m[3]), m.index)) return true;
  }
  for (const m of t.matchAll(monthYear())) {
    const year = Number(m[2] ?? m[4]);
    const month = m[1] !== undefined ? monthOf(m[1]) : Number(m[3]);
    if (month >= 1 && month <= 12 && year >= EARLIEST_BIRTH_YEAR && year <= thisYear && marked(m.index)) {
      return true;
    }
  }
  return false;
}

const monthOf = (name: string): number => MONTHS.get(name.toLowerCase().replace(/\.$/, '')) ?? 0;

/** A month (1-12) and a day of it (1-31). */
function isMonthDay(month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// ---------------------------------------------------------------------------------------------- phone

/*
 * Dates are masked before looking for phone numbers, so that "12/03/2025 14:30" is not read as 8 digits.
 * A date with a four-digit year is masked wherever it stands, unless it runs on into more digits
 * ("06-01-2012-00"); one with a two-digit year is too close to a phone number's groups, so it is left
 * alone also when a space and further digit groups follow or precede it ("06.12.34 56 78", "06 12
 * 01.01.99"), a time excepted ("12.03.25 14:30").
 */
const NOT_IN_RUN = String.raw`(?<![\d./-])`;
const NOT_RUNNING_ON = String.raw`(?![./-]?\d)`;
const NOT_AFTER_GROUP = String.raw`(?<!\d )`;
const NOT_BEFORE_GROUPS = String.raw`(?! \d{1,4}[ ./-]\d)`;
/** ISO dates and date-times: 2025-03-12, 2025/03/12 14:30, 2025-03-12T14:30:00Z. */
const ISO_DATE = new RegExp(
  String.raw`${NOT_IN_RUN}(?:19|20)\d{2}([-/.])(\d{1,2})\1(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?${NOT_RUNNING_ON}`,
  'gi',
);
/** Day-month-year (or month-day-year) dates with a four-digit year: 12/03/2025, 1-3-2025. */
const DMY_DATE = new RegExp(
  String.raw`${NOT_IN_RUN}(\d{1,2})([./-])(\d{1,2})\2(?:19|20)\d{2}${NOT_RUNNING_ON}`,
  'g',
);
/** The same with a two-digit year: 12.03.25. */
const DMY_SHORT_DATE = new RegExp(
  String.raw`${NOT_IN_RUN}${NOT_AFTER_GROUP}(\d{1,2})([./-])(\d{1,2})\2\d{2}${NOT_RUNNING_ON}${NOT_BEFORE_GROUPS}`,
  'g',
);
/** Date ranges: 01/03/2025-05/03/2025, 12.03.2025 - 19.03.2025. */
const DATE_RANGE = new RegExp(
  String.raw`${NOT_IN_RUN}\d{1,2}([./])\d{1,2}\1(?:19|20)\d{2} ?- ?\d{1,2}([./])\d{1,2}\2(?:19|20)\d{2}${NOT_RUNNING_ON}`,
  'g',
);
/** Year ranges: 2023-2024, 2023/24. */
const YEAR_RANGE = new RegExp(
  String.raw`${NOT_IN_RUN}(?:19|20)\d{2} ?[-/] ?(?:(?:19|20)\d{2}|\d{2})${NOT_RUNNING_ON}`,
  'g',
);
/** A run of digit groups joined by spaces, dots, dashes or slashes: a phone number is one. */
const DIGIT_CHUNK = /\+?\d+(?:[ \t./-]{1,3}\d+)*/g;
/**
 * A unit, after which digit groups are an amount or a list of doses, not a phone number: 2 500 000
 * copies/ml, 1 200 000 EUR, 10 20 30 40 mg. A word that merely starts like one ("l'après-midi") is not.
 */
const UNIT_AFTER =
  /^\s*(?:\/|%|€|\$|£|(?:copies|cp|cells|cellules|ui|iu|u|units?|mg|µg|mcg|g|kg|ml|l|mmol|eur|euros?|chf|lire|lei)(?![\p{L}'’]))/iu;
const MIN_PHONE_DIGITS = 7;

function hasPhone(t: string): boolean {
  const masked = t
    .replace(/[()]/g, ' ')
    .replace(DATE_RANGE, ' ; ')
    .replace(ISO_DATE, (whole, _sep: string, m: string, d: string) => (isDayMonth(d, m) ? ' ; ' : whole))
    .replace(DMY_DATE, maskDayMonth)
    .replace(DMY_SHORT_DATE, maskDayMonth)
    .replace(YEAR_RANGE, ' ; ');
  for (const m of masked.matchAll(DIGIT_CHUNK)) {
    const after = masked.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (chunkHasPhone(m[0], UNIT_AFTER.test(after))) return true;
  }
  return false;
}

const maskDayMonth = (whole: string, a: string, _sep: string, b: string): string =>
  isDayMonth(a, b) ? ' ; ' : whole;

/** Either day then month or month then day. */
function isDayMonth(a: string, b: string): boolean {
  const x = Number(a);
  const y = Number(b);
  if (x < 1 || y < 1) return false;
  return (x <= 31 && y <= 12) || (x <= 12 && y <= 31);
}

/**
 * Splits a chunk where the join cannot be inside a phone number, and finds a run of 7 digits or more.
 * A slash joins only after an area code (`0470/12.34.56`, `+32 470/12 34 56`, never `140/90`); a dot before a single
 * digit is a decimal point (`5.6 7.2`); a run of years (`2019 2020`) or an amount with a unit
 * (`2 500 000 copies`) is not a phone number.
 */
function chunkHasPhone(chunk: string, unitFollows: boolean): boolean {
  const parts = chunk.split(/(\d+)/);
  // parts: [prefix ("" or "+"), group, joint, group, joint, ..., group, ""]
  const international = parts[0] === '+' || (parts[1] ?? '').startsWith('00');
  let run: string[] = [];
  const runs: string[][] = [run];
  for (let i = 1; i < parts.length; i += 2) {
    const group = parts[i]!;
    if (i > 1 && breaksBetween(parts[i - 2]!, parts[i - 1]!, group, international && runs.length === 1)) {
      run = [];
      runs.push(run);
    }
    run.push(group);
  }
  return runs.some((groups, index) => {
    const digits = groups.join('').length;
    if (digits < MIN_PHONE_DIGITS) return false;
    if (groups.length > 1 && groups.every((g) => /^(?:19|20)\d{2}$/.test(g))) return false;
    const isLast = index === runs.length - 1;
    return !(isLast && unitFollows && !international && isAmount(groups));
  });
}

function breaksBetween(left: string, joint: string, right: string, international: boolean): boolean {
  if (joint.includes('/')) {
    const areaCode = left.length >= 2 && left.length <= 4 && (left.startsWith('0') || international);
    return !areaCode;
  }
  return joint.includes('.') && right.length === 1;
}

/**
 * 2 500 000 or 10 20 30 40: groups of 1 to 3 digits, the first without a leading 0 (local phone numbers
 * start with one), 8 digits at most, so that a Luxembourg mobile number (621 123 456) is still one.
 */
const isAmount = (groups: readonly string[]): boolean =>
  groups.length > 1 &&
  groups.join('').length <= 8 &&
  /^[1-9]/.test(groups[0]!) &&
  groups.every((g) => g.length <= 3);
