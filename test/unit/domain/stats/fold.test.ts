import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_COUNTERS, type YearCounters } from '../../../../domain/stats/figures.ts';
import { addCounters, foldYear, type ReferralYear } from '../../../../domain/stats/fold.ts';
import { COUNTER_FIELDS, type Increment } from '../../../../domain/stats/increments.ts';
import { decodeIncrements, encodeIncrements } from '../../../../functions/adapters/dynamo/stats-store.ts';

/*
 * The yearly figures are folded from one row per referral, on which each event sets its own fact: the
 * rows, and so the figures, are the same whatever order the events come in and however often each comes.
 * The model below keeps rows as the store does (SET: an attribute written again keeps its value).
 */

/** One stats event as the projection records it. */
interface Fact {
  readonly referral: string;
  readonly event: string;
  readonly increments: readonly Increment[];
  readonly person?: string;
}

/** The rows the store keeps after these facts, recorded in this order. */
function rowsAfter(facts: readonly Fact[]): ReferralYear[] {
  const rows = new Map<string, { person?: string; events: Record<string, readonly Increment[]> }>();
  for (const f of facts) {
    const row = rows.get(f.referral) ?? { events: {} };
    row.events[f.event] = f.increments;
    if (f.person !== undefined) row.person = f.person;
    rows.set(f.referral, row);
  }
  return [...rows.values()];
}

const increment: fc.Arbitrary<Increment> = fc.oneof(
  fc.constantFrom(...COUNTER_FIELDS.filter((f) => f !== 'distinctPeople')).map((field) => ({ field })),
  fc.record({ map: fc.constant('bySpecialty' as const), key: fc.constantFrom('dental', 'ophthalmology') }),
  fc.record({ map: fc.constant('daysToAppointment' as const), key: fc.constantFrom('0', '3', '12', '365') }),
  fc.record({ map: fc.constant('declineReasons' as const), key: fc.constantFrom('no_capacity', 'other') }),
);

/** Facts of a few referrals: each event once, an opening carrying its person (people recur). */
const facts: fc.Arbitrary<Fact[]> = fc
  .array(
    fc.record({
      referral: fc.integer({ min: 0, max: 6 }),
      increments: fc.array(increment, { minLength: 1, maxLength: 3 }),
      person: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    }),
    { maxLength: 30 },
  )
  .map((list) =>
    list.map((f, i) => ({
      referral: `ref-${f.referral}`,
      event: `ev-${i}`,
      increments: f.increments,
      ...(f.person !== undefined ? { person: `person-${f.person}` } : {}),
    })),
  );

/** The counters as counting each event once would give them (the counters kept before issue 15). */
function countedOnce(fs: readonly Fact[]): YearCounters {
  const c = { ...EMPTY_COUNTERS, bySpecialty: {}, daysToAppointment: {}, declineReasons: {} } as {
    -readonly [K in keyof YearCounters]: YearCounters[K] extends number ? number : Record<string, number>;
  };
  for (const f of fs) {
    for (const inc of f.increments) {
      if ('field' in inc) c[inc.field] += 1;
      else c[inc.map][inc.key] = (c[inc.map][inc.key] ?? 0) + 1;
    }
  }
  // A referral keeps one person (its opening's): the distinct people are those of the referrals' rows.
  const personOf = new Map<string, string>();
  for (const f of fs) if (f.person !== undefined) personOf.set(f.referral, f.person);
  c.distinctPeople = new Set(personOf.values()).size;
  return c;
}

describe('foldYear', () => {
  it('gives the same figures whatever the order and duplication of the events', () => {
    fc.assert(
      fc.property(
        facts.chain((fs) =>
          fc.tuple(
            fc.constant(fs),
            fc
              .array(fc.nat({ max: Math.max(0, fs.length - 1) }), { maxLength: 20 })
              .map((again) => (fs.length === 0 ? [] : again.map((i) => fs[i]!))),
          ),
        ),
        fc.infiniteStream(fc.double()),
        ([fs, repeated], noise) => {
          // Delivered in another order with repeats, each fact is still recorded at least once.
          const shuffled = [...fs, ...repeated]
            .map((f) => ({ f, k: noise.next().value }))
            .sort((a, b) => a.k - b.k)
            .map(({ f }) => f);
          const referralPeople = new Map(fs.filter((f) => f.person).map((f) => [f.referral, f.person]));
          // A referral's person is set by its one opening: the model's facts agree on it.
          const consistent = (list: readonly Fact[]) =>
            list.map((f) =>
              f.person === undefined ? f : { ...f, person: referralPeople.get(f.referral) as string },
            );
          expect(foldYear(rowsAfter(consistent(shuffled)))).toEqual(foldYear(rowsAfter(consistent(fs))));
          expect(foldYear(rowsAfter(consistent(shuffled)))).toEqual(countedOnce(consistent(fs)));
        },
      ),
    );
  });

  it('counts a person once a year, whatever the number of their referrals', () => {
    const rows: ReferralYear[] = [
      { person: 'h-zebra', events: { e1: [{ field: 'referrals' }, { map: 'bySpecialty', key: 'dental' }] } },
      { person: 'h-zebra', events: { e2: [{ field: 'referrals' }, { map: 'bySpecialty', key: 'dental' }] } },
      { person: 'h-owl', events: { e3: [{ field: 'referrals' }, { map: 'bySpecialty', key: 'eyes' }] } },
      { events: { e4: [{ field: 'outcomes' }, { field: 'noShows' }], e5: [{ field: 'absences' }] } },
    ];
    expect(foldYear(rows)).toEqual({
      ...EMPTY_COUNTERS,
      referrals: 3,
      distinctPeople: 2,
      bySpecialty: { dental: 2, eyes: 1 },
      outcomes: 1,
      noShows: 1,
      absences: 1,
    });
    expect(foldYear([])).toEqual(EMPTY_COUNTERS);
  });
});

describe('addCounters', () => {
  it('adds counts and map entries, the empty counters adding nothing', () => {
    const a = foldYear([
      { person: 'p', events: { e: [{ field: 'referrals' }, { map: 'bySpecialty', key: 'x' }] } },
    ]);
    const b = foldYear([
      {
        events: {
          e: [
            { map: 'bySpecialty', key: 'x' },
            { map: 'declineReasons', key: 'y' },
          ],
        },
      },
    ]);
    expect(addCounters(a, b, EMPTY_COUNTERS)).toEqual({
      ...EMPTY_COUNTERS,
      referrals: 1,
      distinctPeople: 1,
      bySpecialty: { x: 2 },
      declineReasons: { y: 1 },
    });
    expect(addCounters()).toEqual(EMPTY_COUNTERS);
  });
});

describe('the row’s coding of an event’s increments', () => {
  it('reads back what it writes, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(increment, { minLength: 1, maxLength: 4 }), (incs) => {
        expect(decodeIncrements(encodeIncrements(incs))).toEqual(incs);
      }),
    );
    expect(encodeIncrements([{ field: 'referrals' }, { map: 'bySpecialty', key: 'dental' }])).toBe(
      'r s:dental',
    );
    for (const bad of ['', 'z', 's:', 's:Dental', 'r s:a:b', 'k:dental'])
      expect(decodeIncrements(bad)).toBeUndefined();
  });
});
