import type { Caller } from '../caller.ts';
import type { Referral } from '../referral/model.ts';
import type { Escalation } from '../timers/escalation.ts';
import type { EscalationStore } from '../timers/ports.ts';

/** The ids of the escalations ever raised on a referral, from its timeline. */
export function escalationIdsOf(r: Pick<Referral, 'timeline'>): string[] {
  const ids = new Set<string>();
  for (const e of r.timeline) {
    const id = e.detail?.escalationId;
    if (e.action === 'escalation.raised' && typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

/**
 * Whether this escalation opens its referral to the network coordinators of other organisations: it
 * reached their level and is not resolved (open, or acknowledged by a coordinator who is on it).
 */
export const opensToNetwork = (e: Pick<Escalation, 'level' | 'state'>): boolean =>
  e.level === 'network_coordinator' && e.state !== 'resolved';

/**
 * Whether a caller of ANOTHER organisation reaches this escalation, and the referral behind it: a
 * network coordinator, while it opens to the network (`opensToNetwork`). THE rule for the board's items
 * (context.ts `seesEscalation`) and for the referral they point at (load-referral.ts `reachThrough`).
 */
export const reachesFromNetwork = (
  caller: Pick<Caller, 'roles'>,
  e: Pick<Escalation, 'level' | 'state'>,
): boolean => caller.roles.includes('network_coordinator') && opensToNetwork(e);

/**
 * Whether the referral has an escalation at the network coordinators' level that is not resolved (open,
 * or acknowledged by a coordinator who is on it): what lets the network coordinators of other
 * organisations act on it. One read per escalation the referral ever raised (its timeline names them,
 * rarely more than two or three), and only for a caller outside the referring organisation.
 */
export async function escalatedToNetwork(
  escalations: Pick<EscalationStore, 'get'>,
  r: Pick<Referral, 'id' | 'timeline'>,
): Promise<boolean> {
  // Newest first: the escalation that brought the caller here is most likely the latest.
  for (const id of escalationIdsOf(r).reverse()) {
    const e = await escalations.get(id);
    if (e && e.referralId === r.id && opensToNetwork(e)) return true;
  }
  return false;
}
