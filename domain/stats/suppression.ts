import { SUPPRESS_BELOW, type YearCounters } from './figures.ts';
import { COUNTER_FIELDS } from './increments.ts';

/*
 * Secondary suppression (issue 13): hiding every count from 1 to 4 is not enough when the figures add
 * up. A row's total minus its other cells (referrals minus the other specialties), or the network's
 * count minus the organisations' (a network coordinator sees them all), would give a hidden count back.
 * So the figures of a year are suppressed together, as one table of cells bound by sums:
 *   - in each scope, `referrals` = the sum of `bySpecialty`;
 *   - for each count, the network's = the sum of the organisations' (plus a remainder for whatever
 *     organisations the projection cannot name: never shown, but told by the subtraction, so treated
 *     as any count: hidden when from 1 to 4, and never the cell hidden to protect another).
 * Whenever a sum has exactly one hidden cell, its smallest visible non-zero cell is hidden too, until no
 * sum has exactly one: no single subtraction then recovers a hidden count. A zero is never hidden (it
 * identifies nobody, and a specialty with no referral is simply absent).
 */

/** The counters of a year: the network's and each organisation's the projection knows. */
export interface YearGrid {
  readonly network: YearCounters;
  readonly orgs: Readonly<Record<string, YearCounters>>;
}

/** The scope a cell belongs to: an organisation's id, `network`, or the remainder. */
const NETWORK = 'network';
const REST = '\u0000rest';

/** The counts of one scope that are shown, by name: `referrals`, `bySpecialty.dental` … */
export function countsOf(c: YearCounters): Map<string, number> {
  const cells = new Map<string, number>();
  for (const field of COUNTER_FIELDS) cells.set(field, c[field]);
  for (const [key, n] of Object.entries(c.bySpecialty)) cells.set(`bySpecialty.${key}`, n);
  for (const [key, n] of Object.entries(c.declineReasons)) cells.set(`declineReasons.${key}`, n);
  return cells;
}

/** A sum: `total` = the sum of `parts` (cell ids `<scope>|<name>`). */
export interface Sum {
  readonly total: string;
  readonly parts: readonly string[];
}

/** The cells of the year (id `<scope>|<name>` → count) and the sums binding them. */
export function cellsOf(grid: YearGrid): { values: Map<string, number>; sums: Sum[] } {
  const values = new Map<string, number>();
  const sums: Sum[] = [];
  const scopes: [string, YearCounters][] = [[NETWORK, grid.network], ...Object.entries(grid.orgs)];
  const names = new Set<string>();
  const counts = new Map<string, Map<string, number>>();
  for (const [scope, c] of scopes) {
    const cs = countsOf(c);
    counts.set(scope, cs);
    for (const name of cs.keys()) names.add(name);
  }
  for (const [scope] of scopes) {
    const cs = counts.get(scope)!;
    for (const name of names) values.set(`${scope}|${name}`, cs.get(name) ?? 0);
    const specialties = [...names].filter((n) => n.startsWith('bySpecialty.'));
    sums.push({ total: `${scope}|referrals`, parts: specialties.map((n) => `${scope}|${n}`) });
  }
  const orgs = Object.keys(grid.orgs);
  for (const name of names) {
    const known = orgs.reduce((sum, org) => sum + (counts.get(org)!.get(name) ?? 0), 0);
    values.set(`${REST}|${name}`, Math.max(0, (counts.get(NETWORK)!.get(name) ?? 0) - known));
    sums.push({
      total: `${NETWORK}|${name}`,
      parts: [...orgs.map((org) => `${org}|${name}`), `${REST}|${name}`],
    });
  }
  return { values, sums };
}

/** The cells hidden: every count from 1 to 4, and enough others that no sum has exactly one. */
export function hiddenCells(values: ReadonlyMap<string, number>, sums: readonly Sum[]): Set<string> {
  const hidden = new Set<string>();
  for (const [id, n] of values) {
    if (n > 0 && n < SUPPRESS_BELOW) hidden.add(id);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const { total, parts } of sums) {
      const cells = [total, ...parts];
      if (cells.filter((id) => hidden.has(id)).length !== 1) continue;
      // The smallest visible non-zero part, else the total: the least information lost.
      const candidates = parts
        .filter((id) => !hidden.has(id) && !id.startsWith(REST) && (values.get(id) ?? 0) > 0)
        .sort((a, b) => (values.get(a) ?? 0) - (values.get(b) ?? 0));
      const next = candidates[0] ?? (!hidden.has(total) && (values.get(total) ?? 0) > 0 ? total : undefined);
      if (next === undefined) continue;
      hidden.add(next);
      changed = true;
    }
  }
  return hidden;
}

/** The names (`referrals`, `bySpecialty.dental` …) hidden in one scope's figures. */
export function hiddenIn(grid: YearGrid, scope: string): Set<string> {
  const { values, sums } = cellsOf(grid);
  const prefix = `${scope === NETWORK ? NETWORK : scope}|`;
  return new Set(
    [...hiddenCells(values, sums)].filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length)),
  );
}
