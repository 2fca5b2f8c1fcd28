import { actorFor, type Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { changeReferral } from '../referral/change-referral.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { Instant, Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';

export interface AssignAccompanimentInput {
  readonly accompanierId: string;
  readonly meetingPoint?: string | undefined;
  readonly meetingAt?: Instant | undefined;
}

const ASSIGNERS = ['coordinator', 'network_coordinator'] as const;

/**
 * `POST /v1/referrals/{id}/accompaniment`: a coordinator assigns (or reassigns) an accompanier of the
 * organisation, or an accompanier takes it for themselves. Of two accompaniers taking it at once, one
 * write wins and the other is refused as a conflict (the rules see someone else assigned).
 */
export async function assignAccompaniment(
  deps: WriteDeps,
  caller: Caller,
  id: string,
  input: AssignAccompanimentInput,
  ifMatch?: number,
): Promise<Referral> {
  const assigner = ASSIGNERS.some((r) => caller.roles.includes(r));
  if (!assigner && !caller.roles.includes('accompanier')) {
    return refuse('forbidden', 'Only a coordinator or an accompanier can do this.');
  }
  const actor = actorFor(caller, [...ASSIGNERS, 'accompanier']);
  const assignment: Rules.AssignAccompanierInput = {
    accompanierId: input.accompanierId,
    ...(input.meetingPoint !== undefined ? { meetingPoint: input.meetingPoint } : {}),
    ...(input.meetingAt !== undefined ? { meetingAt: input.meetingAt } : {}),
  };
  return changeReferral(deps, id, (r, at) => Rules.assignAccompanier(r, assignment, { ...at, actor }), {
    caller,
    ifMatch,
  });
}
