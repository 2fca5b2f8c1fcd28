import { alreadySo, refuse } from '../../errors.ts';
import type { Transition, TransitionContext } from '../../ports.ts';
import { requireAssignedAccompanier } from '../guards.ts';
import type { Referral } from '../model.ts';
import { commit, makeEvent } from '../transition.ts';

/**
 * The assigned accompanier found nobody at the meeting point. This is an absence, not a no-show at the
 * specialist: the referral waits `on_hold` until the person is seen again. A repeat tap is a 409 saying since when the
 * absence is recorded, not a 200 that did nothing.
 */
export function markAbsent(r: Referral, ctx: TransitionContext): Transition {
  requireAssignedAccompanier(r, ctx);
  if (r.status === 'on_hold' && r.hold?.reason === 'person_absent') {
    return alreadySo(`The absence was already recorded at ${r.hold.since}: nothing changed.`);
  }
  // Departed is leaving the meeting point with the person (confirm-departed.ts): they were there.
  if (r.status !== 'scheduled') {
    return refuse(
      'invalid_state',
      'An absence can be recorded only before leaving the meeting point with the person.',
    );
  }
  const next: Referral = {
    ...r,
    status: 'on_hold',
    hold: { reason: 'person_absent', since: ctx.now },
    counts: { ...r.counts, absences: r.counts.absences + 1 },
  };
  return commit(r, next, [makeEvent(r, ctx, 'person.absent', {})], ctx);
}
