import type { Instant } from '../referral/model.ts';
import { makeEvent } from '../referral/transition.ts';
import { isTopLevel, raise, resolveOnProgress } from '../timers/escalation.ts';
import { SWEEP_ACTOR } from '../timers/fire-due.ts';
import type { BoardEscalation } from '../timers/ports.ts';
import { withoutClimb } from './acknowledge-escalation.ts';
import type { EscalationDeps } from './context.ts';
import { showing } from './referral-summary.ts';
import { saveResolved } from './resolve-escalations.ts';
import { climbAt } from './settings.ts';

export type ClimbOutcome = 'climbed' | 'resolved' | 'not_due';

/**
 * An open escalation nobody acknowledged climbs a level when its time at this level is up (the sweep
 * finds it in the due index): assignee → organisation coordinator → network coordinator, and the people
 * of the new level are notified (`escalation.raised` again, same id), once per level. At the top it has
 * no next climb and leaves the due index. If the referral moved on meanwhile (its cause is gone:
 * escalation.ts `resolveOnProgress`) it is resolved instead, and never climbs. Written on the version
 * read, so concurrent sweeps climb it once; the item shows the referral as read here (referral-summary.ts).
 */
export async function climbEscalation(
  deps: EscalationDeps,
  e: BoardEscalation,
  now: Instant,
): Promise<ClimbOutcome> {
  if (e.state !== 'open' || e.climbAt === undefined || Date.parse(e.climbAt) > Date.parse(now))
    return 'not_due';
  if (isTopLevel(e.level)) {
    // Nowhere left to climb (an item written with a stale climb): it leaves the due index, nobody is told.
    await deps.escalations.save({ ...withoutClimb(e), version: e.version + 1 }, e.version, []);
    return 'not_due';
  }
  const referral = await deps.store.get(e.referralId);
  if (!referral || resolveOnProgress(e, referral).state === 'resolved') {
    await saveResolved(deps, e);
    return 'resolved';
  }
  const up = raise(e, { id: e.id, referral, kind: e.kind, now });
  const climb = climbAt(up, now, deps.escalationSettings);
  const saved: BoardEscalation = {
    ...showing(withoutClimb(e), referral),
    ...up,
    version: e.version + 1,
    raisedAt: now,
    ...(climb ? { climbAt: climb } : {}),
  };
  const event = makeEvent(
    { id: e.referralId, org: e.org },
    { now, actor: SWEEP_ACTOR, newId: deps.newId },
    'escalation.raised',
    { escalationId: e.id, kind: e.kind, level: up.level, urgency: up.urgency },
  );
  await deps.escalations.save(saved, e.version, [event]);
  return 'climbed';
}
