import type { Actor, StaffRole } from './referral/model.ts';

/** Who is asking: a verified staff member, reduced to what the use cases need. */
export interface Caller {
  readonly sub: string;
  readonly org: string;
  readonly roles: readonly StaffRole[];
}

/**
 * The actor a caller acts as: the first of their roles that the action allows, so the timeline says
 * "coordinator closed it" rather than "social worker" when a person holds both roles.
 */
export function actorFor(caller: Caller, allowed: readonly StaffRole[]): Actor {
  const role = allowed.find((r) => caller.roles.includes(r)) ?? caller.roles[0] ?? 'social_worker';
  return { role, id: caller.sub };
}
