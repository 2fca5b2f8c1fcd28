import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import {
  assertNoContactData,
  type ContactDataKind,
  findContactData as findAt,
} from '../../../../domain/privacy/contact-guard.ts';

/** The examples are read in late 2026: the birth-year cutoff moves with the year. */
const NOW = new Date('2026-11-25T09:00:00Z');
const findContactData = (text: string) => findAt(text, NOW);

const POSITIVE: readonly (readonly [string, ContactDataKind])[] = [
  // email addresses, plain and obfuscated
  ['write to jean.dupont@gmail.com after the visit', 'email'],
  ['contact: zebra_85+relais@proton.me', 'email'],
  ['her sister is a.b@c-d.lu', 'email'],
  ['mail Maria @ libero.it', 'email'],
  ['JEAN AT GMAIL DOT COM', 'email'],
  ['jean (at) yahoo (dot) fr', 'email'],
  ['jean[at]example[dot]be', 'email'],
  ['marie arobase orange point fr', 'email'],
  ['mario chiocciola libero punto it', 'email'],
  ['name@domain dot com', 'email'],
  ['reach him at zebra at gmail', 'email'],
  ['jean at example.lu', 'email'],
  // phone numbers
  ['phone +352 621 123 456', 'phone'],
  ['+352621123456', 'phone'],
  ['00352 621 123 456', 'phone'],
  ['call 0470 12 34 56 tomorrow', 'phone'],
  ['0470/12.34.56', 'phone'],
  ['0470-12-34-56', 'phone'],
  ['her mobile 347 123 4567', 'phone'],
  ['+39 347 1234567', 'phone'],
  ['06 12 34 56 78', 'phone'],
  ['06.12.34.56.78', 'phone'],
  ['+33 (0)6 12 34 56 78', 'phone'],
  ['02 123 45 67 (office)', 'phone'],
  ['call 621123456 on Monday', 'phone'],
  ['tel: 0470 12 34 56, appointment 12/03/2025 at 14:30', 'phone'],
  ['０４７０ １２ ３４ ５６', 'phone'],
  ['+32 470/12 34 56', 'phone'],
  ["appelle au 26 12 34 56 l'après-midi", 'phone'],
  // national register and identity numbers
  ['NN 85.07.30-033.61', 'national_id'],
  ['85073003361', 'national_id'],
  ['85073003328', 'national_id'],
  ['matricule 1985073012345', 'national_id'],
  ['CF RSSMRA85T10A562S', 'national_id'],
  ['cf rssmra85t10a562s', 'national_id'],
  ['NIR 1 85 07 75 123 456 78', 'national_id'],
  ['185077512345678', 'national_id'],
  // bank accounts
  ['IBAN LU28 0019 4006 4475 0000', 'iban'],
  ['BE68 5390 0754 7034 for the rent', 'iban'],
  ['IT60 X054 2811 1010 0000 0123 456', 'iban'],
  ['FR76 3000 6000 0112 3456 7890 189', 'iban'],
  ['DE89370400440532013000', 'iban'],
  ['nl91abna0417164300', 'iban'],
  ['LU28 0019 4006 4475 0001 (mistyped)', 'iban'],
  ['GB82 WEST 1234 5698 7654 32', 'iban'],
];

