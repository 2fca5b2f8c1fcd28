import type { StaffRole } from '../../domain/referral/model.ts';

/**
 * The in-app feeds of groups of staff who are not known one by one (staff sign in with their identity
 * provider's `sub`; Relais keeps no staff list). Escalations are written to the coordinators' feeds,
 * and a referral's notices to its referring organisation's team feed as well as to its creator's own
 * feed (when the creator is away, colleagues see them); the feed route merges them into each reader's
 * own.
 */
export const coordinatorsFeed = (org: string): string => `coordinators:${org}`;
export const NETWORK_COORDINATORS_FEED = 'network-coordinators';
/** The referring team of an organisation: its social workers and coordinators. */
export const teamFeed = (org: string): string => `team:${org}`;

/** The roles that read their organisation's team feed: those who see the whole of its referrals. */
const TEAM_ROLES: readonly StaffRole[] = ['social_worker', 'coordinator'];

/** The group feeds a staff member reads besides their own. */
export function groupFeedsOf(principal: {
  readonly org: string;
  readonly roles: readonly StaffRole[];
}): string[] {
  const { org, roles } = principal;
  return [
    ...(roles.some((r) => TEAM_ROLES.includes(r)) ? [teamFeed(org)] : []),
    // Coordinators also read their group's feed: escalations are raised to "the coordinators of X".
    ...(roles.includes('coordinator') ? [coordinatorsFeed(org)] : []),
    ...(roles.includes('network_coordinator') ? [NETWORK_COORDINATORS_FEED] : []),
  ];
}
