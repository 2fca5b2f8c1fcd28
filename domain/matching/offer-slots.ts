import type { Specialist } from '../directory/model.ts';
import { refuse } from '../errors.ts';
import type { SpecialistStore, Transition, TransitionContext } from '../ports.ts';
import type { Actor, Instant, Referral, Specialty, Urgency } from '../referral/model.ts';
import { pendingCount } from '../referral/offers.ts';
import * as Rules from '../referral/rules/index.ts';
import { unchanged } from '../referral/transition.ts';
import { resumedOfferExpiry } from '../timers/resumed-offer-expiry.ts';
import {
  type Ineligibility,
  ineligibility,
  ineligibilityWhateverTheLoad,
  matchCandidates,
  type SpecialistLoad,
} from './match-candidates.ts';

/** What the offer planner needs: the directory, the load projection and the offer settings. */
export interface OfferDeps {
  readonly specialists: SpecialistStore;
  /** How many candidates an offer goes to at once. */
  readonly offersAtOnce: number;
  /** When an offer made now to a referral of this urgency stops being valid. */
  readonly offerExpiry: (urgency: Urgency, now: Date) => Date;
  /** The referring organisation's country, so that offers stay within reach of the person. */
  readonly countryOf?: (org: string) => Promise<string | undefined>;
  /** The specialists' current load (month count, last offered), for "least recently loaded first". */
  readonly loadOf?: (ids: readonly string[], now: Date) => Promise<ReadonlyMap<string, SpecialistLoad>>;
}

/** Who offers to the next candidates when a slot freed up: matching, not whoever freed it. */
const MATCHING_ACTOR: Actor = { role: 'system', id: 'matching' };

/*
 * The one offer planner: every offer Relais makes is decided here, in memory (the caller writes the
 * result with the rest of its change, once). What a decision needs is read once per decision: the
 * referring organisation's country, the candidates' load, the offers' expiry. The rules who may be
 * offered live in matching (isEligible, matchCandidates), for named and chosen specialists alike.
 */

/**
 * Opening, and `POST /v1/referrals/{id}/offers`: offers to the named specialists (each must be eligible:
 * refused with a 422 naming `specialistIds.N` and why otherwise, also when they declined it; one who let an
 * offer expire may be named again), or to the next `offersAtOnce` candidates. When nobody is left
 * the referral records that candidates are exhausted (the coordinator is alerted), unless offers are
 * still pending.
 */
export async function offerMore(
  deps: OfferDeps,
  r: Referral,
  ctx: TransitionContext,
  named?: readonly string[],
): Promise<Transition> {
  const chosen =
    named && named.length > 0
      ? await namedSpecialists(deps, r, ctx.now, named)
      : await candidates(deps, r, ctx.now, deps.offersAtOnce);
  return offerToChosen(deps, r, chosen, ctx);
}

/**
 * A slot freed up (a decline, an expiry): keeps `offersAtOnce` offers in flight, by matching. An open
 * referral is offered to the next candidates, or records that none is left; one still on offer to others
 * gets as many more as there is room for, and stays as it is when nobody is left (the pending offers may
 * yet be accepted). Any other state has nothing to fill.
 */
export async function refillSlots(deps: OfferDeps, r: Referral, ctx: TransitionContext): Promise<Transition> {
  const matching: TransitionContext = { ...ctx, actor: MATCHING_ACTOR };
  if (r.status !== 'open' && r.status !== 'offered') return unchanged(r);
  const room = deps.offersAtOnce - pendingCount(r);
  if (room <= 0) return unchanged(r);
  const chosen = await candidates(deps, r, ctx.now, room);
  if (chosen.length === 0 && r.status === 'offered') return unchanged(r);
  return offerToChosen(deps, r, chosen, matching);
}

/**
 * The referring worker answered a specialist's question: the same specialist gets a fresh offer whose
 * clock resumes with the time the asked offer had left (timers/resumed-offer-expiry.ts).
 */