const NEGATIVE: readonly string[] = [
  'blurred vision both eyes since 2023',
  'BP 140/90',
  'BP 140/90 130/85 125/80',
  'appointment at 14:30',
  'needs 2 tablets 3 times a day',
  'room 12, floor 3',
  'dose 100 mg',
  'follow-up in 6 weeks',
  '12/03/2025',
  'seen on 12/03/2025 at 14:30, again on 19/03/2025',
  'between 12.03.2025 and 19.03.2025',
  'appointment 2025-03-12T14:30:00Z, room 4',
  'on 2025-03-12 14:30 at the hospital',
  'HbA1c 7.2 %, glucose 5.6 7.2 8.1 6.4 mmol/l',
  'temperature 38.5 °C, weight 72 kg, height 1.78 m',
  'CD4 350 cells/mm3, viral load 2 500 000 copies/ml',
  'ICD-10 F11.2, methadone 60 mg daily',
  'pain 7/10 at rest, MMSE 27/30',
  'visits in 2023-2024 and 2019 2020',
  'insulin 10 IU at 8:00 and 6 IU at 20:00',
  'meeting point: at the church door, main square',
  'meet at the station point de rencontre near the fountain',
  'she points at the painful spot on the left eye',
  'seen at home. It went well',
  'point de rencontre devant la gare à 14h30',
  'appuntamento alle 14.30 al piano 2, stanza 12',
  'Termin am 12.03.2025 um 14:30 Uhr',
  'glasses -2.5 / -3.0, new lenses in 2 weeks',
  'bus 16 to stop 3, then 5 minutes walk',
  'on DOT at the clinic, 3 times a week',
  'Hep C RNA negative since 2024, fibroscan 5.4 kPa',
  'psychotherapists and physiotherapy twice a week',
  'hospital CHL, building B, level -1, door 12',
  '1/2 tablet morning and evening for 10 days',
  'methadone 10 20 30 40 mg over four weeks',
  'from 01/03/2025-05/03/2025, then on 12/03/2025 2 tablets',
  'platelets 250 000/mm3, viral load 1 200 000 cp/ml',
  'FR20 then take it daily after meals please',
  'between 08:00-12:00 and 14:00-18:00, rdv le 12/03 à 9h',
  '',
];

describe('findContactData', () => {
  it('has at least 25 positive and 25 negative examples', () => {
    expect(POSITIVE.length).toBeGreaterThanOrEqual(25);
    expect(NEGATIVE.length).toBeGreaterThanOrEqual(25);
  });

  it.each(POSITIVE)('finds contact data in %j (%s)', (text, kind) => {
    expect(findContactData(text)).toBe(kind);
  });

  it.each(NEGATIVE)('lets ordinary text pass: %j', (text) => {
    expect(findContactData(text)).toBeNull();
  });

  it('stays fast on a 64 KB body built to make regular expressions backtrack', () => {
    const bodies = [
      'a'.repeat(32_000) + ' at ' + 'b'.repeat(32_000),
      'a (at) ' + 'b dot '.repeat(10_000),
      'x-1.2/3 '.repeat(8_000),
      'AB12 '.repeat(13_000),
      '01/'.repeat(21_000),
    ];
    const started = performance.now();
    for (const body of bodies) findContactData(body);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('finds a number split by invisible characters or non-breaking spaces', () => {
    expect(findContactData('0470\u200b12\u200b34\u200b56')).toBe('phone');
    expect(findContactData('+352\u00a0621\u00a0123\u00a0456')).toBe('phone');
  });
});

describe('assertNoContactData', () => {
  it('refuses with invalid_input on the field and never echoes the text', () => {
    try {
      assertNoContactData('call 0470 12 34 56', 'reason');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      const e = err as DomainError;
      expect(e.kind).toBe('invalid_input');
      expect(e.field).toBe('reason');
      expect(e.message).toContain('phone number');
      expect(e.message).not.toContain('0470');
    }
  });

  it('accepts ordinary text', () => {
    expect(() => assertNoContactData('blurred vision both eyes since 2023', 'reason')).not.toThrow();
  });
});

const word = fc.stringMatching(/^[a-z]{1,10}$/);
const words = fc.array(word, { maxLength: 6 });
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const separator = fc.constantFrom(' ', '.', '-', '');

/**
 * Phone numbers in the shapes people write them in Luxembourg, Belgium, Italy and France: one separator
 * within a number (a Belgian area code may also end with a slash), an optional international prefix.
 */
const phone = fc.oneof(
  fc
    .tuple(fc.constantFrom('+352 ', '00352 ', '+352', ''), digits(2), digits(3), digits(3), separator)
    .map(([cc, a, b, c, s]) => `${cc}6${a}${s}${b}${s}${c}`),
  fc
    .tuple(
      fc.constantFrom('0', '+32 ', '0032 '),
      digits(2),
      digits(2),
      digits(2),
      digits(2),
      separator,
      fc.boolean(),
    )
    .map(([p, a, b, c, d, s, slash]) => `${p}4${a}${slash ? '/' : s}${b}${s}${c}${s}${d}`),
  fc
    .tuple(fc.constantFrom('', '+39 ', '0039 '), digits(2), digits(3), digits(4), separator)
    .map(([p, a, b, c, s]) => `${p}3${a}${s}${b}${s}${c}`),
  fc
    .tuple(
      fc.constantFrom('0', '+33 ', '+33 (0)'),
      fc.constantFrom('6', '7', '1'),
      fc.array(digits(2), { minLength: 4, maxLength: 4 }),
      separator,
    )
    .map(([p, a, groups, s]) => `${p}${a}${s}${groups.join(s)}`),
  digits(7),
);

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,10}[a-z0-9])?$/),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('com', 'lu', 'be', 'it', 'fr', 'org', 'net', 'eu', 'de', 'nl'),
  )
  .map(([local, labels, tld]) => `${local}@${labels.join('.')}.${tld}`);

