import type { Specialist } from '../../../../domain/directory/model.ts';
import {
  type Ineligibility,
  ineligibility,
  type SpecialistLoad,
} from '../../../../domain/matching/match-candidates.ts';
import type { Instant } from '../../../../domain/referral/model.ts';

/** An entry's state as the directory page words it. */
export type StateCode =
  | 'eligible'
  | 'pending_approval'
  | 'address_unconfirmed'
  | 'paused'
  | 'away'
  | 'inactive'
  | 'quota_reached';

/**
 * What of an entry, once the rule found it, no longer stands in the way of offers: asking the one rule
 * of matching again (`ineligibility`) on the entry without it finds the next thing, so the page shows
 * every reason an entry gets no offers now, decided where offers are decided, never a second rule.
 */
const LIFTED: Partial<Record<Ineligibility, (s: Specialist) => Specialist>> = {
  inactive: (s) => ({ ...s, active: true }),
  pending_approval: (s) => ({ ...s, approval: 'approved' }),
  address_unconfirmed: (s) => ({ ...s, addressConfirmed: true }),
  paused: ({ pausedUntil: _, ...s }) => s,
  away: ({ absences: _, ...s }) => s,
};

/**
 * Why an entry gets no offer now, in the order matching checks (`eligible` when it may get one): in
 * its own specialty, whatever the referral's country (the page is about the entry, not a referral).
 */
export function statesOf(s: Specialist, load: SpecialistLoad | undefined, now: Instant): StateCode[] {
  const out: StateCode[] = [];
  let entry = s;
  for (let i = 0; i < 8; i++) {
    const why = ineligibility(entry, load, { specialty: s.specialty, now });
    if (why === undefined) break;
    if (why === 'other_specialty' || why === 'other_country') break;
    out.push(why);
    const lift = LIFTED[why];
    if (!lift) break;
    entry = lift(entry);
  }
  return out.length === 0 ? ['eligible'] : out;
}
