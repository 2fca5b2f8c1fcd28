import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactDataKind, findContactData } from '../../../../domain/privacy/contact-guard.ts';
import { CLINICAL_REASONS } from './clinical-reasons.ts';

/*
 * The guard against numbers in other scripts, letters written for digits, unusual separators, and
 * dates of birth; and against refusing ordinary clinical text in any of the five languages.
 */

/** Read in late 2026: dates of 2012 and earlier are plausible birth dates, later ones are not. */
const NOW = new Date('2026-11-25T09:00:00Z');
const find = (text: string) => findContactData(text, NOW);

/** The zero of decimal digit systems people type numbers in (NFKC folds the last two to ASCII). */
const ZEROS = {
  ascii: 0x30,
  'arabic-indic': 0x660,
  'eastern arabic-indic': 0x6f0,
  devanagari: 0x966,
  bengali: 0x9e6,
  thai: 0xe50,
  myanmar: 0x1040,
  'full-width': 0xff10,
  osmanya: 0x104a0,
  adlam: 0x1e950,
  'mathematical bold': 0x1d7ce,
} as const;
const digitSystem = fc.constantFrom(...Object.values(ZEROS));
const render = (text: string, zero: number) =>
  text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));

const POSITIVE: readonly (readonly [string, ContactDataKind])[] = [
  ['٠٤٧٠ ١٢ ٣٤ ٥٦', 'phone'],
  ['رقم الهاتف ۰۶۲۱ ۱۲۳ ۴۵۶', 'phone'],
  ['appelle au \u200f٠٦٢١\u200f ١٢٣ ٤٥٦', 'phone'],
  ['+٣٥٢ ٦٢١ ١٢٣ ٤٥٦', 'phone'],
  ['０６２１－１２３－４５６', 'phone'],
  ['+३५२ ६२१ १२३ ४५६', 'phone'],
  ['062l l23 456', 'phone'],
  ['O470 12 34 56', 'phone'],
  ['call 0621 I23 456 after 5', 'phone'],
  ['062| |23 456', 'phone'],
  ['0470_12_34_56', 'phone'],
  ['+352_621_123_456', 'phone'],
  ['12/03/1985', 'date_of_birth'],
  ['1985-03-12', 'date_of_birth'],
  ['12.03.85', 'date_of_birth'],
  ['né le 12 mars 1985', 'date_of_birth'],
  ['née le 1er février 1990, arrivée en 2019', 'date_of_birth'],
  ['born 12 March 1985', 'date_of_birth'],
  ['DOB: March 12, 1985', 'date_of_birth'],
  ['geboren am 12. März 1985', 'date_of_birth'],
  ['Geburtsdatum 03.07.1979', 'date_of_birth'],
  ['geboren op 12 maart 1985', 'date_of_birth'],
  ['nata il 3 marzo 1990', 'date_of_birth'],
  ['data di nascita 3/3/1990', 'date_of_birth'],
  // After a birth word, a child's date and a month and year are enough.
  ['né le 4 mai 2021', 'date_of_birth'],
  ['date de naissance : 05/2019', 'date_of_birth'],
  ['born in June 2018', 'date_of_birth'],
  ['١٢/٠٣/١٩٨٥', 'date_of_birth'],
];

const NEGATIVE: readonly string[] = [
  'rdv le 12 mars 2027 à 9h',
  'appointment on 12/03/2027 at 10:00',
  'since 2019',
  'depuis mars 2019',
  'seit 2019 in Behandlung',
  'depuis le 3 mars 2024',
  'last seen 12.03.25',
  'born in 1985, arrived in 2019',
  'newborn check at 6 weeks',
  'O2 saturation 94%, 2l of oxygen',
  'vitamin B12 and HbA1c 7.2',
  'Il paziente ha 45 anni',
  'lo ha visto il medico',
  'room 1O is closed',
  'name_of_the_clinic',
  'ECG ١٢:٣٠', // a time in Arabic-Indic digits
  'BP ١٤٠/٩٠',
];