const embedded = (inner: fc.Arbitrary<string>) =>
  fc.tuple(words, inner, words).map(([before, x, after]) => [...before, x, ...after].join(' '));

describe('findContactData properties', () => {
  it('finds any email address among words', () => {
    fc.assert(
      fc.property(embedded(email), (text) => findContactData(text) === 'email'),
      { numRuns: 1000 },
    );
  });

  it('finds any phone number among words', () => {
    fc.assert(
      fc.property(embedded(phone), (text) => findContactData(text) !== null),
      { numRuns: 1000 },
    );
  });

  it('lets words and small numbers with units pass', () => {
    const amount = fc
      .tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom('mg', 'ml', 'tablets', 'days', 'weeks', 'kg'))
      .map(([n, unit]) => `${n} ${unit}`);
    const vocabulary = fc.constantFrom(
      'dose',
      'pain',
      'eye',
      'left',
      'for',
      'then',
      'twice',
      'daily',
      'since',
    );
    const text = fc.array(fc.oneof(amount, vocabulary), { maxLength: 12 }).map((parts) => parts.join(', '));
    fc.assert(
      fc.property(text, (t) => findContactData(t) === null),
      { numRuns: 1000 },
    );
  });

  it('lets dates that are not birth dates, times, blood pressures and doses pass, in any order', () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const day = fc.integer({ min: 1, max: 28 });
    const month = fc.integer({ min: 1, max: 12 });
    // A whole date of 14 years ago or earlier is a plausible date of birth (see the date-of-birth tests).
    const year = fc.integer({ min: 2013, max: 2035 });
    const fragment = fc.oneof(
      fc
        .tuple(day, month, year, fc.constantFrom('/', '.', '-'))
        .map(([d, m, y, s]) => `${pad(d)}${s}${pad(m)}${s}${y}`),
      fc.tuple(year, month, day).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${pad(h)}:${pad(m)}`),
      fc
        .tuple(fc.integer({ min: 90, max: 200 }), fc.integer({ min: 50, max: 120 }))
        .map(([a, b]) => `BP ${a}/${b}`),
      fc
        .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('mg', 'ml', 'IU'))
        .map(([n, u]) => `${n} ${u}`),
      fc.integer({ min: 1, max: 99 }).map((n) => `room ${n}`),
      fc.constantFrom('at', 'on', 'then', 'and', 'since', 'until'),
    );
    const text = fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, (t) => findContactData(t) === null),
      { numRuns: 20000 },
    );
  });
});