export function reofferWithAnswer(
  deps: OfferDeps,
  r: Referral,
  answer: string,
  ctx: TransitionContext,
): Transition {
  const expiresAt = resumedOfferExpiry(r, ctx.now, expiryOf(deps, r, ctx.now));
  return Rules.provideInfo(r, { answer, expiresAt }, ctx);
}

/**
 * `PATCH /v1/referrals/{id}`: the amendment, with the pending offers re-timed by the rule new offers are
 * timed by when the urgency changes (no pending offer waits longer than one made now would).
 */
export function amendWithOfferTimes(
  deps: Pick<OfferDeps, 'offerExpiry'>,
  r: Referral,
  input: Rules.AmendReferralInput,
  ctx: TransitionContext,
): Transition {
  return Rules.amendReferral(r, input, ctx, (urgency) => expiryOf(deps, { urgency }, ctx.now));
}

function offerToChosen(
  deps: OfferDeps,
  r: Referral,
  chosen: readonly Specialist[],
  ctx: TransitionContext,
): Transition {
  if (chosen.length === 0) return Rules.markCandidatesExhausted(r, ctx);
  const expiresAt = expiryOf(deps, r, ctx.now);
  return Rules.offerTo(
    r,
    chosen.map((s) => ({ specialistId: s.id, expiresAt })),
    ctx,
  );
}

/**
 * The same planner reads, each made once: for a decision that may plan several times (the sweep firing
 * several expiries of one referral in one write), the directory, the country and the load are read on
 * the first plan and reused, as nothing it decides is written before the decision ends.
 */
export function readingOnce<D extends OfferDeps>(deps: D): D {
  const once = <A extends unknown[], V>(read: (...args: A) => Promise<V>, keyOf: (...args: A) => string) => {
    const seen = new Map<string, Promise<V>>();
    return (...args: A): Promise<V> => {
      const key = keyOf(...args);
      const known = seen.get(key);
      if (known) return known;
      const value = read(...args);
      seen.set(key, value);
      return value;
    };
  };
  // The store keeps its other methods (delegation keeps whatever `this` they rely on).
  const specialists: SpecialistStore = Object.assign(Object.create(deps.specialists), {
    listBySpecialty: once(
      (specialty: Specialty) => deps.specialists.listBySpecialty(specialty),
      (specialty) => specialty,
    ),
  });
  const { countryOf, loadOf } = deps;
  return {
    ...deps,
    specialists,
    ...(countryOf ? { countryOf: once(countryOf, (org) => org) } : {}),
    ...(loadOf ? { loadOf: once(loadOf, (ids, now) => `${now.toISOString()} ${ids.join(',')}`) } : {}),
  };
}

/** When an offer made now to a referral of this urgency expires: the one rule every offer is timed by. */
const expiryOf = (
  deps: Pick<OfferDeps, 'offerExpiry'>,
  r: Pick<Referral, 'urgency'>,
  now: Instant,
): Instant => deps.offerExpiry(r.urgency, new Date(now)).toISOString();

async function loadOf(
  deps: OfferDeps,
  ids: readonly string[],
  now: Instant,
): Promise<ReadonlyMap<string, SpecialistLoad>> {
  return deps.loadOf ? deps.loadOf(ids, new Date(now)) : new Map();
}

/**
 * The directory's entries for the referral's specialty, the referring organisation's country, and the
 * load of those the load can still decide: a specialist that a rule of the entry alone rules out
 * (inactive, away, in another country…) is not read for (a read unit each, found or not).
 */
async function poolOf(deps: OfferDeps, r: Referral, now: Instant) {
  const [pool, country] = await Promise.all([
    deps.specialists.listBySpecialty(r.need.specialty),
    deps.countryOf?.(r.org),
  ]);
  const criteria = { specialty: r.need.specialty, now, country };
  const load = await loadOf(
    deps,
    pool.filter((s) => ineligibilityWhateverTheLoad(s, criteria) === undefined).map((s) => s.id),
    now,
  );
  return { pool, load, country };
}

