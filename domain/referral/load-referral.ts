import { type Caller, isVisibleTo } from '../caller.ts';
import { DomainError } from '../errors.ts';
import type { ReferralStore } from '../ports.ts';
import type { Referral } from './model.ts';

/**
 * A referral the caller may see. Missing and not-yours look the same (404), so ids of other
 * organisations' referrals cannot be probed.
 */
export function visibleTo(r: Referral | undefined, caller: Caller): Referral {
  if (!r || !isVisibleTo(r, caller)) throw new DomainError('not_found', 'No such referral.');
  return r;
}

/** Reads a referral the caller may see (for reading: every change goes through change-referral.ts). */
export async function loadReferral(
  deps: { readonly store: Pick<ReferralStore, 'get'> },
  caller: Caller,
  id: string,
): Promise<Referral> {
  return visibleTo(await deps.store.get(id), caller);
}
