/**
 * The in-app feeds of groups of staff who are not known one by one (coordinators sign in with their
 * identity provider's `sub`; Relais keeps no staff list). Escalations are written to them, and the feed
 * route merges them into each coordinator's own.
 */
export const coordinatorsFeed = (org: string): string => `coordinators:${org}`;
export const NETWORK_COORDINATORS_FEED = 'network-coordinators';
