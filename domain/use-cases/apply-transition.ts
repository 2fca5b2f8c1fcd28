import { changed, type UseCaseDeps } from '../caller.ts';
import type { Transition } from '../ports.ts';
import type { Referral } from '../referral/model.ts';

/**
 * Saves a transition computed from `from` with a condition on the version read. A no-op transition
 * (an idempotent repeat) is not written. A concurrent change makes the save fail with `conflict`.
 */
export async function applyTransition(
  deps: Pick<UseCaseDeps, 'store'>,
  from: Referral,
  t: Transition,
): Promise<Referral> {
  if (changed(t)) await deps.store.save(t, from.version);
  return t.referral;
}
