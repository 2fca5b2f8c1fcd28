import { DomainError } from '../errors.ts';

/*
 * Relais never holds a name, a phone number, an email address or an identity number of the people it
 * serves (PRODUCT.md). Free-text fields (reason, notes, questions, advice, meeting point) are where such
 * data slips in by habit, so they are checked before they are kept. The check errs towards refusing
 * what merely looks like contact data (a worker can rephrase), while ordinary clinical and social text —
 * doses, blood pressure, times, dates, rooms, years — passes.
 */

export const CONTACT_DATA_KINDS = ['email', 'phone', 'national_id', 'iban'] as const;
export type ContactDataKind = (typeof CONTACT_DATA_KINDS)[number];

/**
 * What kind of contact or identity data the text seems to hold, or null. When it holds several, the most
 * specific is named: email, then IBAN, then national identity number, then phone number.
 */
export function findContactData(text: string): ContactDataKind | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const t = normalise(text);
  if (hasEmail(t)) return 'email';
  const upper = t.toUpperCase();
  if (hasIban(upper)) return 'iban';
  if (hasNationalId(upper)) return 'national_id';
  if (hasPhone(t)) return 'phone';
  return null;
}

const MESSAGES: Readonly<Record<ContactDataKind, string>> = {
  email: 'This text seems to contain an email address.',
  phone: 'This text seems to contain a phone number.',
  national_id: 'This text seems to contain an identity number.',
  iban: 'This text seems to contain a bank account number.',
};

/**
 * Refuses (`invalid_input` on `field`) a free text that seems to hold contact or identity data. The
 * message names the kind, never the text: contact details are not kept in Relais, the person is known
 * by their pseudonym.
 */
export function assertNoContactData(text: string, field: string): void {
  const kind = findContactData(text);
  if (kind) {
    throw new DomainError(
      'invalid_input',
      `${MESSAGES[kind]} Contact and identity details are not kept in Relais: please remove it.`,
      field,
    );
  }
}

/**
 * One form for the checks: compatibility forms folded (full-width digits and @, non-breaking spaces),
 * invisible characters that split a number or an address removed, dashes made `-`.
 */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
}

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

const EMAIL_PATTERNS: readonly RegExp[] = [
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
];

function hasEmail(t: string): boolean {
  return EMAIL_PATTERNS.some((re) => re.test(t));
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
const CODICE_FISCALE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])[A-Z]{6}${OMOCODE}{2}[ABCDEHLMPRST]${OMOCODE}{2}[A-Z]${OMOCODE}{3}[A-Z](?![\p{L}\p{N}])`,
  'gu',
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
  for (const m of upper.matchAll(CODICE_FISCALE)) {
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
