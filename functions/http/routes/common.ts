import type { Context } from 'hono';
import { DomainError } from '../../../domain/errors.ts';
import type { UseCaseDeps } from '../../../domain/use-cases/context.ts';
import type { Deps } from '../../lib/deps.ts';

/** The use cases' view of the composition root. */
export function useCaseDeps(deps: Deps): UseCaseDeps {
  return {
    store: deps.store,
    specialists: deps.specialists,
    clock: deps.clock,
    newId: deps.newId,
    offersAtOnce: deps.timers.offersAtOnce,
    offerExpiry: (urgency, now) => new Date(now.getTime() + deps.timers.offerWindowMs[urgency]),
    countryOf: async (org) => (await deps.organisations.get(org))?.country,
    loadOf: (ids, now) => deps.specialistLoad.loadOf(ids, now),
  };
}

/** `If-Match: "3"` or `If-Match: 3` → 3; absent → undefined; anything else is a 400. */
export function ifMatchOf(c: Context): number | undefined {
  const raw = c.req.header('if-match');
  if (raw === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw new DomainError('invalid_input', 'If-Match must be a referral version.', 'If-Match');
  return Number(m[1]);
}
