import type { Clock, ReferralStore, SpecialistStore, Transition, TransitionContext } from './ports.ts';
import type { Actor, Referral, StaffRole, Urgency } from './referral/model.ts';

/** Who is asking: a verified staff member, reduced to what the use cases need. */
export interface Caller {
  readonly sub: string;
  readonly org: string;
  readonly roles: readonly StaffRole[];
}

/** What the referral use cases need from the outside world. */
export interface UseCaseDeps {
  readonly store: ReferralStore;
  readonly specialists: SpecialistStore;
  readonly clock: Clock;
  readonly newId: () => string;
  /** How many candidates an offer goes to at once. */
  readonly offersAtOnce: number;
  /** When an offer made now to a referral of this urgency stops being valid. */
  readonly offerExpiry: (urgency: Urgency, now: Date) => Date;
  /** The referring organisation's country, so that offers stay within reach of the person. */
  readonly countryOf?: (org: string) => Promise<string | undefined>;
  /** The specialists' current load (month count, last offered), for "least recently loaded first". */
  readonly loadOf?: (ids: readonly string[], now: Date) => Promise<ReadonlyMap<string, SpecialistLoad>>;
}

export interface SpecialistLoad {
  readonly monthCount: number;
  readonly lastOfferedAt?: string;
}

/**
 * The actor a caller acts as: the first of their roles that the action allows, so the timeline says
 * "coordinator closed it" rather than "social worker" when a person holds both roles.
 */
export function actorFor(caller: Caller, allowed: readonly StaffRole[]): Actor {
  const role = allowed.find((r) => caller.roles.includes(r)) ?? caller.roles[0] ?? 'social_worker';
  return { role, id: caller.sub };
}

export function transitionContext(
  deps: Pick<UseCaseDeps, 'clock' | 'newId'>,
  actor: Actor,
): TransitionContext {
  return { now: deps.clock.now().toISOString(), actor, newId: deps.newId };
}

/** A transition changed something when it produced events; a no-op (an idempotent repeat) writes nothing. */
export const changed = (t: Transition): boolean => t.events.length > 0;

/** Referrals are visible to their referring organisation only; others get "not found", never "forbidden". */
export function isVisibleTo(r: Referral, caller: Caller): boolean {
  return r.org === caller.org;
}
