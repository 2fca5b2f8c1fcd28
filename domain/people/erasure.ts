import { escalationIdsOf } from '../escalations/referral-escalations.ts';
import type { AccessLog, Clock, ReferralStore } from '../ports.ts';
import type { Actor, Instant, Referral } from '../referral/model.ts';

/*
 * What erasing a referral means, whoever asks (a coordinator for a person, the sweep at the end of the
 * retention period): its item, every item derived from it (feed items, escalations and their network
 * mirrors, board and due-index entries, which are attributes of those items), and the markers pointing
 * at them. Only the yearly counters stay, as numbers: an erasure never decrements them.
 */

/** How many items of each kind one erasure removed. */
export interface ErasedItems {
  readonly referrals: number;
  /** Escalations, each with its network mirror (one board entry each). */
  readonly escalations: number;
  /** Items of staff feeds that named the referral. */
  readonly feedItems: number;
}

export const NOTHING_ERASED: ErasedItems = { referrals: 0, escalations: 0, feedItems: 0 };

export const addErased = (a: ErasedItems, b: ErasedItems): ErasedItems => ({
  referrals: a.referrals + b.referrals,
  escalations: a.escalations + b.escalations,
  feedItems: a.feedItems + b.feedItems,
});

/** Where referrals are erased (functions/adapters/dynamo/erasure-store.ts). */
export interface ErasureStore {
  /**
   * Removes the referral `id` and everything derived from it that the store can reach from it, plus the
   * escalations named (from its timeline). Repeating it finds nothing more to remove.
   */
  eraseReferral(id: string, escalationIds: readonly string[], at: Instant): Promise<ErasedItems>;
  /** Has the sweep erase the referral at `at` (a referral held until its closing has been told). */
  holdForErasure(id: string, at: Instant): Promise<void>;
}

export interface ErasureDeps {
  readonly store: ReferralStore;
  readonly erasure: ErasureStore;
  readonly clock: Clock;
  /** Keeps that an erasure happened, by whom, through which route: never the pseudonym. */
  readonly accessLog?: Pick<AccessLog, 'record'>;
}

/** Erases one referral and what derives from it, and records that it was erased (by whom, how). */
export async function eraseReferral(
  deps: ErasureDeps,
  r: Referral,
  by: { readonly actor: Actor; readonly route: string },
): Promise<ErasedItems> {
  const at = deps.clock.now().toISOString();
  const erased = await deps.erasure.eraseReferral(r.id, escalationIdsOf(r), at);
  await deps.accessLog?.record([
    { referralId: r.id, org: r.org, at, actor: by.actor, action: 'erased', route: by.route },
  ]);
  return erased;
}

/** When a closed referral was closed: its closing on the timeline (its last change, failing that). */
export function closedAtOf(r: Referral): Instant | undefined {
  if (r.status !== 'closed') return undefined;
  return r.timeline.findLast((e) => e.action === 'referral.closed')?.at ?? r.updatedAt;
}

/**
 * What the sweep does with a referral due for erasure: its retention is over, or an erasure held it
 * (`erasure.holdForErasure`). A referral already gone leaves only its marker to remove.
 */
export async function eraseDue(deps: ErasureDeps, id: string, now: Instant): Promise<ErasedItems> {
  const r = await deps.store.get(id);
  if (!r) return deps.erasure.eraseReferral(id, [], now);
  return eraseReferral(deps, r, { actor: { role: 'system', id: 'sweep' }, route: 'sweep' });
}
