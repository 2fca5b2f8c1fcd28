import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Absence, isAbsentAt, normaliseAbsences } from '../../../../domain/directory/absences.ts';
import { DomainError } from '../../../../domain/errors.ts';

const NOW = '2026-07-01T00:00:00.000Z';
const T0 = Date.parse(NOW);
const DAY = 86_400_000;
const day = (n: number): string => new Date(T0 + n * DAY).toISOString();
const period = (from: number, until: number): Absence => ({ from: day(from), until: day(until) });

describe('normaliseAbsences', () => {
  it('merges overlapping and touching periods, sorted by start', () => {
    expect(normaliseAbsences([period(40, 45), period(31, 40), period(10, 20), period(15, 25)], NOW)).toEqual([
      period(10, 25),
      period(31, 45),
    ]);
  });

  it('drops the periods already over, and keeps one that is under way', () => {
    expect(normaliseAbsences([period(-30, -10), period(-5, 0), period(-2, 3)], NOW)).toEqual([period(-2, 3)]);
  });

  it('writes every instant in UTC', () => {
    expect(
      normaliseAbsences([{ from: '2026-08-01T00:00:00+02:00', until: '2026-08-15T23:59:59+02:00' }], NOW),
    ).toEqual([{ from: '2026-07-31T22:00:00.000Z', until: '2026-08-15T21:59:59.000Z' }]);
  });

  it('refuses a period that does not end after it starts, naming it', () => {
    for (const bad of [period(5, 5), period(6, 5)]) {
      try {
        normaliseAbsences([period(1, 2), bad], NOW);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).field).toBe('absences.1.until');
      }
    }
  });

  const periods = fc.array(
    fc
      .tuple(fc.integer({ min: -60, max: 400 }), fc.integer({ min: 1, max: 60 }))
      .map(([from, length]) => period(from, from + length)),
    { maxLength: 12 },
  );
  const instants = fc
    .integer({ min: -60, max: 470 * 24 })
    .map((h) => new Date(T0 + h * 3_600_000).toISOString());

  it('keeps a specialist away at exactly the instants the periods given cover after now (property)', () => {
    fc.assert(
      fc.property(periods, instants, (given, at) => {
        const kept = normaliseAbsences(given, NOW);
        if (Date.parse(at) >= T0) expect(isAbsentAt(kept, at)).toBe(isAbsentAt(given, at));
      }),
    );
  });

  it('leaves periods that are sorted, apart (neither overlapping nor touching), not over, and stable (property)', () => {
    fc.assert(
      fc.property(periods, (given) => {
        const kept = normaliseAbsences(given, NOW);
        for (const [i, p] of kept.entries()) {
          expect(Date.parse(p.until)).toBeGreaterThan(Math.max(Date.parse(p.from), T0));
          const next = kept[i + 1];
          if (next) expect(Date.parse(next.from)).toBeGreaterThan(Date.parse(p.until));
        }
        expect(normaliseAbsences(kept, NOW)).toEqual(kept);
      }),
    );
  });
});

describe('isAbsentAt', () => {
  it('is away from `from` included until `until` excluded', () => {
    const away = [period(1, 3)];
    expect(isAbsentAt(away, day(1))).toBe(true);
    expect(isAbsentAt(away, day(2))).toBe(true);
    expect(isAbsentAt(away, day(3))).toBe(false);
    expect(isAbsentAt(away, day(0))).toBe(false);
    expect(isAbsentAt(undefined, day(2))).toBe(false);
  });

  it('counts an unreadable date as away', () => {
    expect(isAbsentAt([{ from: 'soon', until: day(3) }], day(10))).toBe(true);
  });
});
