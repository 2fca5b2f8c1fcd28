import type { UseCaseDeps } from '../caller.ts';
import type { Specialist } from '../directory/model.ts';
import { DomainError } from '../errors.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Referral } from '../referral/model.ts';
import { markCandidatesExhausted, offerTo } from '../referral/rules/index.ts';
import { matchCandidates } from './match-candidates.ts';

/**
 * Offers a referral to the next matching candidates (or to named specialists), in memory: the caller
 * writes the result once. When nobody is left, the referral records that candidates are exhausted,
 * which the coordinator is alerted about.
 */
export async function planOffers(
  deps: UseCaseDeps,
  r: Referral,
  ctx: TransitionContext,
  named?: readonly string[],
): Promise<Transition> {
  const now = new Date(ctx.now);
  const expiresAt = deps.offerExpiry(r.urgency, now).toISOString();
  let chosen: readonly Specialist[];
  if (named && named.length > 0) {
    const found = await Promise.all(named.map((id) => deps.specialists.get(id)));
    const unknown = found.findIndex((s) => !s?.active || s.specialty !== r.need.specialty);
    if (unknown >= 0) {
      throw new DomainError(
        'invalid_input',
        'Not an active specialist of the needed specialty.',
        `specialistIds.${unknown}`,
      );
    }
    chosen = found as Specialist[];
  } else {
    const pool = await deps.specialists.listBySpecialty(r.need.specialty);
    const load = deps.loadOf
      ? await deps.loadOf(
          pool.map((s) => s.id),
          now,
        )
      : new Map();
    const country = await deps.countryOf?.(r.org);
    chosen = matchCandidates(r, pool, load, ctx.now, deps.offersAtOnce, { country });
  }
  if (chosen.length === 0) return markCandidatesExhausted(r, ctx);
  return offerTo(
    r,
    chosen.map((s) => ({ specialistId: s.id, expiresAt })),
    ctx,
  );
}
