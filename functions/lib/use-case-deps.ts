import type { EscalationDeps } from '../../domain/escalations/context.ts';
import type { UseCaseDeps } from '../../domain/referral/deps.ts';
import { offerExpiresAt } from '../../domain/timers/settings.ts';
import type { Deps } from './deps.ts';
import { organisationOf } from './organisation-cache.ts';

/** What the use cases' view is made from. */
export type UseCaseSources = Pick<
  Deps,
  'store' | 'escalations' | 'specialists' | 'clock' | 'newId' | 'timers' | 'organisations' | 'specialistLoad'
>;

/**
 * The use cases' view of the composition root, shared by every entry point (HTTP routes, pages, link
 * routes, the sweep): the timer table decides offer windows and how many candidates at once.
 */
export function useCaseDeps(deps: UseCaseSources): UseCaseDeps {
  return {
    store: deps.store,
    // The board: a network coordinator reaches another organisation's escalated referral through it.
    escalations: deps.escalations,
    specialists: deps.specialists,
    clock: deps.clock,
    newId: deps.newId,
    offersAtOnce: deps.timers.offersAtOnce,
    offerExpiry: (urgency, now) => new Date(offerExpiresAt(urgency, now.toISOString(), deps.timers)),
    countryOf: async (org) => (await organisationOf(deps, org))?.country,
    loadOf: (ids, now) => deps.specialistLoad.loadOf(ids, now),
  };
}

/** The escalation use cases' view of the composition root (the board, its routes and its consumer). */
export const escalationDepsOf = (
  deps: Pick<Deps, 'escalations' | 'store' | 'clock' | 'newId' | 'escalationSettings'>,
): EscalationDeps => ({
  escalations: deps.escalations,
  store: deps.store,
  clock: deps.clock,
  newId: deps.newId,
  escalationSettings: deps.escalationSettings,
});
