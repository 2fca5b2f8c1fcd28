import { needsReferral, STATS_EVENTS, statsChangeOf } from '../../domain/stats/increments.ts';
import type { Deps } from '../lib/deps.ts';
import type { Consumer } from './dispatch.ts';
import { referralOf } from './referral-of-event.ts';

/**
 * The yearly activity figures, kept up to date from the events (never by reading every referral): each
 * event moves its organisation's and the network's counters once (stats-store.ts). The referral is read
 * only for the pseudonym of a newly opened one (distinct people: counted through a keyed hash, never
 * kept in clear) and the opening date of a scheduled one (days to appointment).
 */
export const statsProjection: Consumer<Deps> = {
  name: 'stats-projection',
  // The counters move in one transaction with the event's own marker (stats-store.ts): counted once.
  idempotent: true,
  handles: STATS_EVENTS,
  async handle(event, deps) {
    const referral = needsReferral(event.type) ? await referralOf(deps, event) : undefined;
    const change = statsChangeOf(event, referral);
    if (!change) return;
    await deps.stats.apply({
      eventId: event.id,
      org: event.org,
      year: change.year,
      increments: change.increments,
      ...(change.person ? { person: change.person } : {}),
    });
  },
};
