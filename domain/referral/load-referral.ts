import { type Caller, isVisibleTo, type UseCaseDeps } from '../caller.ts';
import { DomainError } from '../errors.ts';
import type { Referral } from './model.ts';

/**
 * Reads a referral the caller may see. Missing and not-yours look the same (404), so ids of other
 * organisations' referrals cannot be probed. With `ifMatch`, a stale version is refused up front (409).
 */
export async function loadReferral(
  deps: Pick<UseCaseDeps, 'store'>,
  caller: Caller,
  id: string,
  ifMatch?: number,
): Promise<Referral> {
  const r = await deps.store.get(id);
  if (!r || !isVisibleTo(r, caller)) throw new DomainError('not_found', 'No such referral.');
  if (ifMatch !== undefined && ifMatch !== r.version) {
    throw new DomainError('conflict', 'The referral has changed since you read it (If-Match).');
  }
  return r;
}
