import { isAbsentAt } from '../directory/absences.ts';
import { isAddressConfirmed, isApproved, type Specialist } from '../directory/model.ts';
import type { Instant, Referral } from '../referral/model.ts';

/** How much a specialist has been asked lately: the input to "least recently loaded first". */
export interface SpecialistLoad {
  /** Appointments accepted this calendar month, counted against `monthlyQuota`. */
  readonly monthCount: number;
  /** When they were last sent an offer, on any referral. */
  readonly lastOfferedAt?: Instant;
}

/** What matching reads from a referral. */
export type MatchableReferral = Pick<Referral, 'need' | 'languages' | 'offers'>;

const NO_LOAD: SpecialistLoad = { monthCount: 0 };

/**
 * The next specialists to offer a referral to, best first, at most `limit`.
 *
 * A candidate is active, of the referral's specialty, approved and with a confirmed address, not paused or away at `now`, has pro-bono quota
 * left this month, and has never had an offer on this referral (whatever became of it: asking again someone who
 * declined or let it expire would be pestering; a coordinator may still name one who let it expire,
 * rules/offer-to.ts askedAlready). Among candidates, those who speak one of the person's
 * languages come first; when too few do, the others follow rather than nobody being asked. Then the least
 * recently loaded (never offered anything first, then the oldest last offer), then the id, so the same
 * inputs always give the same answer.
 *
 * A specialist missing from `load` counts as never offered and nothing used this month. With `country`
 * (the referring organisation's), specialists who see people in another country are left out.
 */
export function matchCandidates(
  referral: MatchableReferral,
  specialists: readonly Specialist[],
  load: ReadonlyMap<string, SpecialistLoad>,
  now: Instant,
  limit: number,
  options: { readonly country?: string } = {},
): Specialist[] {
  const max = Number.isFinite(limit) ? Math.floor(limit) : 0;
  if (max <= 0) return [];
  const alreadyOffered = new Set(referral.offers.map((o) => o.specialistId));
  const wanted = new Set(referral.languages.map(normaliseLanguage));

  const seen = new Set<string>();
  const ranked: Ranked[] = [];
  for (const s of specialists) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    if (alreadyOffered.has(s.id)) continue;
    const l = load.get(s.id) ?? NO_LOAD;
    if (!isEligible(s, l, { specialty: referral.need.specialty, now, country: options.country })) continue;
    ranked.push({
      specialist: s,
      speaks: s.languages.some((lang) => wanted.has(normaliseLanguage(lang))),
      lastOfferedMs: lastOfferedMs(l),
    });
  }
  return ranked
    .sort(byPreference)
    .slice(0, max)
    .map((r) => r.specialist);
}

interface Ranked {
  readonly specialist: Specialist;
  readonly speaks: boolean;
  /** -Infinity when never offered anything, so they sort first. */
  readonly lastOfferedMs: number;
}

/** What a specialist must match to be offered a referral, named or chosen. */
export interface Eligibility {
  readonly specialty: Specialist['specialty'];
  readonly now: Instant;
  /** The referring organisation's country: a specialist seeing people in another one is out of reach. */
  readonly country?: string | undefined;
}

/** Why a specialist may not be offered a referral: the first rule they fail, in the order checked. */
export type Ineligibility =
  | 'inactive'
  | 'other_specialty'
  | 'pending_approval'
  | 'address_unconfirmed'
  | 'other_country'
  | 'paused'
  | 'away'
  | 'quota_reached';

/**
 * Why a specialist may not be offered a referral, or undefined when they may: active, of its specialty,
 * approved by an admin as the entry is now and with their address confirmed from the emailed link (an
 * entry someone added or redirected reaches nobody before both), in its country, not paused, not in
 * one of their absences, with pro-bono quota left this month. The one rule for automatic and named
 * offers alike.
 */
export function ineligibility(
  s: Specialist,
  l: SpecialistLoad | undefined,
  e: Eligibility,
): Ineligibility | undefined {
  return (
    ineligibilityWhateverTheLoad(s, e) ??
    ((l ?? NO_LOAD).monthCount < s.monthlyQuota ? undefined : 'quota_reached')
  );
}

/**
 * The rules of {@link ineligibility} that the entry alone decides, checked before the load (the quota,
 * then the order of the candidates): a specialist ruled out by one of them needs no load read.
 */
export function ineligibilityWhateverTheLoad(s: Specialist, e: Eligibility): Ineligibility | undefined {
  if (!s.active) return 'inactive';
  if (s.specialty !== e.specialty) return 'other_specialty';
  if (!isApproved(s)) return 'pending_approval';
  if (!isAddressConfirmed(s)) return 'address_unconfirmed';
  if (e.country && s.country && s.country !== e.country) return 'other_country';
  if (isPaused(s.pausedUntil, Date.parse(e.now))) return 'paused';
  if (isAbsentAt(s.absences, e.now)) return 'away';
  return undefined;
}

/** Whether a specialist may be offered a referral at all ({@link ineligibility} finds nothing). */
export function isEligible(s: Specialist, l: SpecialistLoad | undefined, e: Eligibility): boolean {
  return ineligibility(s, l, e) === undefined;
}

/**
 * Paused while `pausedUntil` is after now. An unreadable date counts as paused: someone asked not to be
 * disturbed, and a bad value must not override that.
 */
function isPaused(pausedUntil: Instant | undefined, nowMs: number): boolean {
  if (pausedUntil === undefined) return false;
  const until = Date.parse(pausedUntil);
  return Number.isNaN(until) || Number.isNaN(nowMs) || until > nowMs;
}

function lastOfferedMs(l: SpecialistLoad): number {
  if (l.lastOfferedAt === undefined) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(l.lastOfferedAt);
  // An unreadable date is treated as "just now": it must not push someone ahead of the queue.
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function byPreference(a: Ranked, b: Ranked): number {
  if (a.speaks !== b.speaks) return a.speaks ? -1 : 1;
  if (a.lastOfferedMs !== b.lastOfferedMs) return a.lastOfferedMs < b.lastOfferedMs ? -1 : 1;
  const x = a.specialist.id;
  const y = b.specialist.id;
  return x < y ? -1 : x > y ? 1 : 0;
}

const normaliseLanguage = (code: string): string => code.trim().toLowerCase();
