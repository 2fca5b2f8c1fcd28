import { actorFor, type Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { changeReferral } from './change-referral.ts';
import type { WriteDeps } from './deps.ts';
import type { Referral } from './model.ts';
import * as Rules from './rules/index.ts';

/** What `POST /v1/referrals/{id}/follow-up` carries: exactly one of the two. */
export interface FollowUpRequest {
  readonly done?: true | undefined;
  readonly dueAt?: string | undefined;
}

/**
 * `POST /v1/referrals/{id}/follow-up`: the referring organisation (a social worker or a coordinator)
 * records the follow-up as done, or moves it to another date. Its `follow_up_due` deadline goes or
 * moves with it, and an escalation raised for it resolves (the escalation board sees the referral moved).
 */
export function recordFollowUp(
  deps: WriteDeps,
  caller: Caller,
  id: string,
  request: FollowUpRequest,
  ifMatch?: number,
): Promise<Referral> {
  const input = followUpInput(request);
  const actor = actorFor(caller, ['coordinator', 'social_worker']);
  return changeReferral(deps, id, (r, at) => Rules.recordFollowUp(r, input, { ...at, actor }), {
    caller,
    ifMatch,
  });
}

function followUpInput(request: FollowUpRequest): Rules.RecordFollowUpInput {
  if (request.done !== undefined && request.dueAt !== undefined) {
    return refuse('invalid_input', 'Send either `done: true` or a new `dueAt`, not both.', 'dueAt');
  }
  if (request.done === true) return { done: true };
  if (request.dueAt !== undefined) return { dueAt: request.dueAt };
  return refuse('invalid_input', 'Send `done: true`, or the new date as `dueAt`.', 'done');
}
