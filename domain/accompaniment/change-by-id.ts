import type { Caller } from '../caller.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import { changeReferral } from '../referral/change-referral.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { Actor, Referral } from '../referral/model.ts';

/** A staff use case that applies one rule to a referral, with nothing in the request but its id. */
export type ChangeById = (deps: WriteDeps, caller: Caller, id: string, ifMatch?: number) => Promise<Referral>;

/**
 * The use case of a rule that needs nothing but the referral (departed, arrived, absent, seen again):
 * the write path, acting as `actor` says the caller does.
 */
export const changeById =
  (actor: (caller: Caller) => Actor, rule: (r: Referral, ctx: TransitionContext) => Transition): ChangeById =>
  (deps, caller, id, ifMatch) =>
    changeReferral(deps, id, (r, at) => rule(r, { ...at, actor: actor(caller) }), { caller, ifMatch });

/** Acting as the accompanier: the caller's own `sub`. The rules check they are the one assigned. */
export const asAccompanier = (caller: Caller): Actor => ({ role: 'accompanier', id: caller.sub });
