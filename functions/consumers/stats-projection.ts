import { needsReferral, STATS_EVENTS, statsChangeOf } from '../../domain/stats/increments.ts';
import type { Deps } from '../lib/deps.ts';
import type { Consumer } from './dispatch.ts';
import { referralOf } from './referral-of-event.ts';

/**
 * The yearly activity figures, kept up to date from the events (never by reading every referral): each
 * event sets its own increments on its referral's row of the year, one UpdateItem (stats-store.ts), and
 * the figures are folded from the rows when read (domain/stats/fold.ts). The referral is read only for
 * the pseudonym of a newly opened one (distinct people: kept as a keyed hash, never in clear); a
 * scheduled one's opening date (days to appointment) comes with its event (the envelope's `openedAt`),
 * and is read from the referral only for an event written before that.
 */
export const statsProjection: Consumer<Deps> = {
  name: 'stats-projection',
  // Idempotent by construction: the event sets the same attributes to the same values however often it
  // is delivered, and other events' attributes whatever the order, so it needs no de-duplication marker.
  idempotent: true,
  handles: STATS_EVENTS,
  async handle(event, deps) {
    const referral = needsReferral(event) ? await referralOf(deps, event) : undefined;
    const change = statsChangeOf(event, referral);
    if (!change) return;
    await deps.stats.record({
      org: event.org,
      year: change.year,
      referralId: event.referralId,
      eventId: event.id,
      increments: change.increments,
      ...(change.person ? { person: change.person } : {}),
    });
  },
};
