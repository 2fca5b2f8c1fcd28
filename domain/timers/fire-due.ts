import { type OfferDeps, readingOnce, refillSlots } from '../matching/offer-slots.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import { changeReferral } from '../referral/change-referral.ts';
import type { UseCaseDeps, WriteDeps } from '../referral/deps.ts';
import { isAfter } from '../referral/guards.ts';
import type { Actor, Instant, Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';
import { changed, combine, unchanged } from '../referral/transition.ts';
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
 * Fires every deadline of the referral that is due at `now`, in order, as ONE change (one version): an
 * offer expires and, its slot being free, the next candidates are asked (or, nobody being left, the
 * coordinator is alerted), reminders and escalations are recorded. Returns undefined when nothing is
 * due. Pure but for the reads of the offer planner: `fireDueDeadlines` writes it.
 */
export async function fireDue(
  deps: OfferDeps & Pick<WriteDeps, 'newId'>,
  settings: TimerSettings,
  referral: Referral,
  now: Instant,
): Promise<FireResult | undefined> {
  const ctx: TransitionContext = { now, actor: SWEEP_ACTOR, newId: deps.newId };
  let r = referral;
  const steps: Transition[] = [];
  const fired: FiredDeadline[] = [];
  // Several expiries fired in one write plan offers several times: the planner reads once per decision.
  const planner = readingOnce(deps);
  for (let step = 0; step < MAX_STEPS; step++) {
    const pending = pendingDeadline(r, settings);
    if (!pending || isAfter(pending.dueAt, now)) break;
    const { deadline } = pending;
    const t = await fireOne(planner, r, deadline, ctx);
    if (!changed(t)) break; // nothing moved: never loop on the same deadline
    const escalation = t.events.find((e) => e.type === 'escalation.raised');
    fired.push({
      referralId: r.id,
      org: r.org,
      kind: deadline.kind,
      key: deadlineKey(deadline),
      dueAt: pending.dueAt,
      ...(escalation?.type === 'escalation.raised' ? { escalationId: escalation.data.escalationId } : {}),
    });
    steps.push(t);
    r = t.referral;
  }
  if (steps.length === 0) return undefined;
  return { transition: combine(referral, ...steps), fired };
}

/**
 * The sweep's write for a referral found in the due index: what is due fires through the write path with
 * ONE attempt. When a concurrent sweep or person changed the referral first, the write is refused
 * (`conflict`) and the deadline is left to the next sweep, which sees the new state: each deadline fires
 * once. Returns what fired (nothing when nothing was due).
 */
export async function fireDueDeadlines(
  deps: UseCaseDeps,
  settings: TimerSettings,
  found: Referral,
): Promise<readonly FiredDeadline[]> {
  let fired: readonly FiredDeadline[] = [];
  await changeReferral(
    deps,
    found.id,
    async (r, at) => {
      const result = await fireDue(deps, settings, r, at.now);
      fired = result?.fired ?? [];
      return result?.transition ?? unchanged(r);
    },
    { read: found, attempts: 1 },
  );
  return fired;
}

async function fireOne(
  deps: OfferDeps,
  r: Referral,
  d: Deadline,
  ctx: TransitionContext,
): Promise<Transition> {
  switch (d.kind) {
    case 'offer_expiry': {
      const expired = Rules.expireOffer(r, { offerId: d.ref ?? '' }, ctx);
      if (!changed(expired)) return expired;
      return combine(r, expired, await refillSlots(deps, expired.referral, ctx));
    }
    case 'candidates_exhausted':
      // Offers were answered or expired and nobody searched yet: search now. The alert follows at once
      // (the next step) when the search finds nobody.
      if (r.candidatesExhaustedAt === undefined) return refillSlots(deps, r, ctx);
      return raiseEscalation(r, d, ctx, ctx.newId());
    case 'reminder_specialist':
    case 'reminder_accompanier':
      return remind(r, d, ctx);
    case 'no_accompanier':
    case 'arrival_unconfirmed':
    case 'outcome_missing':
    case 'follow_up_due':
    case 'question_unanswered':
    case 'absence_unresolved':
      return raiseEscalation(r, d, ctx, ctx.newId());
  }
}