describe('findContactData: scripts, letters, separators and dates of birth', () => {
  it.each(POSITIVE)('finds contact data in %j (%s)', (text, kind) => {
    expect(find(text)).toBe(kind);
  });

  it.each(NEGATIVE)('lets ordinary text pass: %j', (text) => {
    expect(find(text)).toBeNull();
  });

  it('has at least 30 ordinary reasons in each of the five languages together', () => {
    expect(CLINICAL_REASONS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CLINICAL_REASONS)('never refuses an ordinary clinical reason: %j', (text) => {
    expect(find(text)).toBeNull();
  });

  it('stays fast on 64 KB bodies of dates, month names, digits in other scripts and lookalike letters', () => {
    const bodies = [
      '12 mars '.repeat(8_000),
      'né le '.repeat(10_000),
      '١٢/٠٣/'.repeat(10_000),
      'l0l0 '.repeat(13_000),
      '1_'.repeat(32_000),
      'March 12, '.repeat(6_000),
    ];
    // A guard, not a timing: a pattern that backtracks catastrophically takes minutes on 64 KB, where
    // these take tens of milliseconds; the bound leaves room for a machine that is busy (it failed at
    // 1 s once, under a load of 14 on two cores).
    const started = performance.now();
    for (const body of bodies) find(body);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('reads every decimal digit of Unicode as its value', () => {
    for (const zero of Object.values(ZEROS)) {
      expect(find(render('0621 123 456', zero))).toBe('phone');
      expect(find(render('room 12', zero))).toBeNull();
    }
  });
});

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
/** Separators within a phone number, including the invisible and typographic ones. */
const separator = fc.constantFrom(
  ' ',
  '.',
  '-',
  '',
  '_',
  '\u00a0',
  '\u2009',
  '\u202f',
  '\u2013',
  ' - ',
  '_-_',
);

/** Luxembourg, Belgian, Italian and French numbers, with one separator throughout. */
const phone = fc.oneof(
  fc
    .tuple(fc.constantFrom('+352 ', '00352 ', '+352', ''), digits(2), digits(3), digits(3), separator)
    .map(([cc, a, b, c, s]) => `${cc}6${a}${s}${b}${s}${c}`),
  fc
    .tuple(fc.constantFrom('0', '+32 ', '0032 '), digits(2), digits(2), digits(2), digits(2), separator)
    .map(([p, a, b, c, d, s]) => `${p}4${a}${s}${b}${s}${c}${s}${d}`),
  fc
    .tuple(fc.constantFrom('', '+39 ', '0039 '), digits(2), digits(3), digits(4), separator)
    .map(([p, a, b, c, s]) => `${p}3${a}${s}${b}${s}${c}`),
  fc
    .tuple(
      fc.constantFrom('0', '+33 '),
      fc.constantFrom('6', '7', '1'),
      fc.array(digits(2), { minLength: 4, maxLength: 4 }),
      separator,
    )
    .map(([p, a, groups, s]) => `${p}${a}${s}${groups.join(s)}`),
);
const word = fc.constantFrom(
  'call',
  'appeler',
  'anrufen',
  'bellen',
  'chiamare',
  'her',
  'sister',
  'tel',
  'mobile',
);
const words = fc.array(word, { maxLength: 4 }).map((w) => w.join(' '));

describe('findContactData properties: any script, any separator', () => {
  it('catches any phone number rendered in any digit system with any separator', () => {
    fc.assert(
      fc.property(words, phone, digitSystem, words, (before, number, zero, after) => {
        const text = [before, render(number, zero), after].filter(Boolean).join(' ');
        return find(text) !== null;
      }),
      { numRuns: 3000 },
    );
  });

  it('catches a phone number with some digits written as letters', () => {
    const lookalike = (d: string) =>
      d === '1'
        ? fc.constantFrom('1', 'l', 'I')
        : d === '0'
          ? fc.constantFrom('0', 'O', 'o')
          : fc.constant(d);
    const disguised = digits(9).chain((ds) =>
      fc
        .tuple(...[...`06${ds}`].map(lookalike))
        .map((cs) => `${cs.slice(0, 4).join('')} ${cs.slice(4, 7).join('')} ${cs.slice(7).join('')}`)
        // Letters must stay fewer than a third of each group for it to be read as a number.
        .filter((t) => t.split(' ').every((g) => g.replace(/\d/g, '').length * 3 <= g.length)),
    );
    fc.assert(
      fc.property(disguised, (text) => find(text) === 'phone'),
      { numRuns: 1000 },
    );
  });

  it('never refuses an ordinary reason, whatever digit system its numbers are written in', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CLINICAL_REASONS),
        digitSystem,
        (text, zero) => find(render(text, zero)) === null,
      ),
      { numRuns: 1000 },
    );
  });
});

