import type { UseCaseDeps } from '../caller.ts';
import { matchCandidates } from '../matching/match-candidates.ts';
import { planOffers } from '../matching/offer-slots.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Referral } from '../referral/model.ts';
import { offerTo } from '../referral/rules/index.ts';
import { unchanged } from '../referral/transition.ts';

/** Who offers to the next candidate after a decline: matching, not the specialist who declined. */
export const MATCHING_ACTOR = { role: 'system', id: 'matching' } as const;

/**
 * After an answer freed a place (a decline), keeps `offersAtOnce` offers in flight: an open referral is
 * offered to the next candidates, or records that none is left (the coordinator is alerted); a referral
 * still on offer to others is offered to as many more as there is room for, and stays as it is when
 * nobody is left (the pending offers may still be accepted).
 */
export async function offerNext(deps: UseCaseDeps, r: Referral, ctx: TransitionContext): Promise<Transition> {
  const system: TransitionContext = { ...ctx, actor: MATCHING_ACTOR };
  if (r.status === 'open') return planOffers(deps, r, system);
  if (r.status !== 'offered') return unchanged(r);
  const room = deps.offersAtOnce - r.offers.filter((o) => o.state === 'pending').length;
  if (room <= 0) return unchanged(r);
  const now = new Date(ctx.now);
  const pool = await deps.specialists.listBySpecialty(r.need.specialty);
  const load = deps.loadOf
    ? await deps.loadOf(
        pool.map((s) => s.id),
        now,
      )
    : new Map();
  const chosen = matchCandidates(r, pool, load, ctx.now, room);
  if (chosen.length === 0) return unchanged(r);
  const expiresAt = deps.offerExpiry(r.urgency, now).toISOString();
  return offerTo(
    r,
    chosen.map((s) => ({ specialistId: s.id, expiresAt })),
    system,
  );
}
