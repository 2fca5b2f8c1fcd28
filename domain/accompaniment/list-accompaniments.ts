import type { Caller } from '../caller.ts';
import type { UseCaseDeps } from '../referral/deps.ts';
import type { Referral, Status } from '../referral/model.ts';

/** How far back an accompaniment stays on the list while its outcome is still to be recorded. */
const LOOK_BACK_MS = 48 * 3_600_000;
/** Statuses in which an accompanier still has something to do. */
const ACTIVE: readonly Status[] = ['scheduled', 'departed', 'arrived', 'on_hold'];

/*
 * Both lists read the referrals with their sealed fields left sealed (`reveal: []`): the caller opens
 * those the view of each shows (referral-store `reveal`).
 */

/**
 * The caller's accompaniments, soonest first: those still to do (scheduled, on the way, there, or on
 * hold after an absence), from two days back (an outcome may still be missing) on. A Query on the
 * accompanier index, limited to the caller's organisation.
 */
export async function listMyAccompaniments(
  deps: Pick<UseCaseDeps, 'store' | 'clock'>,
  caller: Caller,
  limit = 50,
): Promise<readonly Referral[]> {
  const from = new Date(deps.clock.now().getTime() - LOOK_BACK_MS).toISOString();
  const page = await deps.store.listByAccompanier(caller.sub, { from, limit, reveal: [] });
  return page.items.filter((r) => r.org === caller.org && ACTIVE.includes(r.status));
}

/**
 * Scheduled referrals of the caller's organisation that need an accompanier and have none, with their
 * appointment still ahead: one whose time has passed can no longer be taken to, and is the coordinators'
 * (its `no_accompanier` escalation is on their board), not offered to take.
 */
export function listAvailableAccompaniments(
  deps: Pick<UseCaseDeps, 'store' | 'clock'>,
  caller: Caller,
  limit = 50,
): Promise<readonly Referral[]> {
  const after = deps.clock.now().toISOString();
  return deps.store.listNeedingAccompanier(caller.org, { after, limit, reveal: [] });
}
