import { actorFor, type Caller } from '../caller.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import { writeReferral } from '../referral/change-referral.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { Referral, StaffRole } from '../referral/model.ts';

const PAGE = 100;

/** What a change over all of a person's referrals did. */
export interface PersonChange {
  /** The referrals it changed, as they are now. */
  readonly changed: readonly Referral[];
  /** Referrals of the person it left as they were (closed, or already changed). */
  readonly unchanged: number;
  /** Of those, the open ones: already as the rule would leave them. */
  readonly alreadySo: number;
}

/**
 * Applies a rule to every referral of one person (a pseudonym) in the caller's organisation, found by a
 * Query on the person index, each through the write path (its own conditional write, decided again on a
 * lost race). The rules are idempotent, so a failed run can simply be repeated. The timeline names the
 * caller by the first of `actingAs` they hold.
 */
export async function changeEveryReferralOf(
  deps: WriteDeps,
  caller: Caller,
  pseudonym: string,
  rule: (r: Referral, ctx: TransitionContext) => Transition,
  actingAs: readonly StaffRole[] = ['social_worker', 'coordinator', 'network_coordinator'],
): Promise<PersonChange> {
  const actor = actorFor(caller, actingAs);
  const changed: Referral[] = [];
  let unchanged = 0;
  let alreadySo = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.listByOrg(caller.org, { pseudonym, limit: PAGE, cursor });
    for (const listed of page.items) {
      const w = await writeReferral(deps, listed.id, (r, at) => rule(r!, { ...at, actor }), {
        caller,
        read: listed,
      });
      if (w.written) changed.push(w.referral);
      else {
        unchanged += 1;
        if (w.referral.status !== 'closed') alreadySo += 1;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { changed, unchanged, alreadySo };
}
