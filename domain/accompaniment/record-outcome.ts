import type { Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { changeReferral } from '../referral/change-referral.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { Actor, Referral, StaffRole } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';

/** Staff of the referring organisation who may record an outcome besides the assigned accompanier. */
const RECORDERS: readonly StaffRole[] = ['social_worker', 'coordinator', 'network_coordinator'];

/**
 * `POST /v1/referrals/{id}/outcome`: attended or not, with an optional follow-up date (a pending
 * follow-up, overdue on the board once passed) and a short note. The assigned accompanier records it
 * as accompanier; the referring worker or a coordinator may too; an accompanier who is not the one
 * assigned may not. The same outcome again changes nothing.
 */
export function recordOutcome(
  deps: WriteDeps,
  caller: Caller,
  id: string,
  input: Rules.RecordOutcomeInput,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(
    deps,
    id,
    (r, at) => Rules.recordOutcome(r, input, { ...at, actor: outcomeActor(r, caller) }),
    { caller, ifMatch },
  );
}

/** The assigned accompanier acts as such; anyone else as their staff role, if it allows this. */
function outcomeActor(r: Referral, caller: Caller): Actor {
  if (caller.roles.includes('accompanier') && r.accompaniment.accompanierId === caller.sub) {
    return { role: 'accompanier', id: caller.sub };
  }
  const role = RECORDERS.find((x) => caller.roles.includes(x));
  if (!role)
    return refuse('forbidden', 'Only the accompanier assigned to this referral can record its outcome.');
  return { role, id: caller.sub };
}
