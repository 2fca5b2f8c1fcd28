import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../domain/caller.ts';
import { EMPTY_COUNTERS, type YearCounters, type YearFigures } from '../../../../domain/stats/figures.ts';
import type { StatsStore } from '../../../../domain/stats/ports.ts';
import type { YearGrid } from '../../../../domain/stats/suppression.ts';
import { yearFigures } from '../../../../domain/stats/year-figures.ts';

/*
 * The subtractions a reader of the yearly figures can try, on figures built from random counters: a
 * row's total minus its other cells, the network's count minus the organisations'. Whenever such a sum
 * has exactly one hidden cell, the subtraction recovers it; so no sum may have exactly one.
 */

const SPECIALTIES = ['dental', 'ophthalmology', 'gynaecology'] as const;
const FIELDS = [
  'referrals',
  'distinctPeople',
  'accompaniments',
  'appointments',
  'outcomes',
  'noShows',
  'absences',
] as const;
const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }));

const counters: fc.Arbitrary<YearCounters> = fc
  .record({
    bySpecialty: fc.tuple(...SPECIALTIES.map(() => count)),
    declines: fc.tuple(count, count),
    fields: fc.tuple(count, count, count, count, count, count),
  })
  .map(({ bySpecialty, declines, fields }) => {
    const spec = Object.fromEntries(SPECIALTIES.map((s, i) => [s, bySpecialty[i]!]).filter(([, n]) => n));
    return {
      ...EMPTY_COUNTERS,
      referrals: bySpecialty.reduce((a, b) => a + b, 0),
      bySpecialty: spec,
      distinctPeople: fields[0]!,
      accompaniments: fields[1]!,
      appointments: fields[2]!,
      outcomes: fields[3]! + fields[4]!,
      noShows: fields[4]!,
      absences: fields[5]!,
      declineReasons: Object.fromEntries(
        [['too_far', declines[0]!] as const, ['full', declines[1]!] as const].filter(([, n]) => n),
      ),
    };
  });

const sumOf = (cs: readonly YearCounters[]): YearCounters => {
  const fields: Record<string, number> = Object.fromEntries(FIELDS.map((f) => [f, 0]));
  const bySpecialty: Record<string, number> = {};
  const declineReasons: Record<string, number> = {};
  for (const c of cs) {
    for (const f of FIELDS) fields[f] = (fields[f] ?? 0) + c[f];
    for (const [k, n] of Object.entries(c.bySpecialty)) bySpecialty[k] = (bySpecialty[k] ?? 0) + n;
    for (const [k, n] of Object.entries(c.declineReasons)) declineReasons[k] = (declineReasons[k] ?? 0) + n;
  }
  return { ...EMPTY_COUNTERS, ...fields, bySpecialty, declineReasons };
};

/** The network, its organisations, and sometimes one the projection did not name (counted, not listed). */
const grids = fc
  .record({ orgs: fc.array(counters, { minLength: 1, maxLength: 4 }), unnamed: fc.option(counters) })
  .map(({ orgs, unnamed }) => {
    const named = Object.fromEntries(orgs.map((c, i) => [`org-${i}`, c]));
    const grid: YearGrid = { network: sumOf([...orgs, ...(unnamed ? [unnamed] : [])]), orgs: named };
    return { grid, unnamed };
  });

const fakeStats = (grid: YearGrid): StatsStore => ({
  record: async () => {},
  get: async (scope) => ('org' in scope ? (grid.orgs[scope.org] ?? EMPTY_COUNTERS) : grid.network),
  year: async () => grid,
});
const networkCoordinator: Caller = { sub: 'nc', org: 'org-0', roles: ['network_coordinator'] };

/** A count as shown (null when hidden) beside its true value. */
interface Cell {
  readonly shown: number | null;
  readonly truth: number;
}

/** One scope's counts, by name: as shown and as counted (a count absent from a map is 0). */
function cellsOf(f: YearFigures | undefined, c: YearCounters): Map<string, Cell> {
  const m = new Map<string, Cell>();
  const cell = (shown: number | null | undefined, truth: number): Cell => ({
    shown: f ? (shown === undefined ? 0 : shown) : null,
    truth,
  });
  for (const field of FIELDS) m.set(field, cell(f?.[field], c[field]));
  for (const s of SPECIALTIES)
    m.set(`bySpecialty.${s}`, cell(f?.referralsBySpecialty[s], c.bySpecialty[s] ?? 0));
  for (const d of ['too_far', 'full'])
    m.set(`declineReasons.${d}`, cell(f?.declineReasons[d], c.declineReasons[d] ?? 0));
  return m;
}

/**
 * Every subtraction a reader can try, repeated with what earlier ones told, until none tells more: the
 * true values of the hidden cells they recover.
 */
function recovered(equations: readonly (readonly Cell[])[]): number[] {
  const known = new Set<Cell>();
  const found: number[] = [];
  for (let more = true; more; ) {
    more = false;
    for (const cells of equations) {
      const unknown = cells.filter((c) => c.shown === null && !known.has(c));
      if (unknown.length !== 1) continue;
      known.add(unknown[0]!);
      found.push(unknown[0]!.truth);
      more = true;
    }
  }
  return found;
}

describe('secondary suppression of the yearly figures', () => {
  it('lets no subtraction recover a count from 1 to 4 (a row’s total minus its cells, the network minus organisations)', async () => {
    await fc.assert(
      fc.asyncProperty(grids, async ({ grid, unnamed }) => {
        const stats = fakeStats(grid);
        const network = cellsOf(await yearFigures({ stats }, networkCoordinator, 2026), grid.network);
        const orgs = await Promise.all(
          Object.entries(grid.orgs).map(async ([org, c]) =>
            cellsOf(await yearFigures({ stats }, networkCoordinator, 2026, org), c),
          ),
        );
        // An organisation the projection does not name: counted in the network, never shown.
        const hiddenOrg = unnamed ? [cellsOf(undefined, unnamed)] : [];
        const equations: Cell[][] = [];
        for (const scope of [network, ...orgs, ...hiddenOrg]) {
          equations.push([
            scope.get('referrals')!,
            ...SPECIALTIES.map((s) => scope.get(`bySpecialty.${s}`)!),
          ]);
        }
        for (const name of network.keys()) {
          equations.push([network.get(name)!, ...[...orgs, ...hiddenOrg].map((o) => o.get(name)!)]);
        }
        expect(recovered(equations).filter((n) => n > 0 && n < 5)).toEqual([]);
        // And every count from 1 to 4 is hidden, in every scope.
        for (const scope of [network, ...orgs]) {
          for (const cell of scope.values())
            if (cell.truth > 0 && cell.truth < 5) expect(cell.shown).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hides the other organisation’s count too when the network minus one organisation would tell it', async () => {
    const big = { ...EMPTY_COUNTERS, referrals: 20, bySpecialty: { dental: 20 } };
    const small = { ...EMPTY_COUNTERS, referrals: 2, bySpecialty: { dental: 2 } };
    const grid: YearGrid = { network: sumOf([big, small]), orgs: { 'org-0': big, 'org-1': small } };
    const stats = fakeStats(grid);
    const net = await yearFigures({ stats }, networkCoordinator, 2026);
    const org0 = await yearFigures({ stats }, networkCoordinator, 2026, 'org-0');
    // 22 − 20 would be the 2 of org-1: one of the two is hidden.
    expect(net.referrals === null || org0.referrals === null).toBe(true);
    expect((await yearFigures({ stats }, networkCoordinator, 2026, 'org-1')).referrals).toBeNull();
  });
});
