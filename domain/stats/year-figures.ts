import type { Caller } from '../caller.ts';
import { DomainError } from '../errors.ts';
import { figuresOf, type YearFigures } from './figures.ts';
import type { StatsReader, StatsScope } from './ports.ts';
import { hiddenIn } from './suppression.ts';

/**
 * The year's figures for the caller: their organisation's for a coordinator, the network's for a
 * network coordinator (or one organisation's, when asked). Suppressed as they leave (figures.ts), with the
 * rest of the year's figures (suppression.ts), so that no subtraction between them recovers a hidden count.
 */
export async function yearFigures(
  deps: { readonly stats: StatsReader },
  caller: Caller,
  year: number,
  org?: string,
): Promise<YearFigures> {
  const network = caller.roles.includes('network_coordinator');
  let scope: StatsScope;
  if (org !== undefined && (network || (caller.roles.includes('coordinator') && org === caller.org)))
    scope = { org };
  else if (org !== undefined)
    throw new DomainError('forbidden', 'You cannot see this organisation’s figures.');
  else if (network) scope = { network: true };
  else if (caller.roles.includes('coordinator')) scope = { org: caller.org };
  else throw new DomainError('forbidden', 'Only coordinators see the activity figures.');
  // The year's figures are suppressed together (suppression.ts), so the grid is read for every scope;
  // an organisation it does not name (counted before the network kept its set) is read on its own.
  const grid = await deps.stats.year(year);
  const counters =
    'org' in scope ? (grid.orgs[scope.org] ?? (await deps.stats.get(scope, year))) : grid.network;
  const name = 'org' in scope ? scope.org : 'network';
  const all = 'org' in scope ? { ...grid, orgs: { ...grid.orgs, [scope.org]: counters } } : grid;
  return figuresOf(name, year, counters, hiddenIn(all, name));
}