/** The next candidates for the referral, at most `limit`, within the referring organisation's country. */
async function candidates(deps: OfferDeps, r: Referral, now: Instant, limit: number): Promise<Specialist[]> {
  const { pool, load, country } = await poolOf(deps, r, now);
  return matchCandidates(r, pool, load, now, limit, { country });
}

/** The named specialists, each refused (as `specialistIds.N`) unless matching would offer to them. */
async function namedSpecialists(
  deps: OfferDeps,
  r: Referral,
  now: Instant,
  ids: readonly string[],
): Promise<Specialist[]> {
  const [found, country, load] = await Promise.all([
    Promise.all(ids.map((id) => deps.specialists.get(id))),
    deps.countryOf?.(r.org),
    loadOf(deps, ids, now),
  ]);
  const criteria = { specialty: r.need.specialty, now, country };
  found.forEach((s, i) => {
    // One who declined is refused here too (offerTo's rule, askedAlready), so the 422 names the field.
    const declined = s && Rules.askedAlready(r, s.id) === 'declined' ? 'declined' : undefined;
    const why = s ? (ineligibility(s, load.get(s.id), criteria) ?? declined) : 'unknown';
    if (why) {
      // Whether another organisation's entry is still pending is that organisation's business (its
      // pending entries are not listed to others either): the 422 says only that they are not available.
      const told =
        s && s.organisation !== r.org && PENDING.includes(why as Ineligibility)
          ? NOT_AVAILABLE
          : WHY_NOT[why];
      refuse(
        'invalid_state',
        `Specialist ${ids[i]} cannot be offered this referral: ${told}.`,
        `specialistIds.${i}`,
      );
    }
  });
  return found as Specialist[];
}

/** Why a specialist cannot be chosen for a named offer: a rule of matching, or asked before already. */
export type NotOfferable = Ineligibility | 'already_asked';

/** One specialist a named offer could go to, with why not when it cannot. */
export interface OfferChoice {
  readonly specialist: Specialist;
  readonly why?: NotOfferable;
}

/**
 * The specialists of the referral's specialty a worker may choose from to offer it by name, each with
 * why it cannot go to them if so: the same rules as {@link offerMore} applies to named specialists
 * (ineligibility, asked before). Inactive entries are left out, and so are other organisations' pending
 * ones (whether they are pending is that organisation's business, as the 422 says). By name.
 */
export async function namedOfferChoices(deps: OfferDeps, r: Referral, now: Instant): Promise<OfferChoice[]> {
  const { pool, load, country } = await poolOf(deps, r, now);
  const criteria = { specialty: r.need.specialty, now, country };
  return pool
    .flatMap((s): OfferChoice[] => {
      const ineligible = ineligibility(s, load.get(s.id), criteria);
      if (ineligible === 'inactive') return [];
      if (ineligible && s.organisation !== r.org && PENDING.includes(ineligible)) return [];
      const why = ineligible ?? (Rules.askedBefore(r, s.id) ? 'already_asked' : undefined);
      return [why ? { specialist: s, why } : { specialist: s }];
    })
    .sort((a, b) => a.specialist.displayName.localeCompare(b.specialist.displayName));
}

/** The reasons that say an entry is pending (approval, address), told only to its own organisation. */
const PENDING: readonly Ineligibility[] = ['pending_approval', 'address_unconfirmed'];
const NOT_AVAILABLE = 'not available';

/** Why a named specialist is refused, as the 422 says it (ids and rules only, nothing of the person). */
const WHY_NOT: Readonly<Record<Ineligibility | 'unknown' | 'declined', string>> = {
  unknown: 'not in the directory',
  declined: 'they declined it already',
  inactive: 'inactive',
  other_specialty: 'of another specialty',
  pending_approval: 'waiting for an admin to approve their entry',
  address_unconfirmed: 'their email address is not confirmed yet',
  other_country: 'they see people in another country',
  paused: 'paused',
  away: 'away (an absence)',
  quota_reached: 'no pro-bono quota left this month',
};
