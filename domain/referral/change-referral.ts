import { type Caller, transitionContext, type UseCaseDeps } from '../caller.ts';
import { DomainError } from '../errors.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import { applyTransition } from '../use-cases/apply-transition.ts';
import { loadReferral } from './load-referral.ts';
import type { Actor, Referral } from './model.ts';

/** How many times a change is recomputed when the referral moved under it (someone else's write). */
const ATTEMPTS = 3;

export interface ChangeRequest {
  readonly id: string;
  /** The version the client based its change on (If-Match): then a moved referral is a 409, no retry. */
  readonly ifMatch?: number | undefined;
  /** Who acts, given the referral as read (some checks depend on it, e.g. who is assigned). */
  readonly actor: (r: Referral) => Actor;
  readonly transition: (r: Referral, ctx: TransitionContext) => Transition;
}

/**
 * Reads a referral the caller may see, applies one transition and writes it on the version read. When
 * another write got there first (the sweep, a colleague), the change is recomputed on the fresh state:
 * a tap on a phone should not fail because something unrelated happened meanwhile, and the domain still
 * refuses what the fresh state no longer allows (two accompaniers taking the same one: the second gets
 * `conflict` from the rules, not from the race). With If-Match, the client asked for exactly that
 * version, so a moved referral is refused at once.
 */
export async function changeReferral(
  deps: UseCaseDeps,
  caller: Caller,
  req: ChangeRequest,
): Promise<Referral> {
  for (let attempt = 1; ; attempt++) {
    const r = await loadReferral(deps, caller, req.id, req.ifMatch);
    const t = req.transition(r, transitionContext(deps, req.actor(r)));
    try {
      return await applyTransition(deps, r, t);
    } catch (err) {
      // Only a write that lost the race is retried; a refusal by the rules above is final.
      const retry =
        err instanceof DomainError &&
        err.kind === 'conflict' &&
        req.ifMatch === undefined &&
        attempt < ATTEMPTS;
      if (!retry) throw err;
    }
  }
}

/** A use case that applies one transition to a referral, with nothing in the request but its id. */
export type ChangeById = (
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  ifMatch?: number,
) => Promise<Referral>;

/**
 * The use case of a transition that needs nothing but the referral (departed, arrived, absent, seen
 * again): {@link changeReferral}, acting as `actor` says the caller does.
 */
export const changeById =
  (actor: (caller: Caller) => Actor, transition: ChangeRequest['transition']): ChangeById =>
  (deps, caller, id, ifMatch) =>
    changeReferral(deps, caller, { id, ifMatch, actor: () => actor(caller), transition });

/** Acting as the accompanier: the caller's own `sub`. The domain checks they are the one assigned. */
export const asAccompanier = (caller: Caller): Actor => ({ role: 'accompanier', id: caller.sub });
