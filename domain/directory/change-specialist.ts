import { actorFor, type Caller } from '../caller.ts';
import { checkIfMatch, refuse } from '../errors.ts';
import type { Clock, SpecialistStore } from '../ports.ts';
import type { Instant } from '../referral/model.ts';
import { without } from '../referral/transition.ts';
import { type Absence, normaliseAbsences } from './absences.ts';
import { addressToConfirm, governed } from './approval.ts';
import { type Specialist, specialistVersion } from './model.ts';

/** What `PATCH /v1/specialists/{id}` may change; `pausedUntil: null` lifts a pause. */
export type SpecialistChanges = Partial<
  Pick<
    Specialist,
    'displayName' | 'email' | 'practice' | 'country' | 'languages' | 'locale' | 'active' | 'monthlyQuota'
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
 * Who may change a directory entry (the only place this is decided, for every directory write): an
 * admin, or a coordinator of the organisation that recruited the specialist. The directory is shared
 * for matching, but each organisation looks after its own volunteers; network coordinators coordinate
 * referrals across organisations and social workers refer: neither changes the directory. An entry of
 * no organisation is the admins' alone.
 */
export function mayChangeSpecialist(caller: Caller, s: Pick<Specialist, 'organisation'>): boolean {
  if (caller.roles.includes('admin')) return true;
  return (
    caller.roles.includes('coordinator') && s.organisation !== undefined && s.organisation === caller.org
  );
}

/** Whom the directory's events name as having acted: the caller in their directory role. */
export const directoryActor = (caller: Caller) => actorFor(caller, ['admin', 'coordinator']);

/**
 * Refuses a change the caller may not make as if the entry did not exist (404, not 403): whoever may not
 * change an entry learns nothing about it beyond what reading the directory shows.
 */
export function assertMayChangeSpecialist(caller: Caller, s: Pick<Specialist, 'organisation'>): void {
  if (!mayChangeSpecialist(caller, s)) refuse('not_found', 'No such specialist.');
}

export interface DirectoryDeps {
  readonly specialists: SpecialistStore;
  readonly clock: Clock;
  readonly newId: () => string;
}

/**
 * `PATCH /v1/specialists/{id}`: reads the entry, refuses whoever may not change it (404, as if it did not
 * exist) or a stale `If-Match` (409), and writes the change conditionally on the version read (a
 * concurrent change is a 409 too), moving the email's claim when the address changes (409 when taken).
 * A change of email, country or practice waits for an admin's approval, and a new email for the
 * specialist's confirmation, whose link is emailed (approval.ts).
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
  assertMayChangeSpecialist(caller, s);
  const version = specialistVersion(s);
  checkIfMatch(ifMatch, version, 'specialist');
  const now = deps.clock.now().toISOString();
  const next = governed(s, applySpecialistChanges(s, changes, now), caller.sub, deps.newId);
  const events = addressToConfirm(s, next, directoryActor(caller), now, deps.newId);
  await deps.specialists.save(next, version, s.email, events);
  return next;
}
