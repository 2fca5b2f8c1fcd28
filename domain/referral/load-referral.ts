import type { Caller } from '../caller.ts';
import { DomainError } from '../errors.ts';
import { escalatedToNetwork, reachesFromNetwork } from '../escalations/referral-escalations.ts';
import type { ReferralSealedField, ReferralStore } from '../ports.ts';
import type { Escalation } from '../timers/escalation.ts';
import type { EscalationStore } from '../timers/ports.ts';
import type { Referral } from './model.ts';
import { hasCaseRole, mayTryToTake, type View, viewOf } from './need-to-know.ts';

/*
 * Who sees a referral, and how much of it (API.md "Who sees what"): the view each caller gets is THE
 * table in need-to-know.ts; this module reads what it needs (the board, for a network coordinator of
 * another organisation) and refuses what it does not allow, for reads and for the write path alike.
 * - its referring organisation reaches it (`organisation`): its social workers and coordinators in full,
 *   its assigned accompanier the accompaniment, its other accompaniers what is open to take, its admins
 *   nothing;
 * - a network coordinator of another organisation sees its coordination fields (`coordination`: need,
 *   urgency, languages, appointment, accompaniment, status, timeline actions; never the pseudonym, the
 *   reason, notes, questions and answers or advice) while it has an unresolved escalation at the network
 *   coordinators' level, the one they are asked to act on. Once it is resolved, the referral is theirs
 *   no more;
 * - anyone else gets "not found", like a referral that does not exist, so ids cannot be probed.
 */

/** How much of a referral a caller reaches: all of it, or what coordinating it needs. */
export type Reach = 'organisation' | 'coordination';
/**
 * What a route needs of the caller's reach: `taking` is `coordination`, and lets an accompanier of the
 * organisation try to take a scheduled referral someone else has (need-to-know.ts `mayTryToTake`).
 */
export type Need = Reach | 'taking';

/** What deciding the reach reads: the board, for a network coordinator's escalated referrals. */
export interface VisibilityDeps {
  /** Without it, only the referring organisation reaches its referrals. */
  readonly escalations?: Pick<EscalationStore, 'get'> | undefined;
}

/** Whether the caller sees the referral in full: its referring organisation. */
export const seesInFull = (r: Pick<Referral, 'org'>, caller: Pick<Caller, 'org'>): boolean =>
  r.org === caller.org;

const isNetworkCoordinator = (caller: Pick<Caller, 'roles'>): boolean =>
  caller.roles.includes('network_coordinator');

/**
 * How far the caller reaches the referral behind an escalation they have in hand (the board's items):
 * the same rule as `reachOf`, without reading anything. What the board offers to do follows from it.
 */
export function reachThrough(
  caller: Pick<Caller, 'org' | 'roles'>,
  e: Pick<Escalation, 'org' | 'level' | 'state'>,
): Reach | undefined {
  // The board is the coordinators': of the referring organisation, those who read it in full.
  if (seesInFull(e, caller)) return hasCaseRole(caller) ? 'organisation' : undefined;
  return reachesFromNetwork(caller, e) ? 'coordination' : undefined;
}

/**
 * The view of the referral the caller gets (need-to-know.ts), or undefined when none. The board is read
 * only for a network coordinator of another organisation, and only when `deps` gives it.
 */
export async function viewFor(deps: VisibilityDeps, r: Referral, caller: Caller): Promise<View | undefined> {
  const escalated =
    !seesInFull(r, caller) && isNetworkCoordinator(caller) && deps.escalations
      ? await escalatedToNetwork(deps.escalations, r)
      : false;
  return viewOf(r, caller, escalated);
}

/** How much of the referral the caller reaches, or undefined when it is not theirs to see at all. */
export async function reachOf(deps: VisibilityDeps, r: Referral, caller: Caller): Promise<Reach | undefined> {
  const view = await viewFor(deps, r, caller);
  if (view === undefined) return undefined;
  return view === 'coordination' ? 'coordination' : 'organisation';
}

/**
 * The referral, if the caller reaches it as far as what they ask needs: `organisation` (the default)
 * for what only the referring organisation may read or do, `coordination` for what a network
 * coordinator may too (reading the coordination view, offering again, assigning an accompanier).
 * Missing and out of reach look the same (404).
 */
export async function visibleTo(
  deps: VisibilityDeps,
  r: Referral | undefined,
  caller: Caller,
  needs: Need = 'organisation',
): Promise<Referral> {
  if (r && needs === 'taking' && mayTryToTake(r, caller)) return r;
  const reach = r ? await reachOf(needs === 'organisation' ? {} : deps, r, caller) : undefined;
  if (!r || reach === undefined) throw new DomainError('not_found', 'No such referral.');
  return r;
}

/**
 * Reads a referral with the view the caller gets of it (need-to-know.ts), for every read route and page:
 * "not found" when they get none.
 */
export async function readReferral(
  deps: VisibilityDeps & { readonly store: Pick<ReferralStore, 'get' | 'reveal'> },
  caller: Caller,
  id: string,
  shown: (view: View) => readonly ReferralSealedField[],
): Promise<{ readonly referral: Referral; readonly view: View }> {
  // Deciding the view needs no sealed field (organisation, status, accompaniment, escalations): the
  // read opens none, then only those the view shows (`shown`, written beside the views).
  const r = await deps.store.get(id, { reveal: [] });
  const view = r ? await viewFor(deps, r, caller) : undefined;
  if (!r || view === undefined) throw new DomainError('not_found', 'No such referral.');
  return { referral: await deps.store.reveal(r, shown(view)), view };
}

/**
 * Referrals read with nothing opened (a list's page, with `reveal: []`), each in the view the caller
 * gets and with only that view's sealed fields opened; those they get no view of (`viewOf` undefined)
 * are left out.
 */
export async function revealedInView(
  store: Pick<ReferralStore, 'reveal'>,
  rs: readonly Referral[],
  viewOf: (r: Referral) => View | undefined,
  shown: (view: View) => readonly ReferralSealedField[],
): Promise<{ readonly referral: Referral; readonly view: View }[]> {
  const seen = rs.flatMap((r) => {
    const view = viewOf(r);
    return view ? [{ r, view }] : [];
  });
  return Promise.all(
    seen.map(async ({ r, view }) => ({ referral: await store.reveal(r, shown(view)), view })),
  );
}

/** Reads a referral the caller may see (for reading: every change goes through change-referral.ts). */
export async function loadReferral(
  deps: VisibilityDeps & { readonly store: Pick<ReferralStore, 'get'> },
  caller: Caller,
  id: string,
  needs: Reach = 'organisation',
): Promise<Referral> {
  return visibleTo(deps, await deps.store.get(id), caller, needs);
}
