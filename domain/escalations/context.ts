import type { Caller } from '../caller.ts';
import type { Clock, ReferralStore } from '../ports.ts';
import type { StaffRole } from '../referral/model.ts';
import type { EscalationStore } from '../timers/ports.ts';
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

/** A network coordinator sees every organisation; a coordinator their own only. */
export const canSee = (caller: Caller, org: string): boolean =>
  isNetworkCoordinator(caller) || (caller.roles.includes('coordinator') && caller.org === org);
