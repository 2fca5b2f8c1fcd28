import type { Caller } from '../caller.ts';
import { DomainError, refuse } from '../errors.ts';
import type { Clock, SpecialistStore } from '../ports.ts';
import type { Instant } from '../referral/model.ts';
import { without } from '../referral/transition.ts';
import { type Absence, normaliseAbsences } from './absences.ts';
import { type Specialist, specialistVersion } from './model.ts';

/** What `PATCH /v1/specialists/{id}` may change; `pausedUntil: null` lifts a pause. */
export type SpecialistChanges = Partial<
  Pick<
    Specialist,
    'displayName' | 'practice' | 'country' | 'languages' | 'locale' | 'active' | 'monthlyQuota'
  >
> & {
  readonly pausedUntil?: Instant | null | undefined;
  /** The whole list of absences, replacing the one kept. */
  readonly absences?: readonly Absence[] | undefined;
};

/**
 * A change of a directory entry: the fields given replace those kept, absences are kept merged and
 * without those already over (absences.ts), and the version moves by one.
 */
export function applySpecialistChanges(s: Specialist, changes: SpecialistChanges, now: Instant): Specialist {
  const { pausedUntil, absences, ...rest } = changes;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const paused = pausedUntil === null ? undefined : (pausedUntil ?? s.pausedUntil);
  const away = normaliseAbsences(absences ?? s.absences ?? [], now);
  // Optional fields left out rather than set to undefined, so the entry survives JSON unchanged.
  return {
    ...without(s, 'pausedUntil', 'absences'),
    ...defined,
    ...(paused !== undefined ? { pausedUntil: paused } : {}),
    ...(away.length > 0 ? { absences: away } : {}),
    version: specialistVersion(s) + 1,
    updatedAt: now,
  };
}

/**
 * Who may change a directory entry: an admin or a network coordinator anywhere, a coordinator only the
 * specialists of their own organisation (the directory is shared; each organisation looks after its
 * volunteers).
 */
export function mayChangeSpecialist(caller: Caller, s: Specialist): boolean {
  if (caller.roles.includes('admin') || caller.roles.includes('network_coordinator')) return true;
  return caller.roles.includes('coordinator') && s.organisation === caller.org;
}

export interface DirectoryDeps {
  readonly specialists: SpecialistStore;
  readonly clock: Clock;
}

/**
 * `PATCH /v1/specialists/{id}`: reads the entry, refuses a stale `If-Match` (409) or a coordinator of
 * another organisation (403), and writes the change conditionally on the version read (a concurrent
 * change is a 409 too).
 */
export async function changeSpecialist(
  deps: DirectoryDeps,
  caller: Caller,
  id: string,
  changes: SpecialistChanges,
  ifMatch?: number,
): Promise<Specialist> {
  const s = await deps.specialists.get(id);
  if (!s) return refuse('not_found', 'No such specialist.');
  if (!mayChangeSpecialist(caller, s)) {
    return refuse('forbidden', 'Only a coordinator of the specialist’s organisation may change them.');
  }
  const version = specialistVersion(s);
  if (ifMatch !== undefined && ifMatch !== version) {
    throw new DomainError('conflict', 'The specialist has changed since you read it (If-Match).');
  }
  const next = applySpecialistChanges(s, changes, deps.clock.now().toISOString());
  await deps.specialists.save(next, version);
  return next;
}
