import { actorFor, type Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { offerMore } from '../matching/offer-slots.ts';
import { changeReferral } from './change-referral.ts';
import type { UseCaseDeps } from './deps.ts';
import { seesInFull } from './load-referral.ts';
import type { Referral, StaffRole } from './model.ts';
import { changed } from './transition.ts';

const OFFERERS: readonly StaffRole[] = ['coordinator', 'network_coordinator', 'social_worker'];

/** Why offering to the next candidates changed nothing: said by the API and the board alike. */
export const NO_OTHER_CANDIDATE =
  'No other candidate matches: offer to a named specialist or widen the search.';

/**
 * `POST /v1/referrals/{id}/offers`: offers to named specialists, or to the next candidates. A network
 * coordinator may do it on another organisation's referral escalated to them (load-referral.ts), as a
 * network coordinator.
 *
 * Offering to the next candidates when the planner finds nobody, and nothing changed (no candidate was
 * left already, or offers are still pending), is refused: answering as if something was sent would
 * let the caller believe someone was asked. Running out the first time records it (and alerts), so it
 * is a change and answers as one.
 */
export function offerToMore(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  specialistIds: readonly string[] | undefined,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(
    deps,
    id,
    async (r, at) => {
      const actor = actorFor(caller, seesInFull(r, caller) ? OFFERERS : ['network_coordinator']);
      const named = specialistIds !== undefined && specialistIds.length > 0;
      const t = await offerMore(deps, r, { ...at, actor }, specialistIds);
      if (!named && !changed(t)) return refuse('invalid_state', NO_OTHER_CANDIDATE);
      return t;
    },
    { caller, ifMatch, reach: 'coordination' },
  );
}
