import type { RelaisEvent } from '../../events/catalog.ts';
import type { UseCaseDeps } from '../caller.ts';
import { planOffers } from '../matching/offer-slots.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Actor, Instant, Referral } from '../referral/model.ts';
import { expireOffer } from '../referral/rules/index.ts';
import { type Deadline, deadlineKey } from './deadline.ts';
import { raiseEscalation, remind } from './fire-deadline.ts';
import { pendingDeadline } from './pending.ts';
import type { TimerSettings } from './settings.ts';

/** The timeline's actor for everything the timers do. */
export const SWEEP_ACTOR: Actor = { role: 'system', id: 'sweep' };

/** At most this many deadlines fire on one referral in one write (an expiry, the search, the alert…). */
const MAX_STEPS = 8;

export interface FiredDeadline {
  readonly referralId: string;
  readonly org: string;
  readonly kind: Deadline['kind'];
  readonly key: string;
  /** When it was due (after holds). */
  readonly dueAt: Instant;
  /** The escalation it raised, if any. */
  readonly escalationId?: string;
}

export interface FireResult {
  /** The referral's change, computed from the version read: to be saved on that version, once. */
  readonly transition: Transition;
  readonly fired: readonly FiredDeadline[];
}

/**
 * Fires every deadline of the referral that is due at `now`, in order, as ONE change: an offer expires
 * and the next candidates are asked (or, nobody being left, the coordinator is alerted), reminders and
 * escalations are recorded. Returns undefined when nothing is due. The caller saves the result on the
 * version it read; a concurrent sweep or user changed the referral when that fails, and the deadline is
 * left to the next sweep, which sees the new state: so each deadline fires once.
 */
export async function fireDue(
  deps: UseCaseDeps,
  settings: TimerSettings,
  referral: Referral,
  now: Instant,
): Promise<FireResult | undefined> {
  const ctx: TransitionContext = { now, actor: SWEEP_ACTOR, newId: deps.newId };
  let r = referral;
  const events: RelaisEvent[] = [];
  const fired: FiredDeadline[] = [];
  for (let step = 0; step < MAX_STEPS; step++) {
    const pending = pendingDeadline(r, settings);
    if (!pending || Date.parse(pending.dueAt) > Date.parse(now)) break;
    const { deadline } = pending;
    const t = await fireOne(deps, r, deadline, ctx);
    if (t.events.length === 0) break; // nothing moved: never loop on the same deadline
    const escalation = t.events.find((e) => e.type === 'escalation.raised');
    fired.push({
      referralId: r.id,
      org: r.org,
      kind: deadline.kind,
      key: deadlineKey(deadline),
      dueAt: pending.dueAt,
      ...(escalation?.type === 'escalation.raised' ? { escalationId: escalation.data.escalationId } : {}),
    });
    events.push(...t.events);
    r = t.referral;
  }
  if (events.length === 0) return undefined;
  return { transition: { referral: r, events }, fired };
}

async function fireOne(
  deps: UseCaseDeps,
  r: Referral,
  d: Deadline,
  ctx: TransitionContext,
): Promise<Transition> {
  switch (d.kind) {
    case 'offer_expiry': {
      const expired = expireOffer(r, { offerId: d.ref ?? '' }, ctx);
      // Other offers still pending: wait for them (their own expiry fires next if they go unanswered).
      if (expired.referral.status !== 'open') return expired;
      return chain(expired, await planOffers(deps, expired.referral, ctx));
    }
    case 'candidates_exhausted':
      // Offers were answered or expired and nobody searched yet: search now. The alert follows at once
      // (the next step) when the search finds nobody.
      if (r.candidatesExhaustedAt === undefined) return planOffers(deps, r, ctx);
      return raiseEscalation(r, d, ctx, deps.newId());
    case 'reminder_specialist':
    case 'reminder_accompanier':
      return remind(r, d, ctx);
    case 'no_accompanier':
    case 'arrival_unconfirmed':
    case 'outcome_missing':
    case 'follow_up_due':
      return raiseEscalation(r, d, ctx, deps.newId());
  }
}

/** Two changes computed one after the other, as one. */
function chain(first: Transition, second: Transition): Transition {
  return { referral: second.referral, events: [...first.events, ...second.events] };
}
