import { actorFor, type Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { changeReferral } from '../referral/change-referral.ts';
import type { WriteDeps } from '../referral/deps.ts';
import { seesInFull } from '../referral/load-referral.ts';
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
 * write wins and the other is refused as a conflict (the rules see someone else assigned). A network
 * coordinator may assign one on another organisation's referral escalated to them (load-referral.ts),
 * as a network coordinator.
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
  const assignment: Rules.AssignAccompanierInput = {
    accompanierId: input.accompanierId,
    ...(input.meetingPoint !== undefined ? { meetingPoint: input.meetingPoint } : {}),
    ...(input.meetingAt !== undefined ? { meetingAt: input.meetingAt } : {}),
  };
  return changeReferral(
    deps,
    id,
    (r, at) => {
      const actor = actorFor(
        caller,
        seesInFull(r, caller) ? [...ASSIGNERS, 'accompanier'] : ['network_coordinator'],
      );
      return Rules.assignAccompanier(r, assignment, { ...at, actor });
    },
    { caller, ifMatch, reach: 'taking' },
  );
}