const pad = (n: number) => String(n).padStart(2, '0');
const day = fc.integer({ min: 1, max: 28 });
const month = fc.integer({ min: 1, max: 12 });
const MONTH_NAMES = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  de: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ],
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  it: [
    'gennaio',
    'febbraio',
    'marzo',
    'aprile',
    'maggio',
    'giugno',
    'luglio',
    'agosto',
    'settembre',
    'ottobre',
    'novembre',
    'dicembre',
  ],
} as const;
const language = fc.constantFrom(...(Object.keys(MONTH_NAMES) as (keyof typeof MONTH_NAMES)[]));

/** A whole date in figures or words, in any of the usual shapes. */
const dateOf = (year: fc.Arbitrary<number>) =>
  fc.tuple(day, month, year, language, fc.integer({ min: 0, max: 5 })).map(([d, m, y, lang, shape]) => {
    const name = MONTH_NAMES[lang][m - 1]!;
    switch (shape) {
      case 0:
        return `${pad(d)}/${pad(m)}/${y}`;
      case 1:
        return `${y}-${pad(m)}-${pad(d)}`;
      case 2:
        return `${d}.${m}.${y}`;
      case 3:
        return `${d} ${name} ${y}`;
      case 4:
        return lang === 'de' ? `${d}. ${name} ${y}` : `${d} ${name} ${y}`;
      default:
        return lang === 'en' ? `${name} ${d}, ${y}` : `${pad(d)}-${pad(m)}-${y}`;
    }
  });
const ON = fc.constantFrom('on', 'le', 'am', 'op', 'il', 'vom', 'from', 'dal');

describe('findContactData properties: dates of birth', () => {
  it('refuses a whole date of 1900 to 2012 (14 years back) as a date of birth, in any language', () => {
    fc.assert(
      fc.property(
        ON,
        dateOf(fc.integer({ min: 1900, max: 2012 })),
        (on, date) => find(`${on} ${date}`) === 'date_of_birth',
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses any date after a birth word, a child’s too', () => {
    const birthWord = fc.constantFrom(
      'born',
      'DOB:',
      'né le',
      'née le',
      'geboren am',
      'geboren op',
      'nato il',
      'nata il',
      'date de naissance',
      'Geburtsdatum',
    );
    fc.assert(
      fc.property(
        birthWord,
        dateOf(fc.integer({ min: 1900, max: 2026 })),
        (w, date) => find(`${w} ${date}`) === 'date_of_birth',
      ),
      { numRuns: 2000 },
    );
  });

  it('lets recent and future dates pass: appointments, the start of symptoms', () => {
    const lead = fc.constantFrom(
      'rdv le',
      'appointment on',
      'Termin am',
      'afspraak op',
      'visita il',
      'depuis le',
      'since',
      'seit dem',
      'sinds',
      'dal',
    );
    const time = fc
      .tuple(fc.integer({ min: 7, max: 19 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${h}:${pad(m)}`);
    fc.assert(
      fc.property(
        lead,
        dateOf(fc.integer({ min: 2013, max: 2036 })),
        time,
        (l, date, t) => find(`${l} ${date} ${t}`) === null,
      ),
      { numRuns: 2000 },
    );
  });

  it('lets a year or a month and year pass without a birth word', () => {
    const lead = fc.constantFrom('since', 'depuis', 'seit', 'sinds', 'dal', 'in', 'en');
    const when = fc.oneof(
      fc.integer({ min: 1900, max: 2036 }).map(String),
      fc
        .tuple(language, month, fc.integer({ min: 1900, max: 2036 }))
        .map(([lang, m, y]) => `${MONTH_NAMES[lang][m - 1]} ${y}`),
    );
    fc.assert(
      fc.property(lead, when, (l, w) => find(`${l} ${w}`) === null),
      { numRuns: 2000 },
    );
  });
});
