import type { Caller } from '../caller.ts';
import type { Clock, ReferralStore } from '../ports.ts';
import type { StaffRole } from '../referral/model.ts';
import type { Escalation } from '../timers/escalation.ts';
import type { EscalationStore } from '../timers/ports.ts';
import { reachesFromNetwork } from './referral-escalations.ts';
import type { EscalationSettings } from './settings.ts';

/** What the escalation use cases need. */
export interface EscalationDeps {
  readonly escalations: EscalationStore;
  readonly store: Pick<ReferralStore, 'get'>;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly escalationSettings: EscalationSettings;
}

/** Who may look at the board and act on it. */
export const BOARD_ROLES: readonly StaffRole[] = ['coordinator', 'network_coordinator'];

export const isNetworkCoordinator = (caller: Caller): boolean => caller.roles.includes('network_coordinator');

/**
 * Whose board the caller may ask for: a network coordinator any organisation's (what they find on
 * another's is what `seesEscalation` lets through), a coordinator their own only.
 */
export const canSee = (caller: Caller, org: string): boolean =>
  isNetworkCoordinator(caller) || (caller.roles.includes('coordinator') && caller.org === org);

/**
 * Whether an escalation is on the caller's board, to list, read and act on (README "Network
 * coordination"): every one of their organisation's, for its coordinators and network coordinators;
 * another organisation's only while it opens the referral behind it to them (referral-escalations.ts
 * `reachesFromNetwork`, the rule that lets them read that referral): at the network coordinators' level
 * and unresolved. Before and after, it is "not found" for them, like the referral.
 */
export const seesEscalation = (
  caller: Pick<Caller, 'org' | 'roles'>,
  e: Pick<Escalation, 'org' | 'level' | 'state'>,
): boolean =>
  e.org === caller.org
    ? BOARD_ROLES.some((role) => caller.roles.includes(role))
    : reachesFromNetwork(caller, e);
