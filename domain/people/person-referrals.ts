import { actorFor, type Caller, transitionContext, type UseCaseDeps } from '../caller.ts';
import { DomainError } from '../errors.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Referral } from '../referral/model.ts';
import { applyTransition } from '../use-cases/apply-transition.ts';

const PAGE = 100;
const ATTEMPTS = 3;

/** What a change over all of a person's referrals did. */
export interface PersonChange {
  /** The referrals it changed, as they are now. */
  readonly changed: readonly Referral[];
  /** Referrals of the person it left as they were (closed, or already changed). */
  readonly unchanged: number;
}

/**
 * Applies a transition to every referral of one person (a pseudonym) in the caller's organisation,
 * found by a Query on the person index, each with its own conditional write. A referral that moved
 * meanwhile is read again and the transition recomputed; the transitions are idempotent, so a failed
 * run can simply be repeated.
 */
export async function changeEveryReferralOf(
  deps: UseCaseDeps,
  caller: Caller,
  pseudonym: string,
  transition: (r: Referral, ctx: TransitionContext) => Transition,
): Promise<PersonChange> {
  const actor = actorFor(caller, ['social_worker', 'coordinator', 'network_coordinator']);
  const changed: Referral[] = [];
  let unchanged = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.listByOrg(caller.org, { pseudonym, limit: PAGE, cursor });
    for (const listed of page.items) {
      const after = await changeOne(deps, listed, (r) => transition(r, transitionContext(deps, actor)));
      if (after) changed.push(after);
      else unchanged += 1;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { changed, unchanged };
}

async function changeOne(
  deps: UseCaseDeps,
  listed: Referral,
  transition: (r: Referral) => Transition,
): Promise<Referral | undefined> {
  let r: Referral | undefined = listed;
  for (let attempt = 1; r; attempt++) {
    const t = transition(r);
    if (t.events.length === 0) return undefined;
    try {
      return await applyTransition(deps, r, t);
    } catch (err) {
      if (!(err instanceof DomainError && err.kind === 'conflict') || attempt >= ATTEMPTS) throw err;
      r = await deps.store.get(r.id);
    }
  }
  return undefined;
}
