import { actorFor, type Caller } from '../caller.ts';
import { reofferWithAnswer } from '../matching/offer-slots.ts';
import { changeReferral } from './change-referral.ts';
import type { UseCaseDeps } from './deps.ts';
import type { Referral } from './model.ts';

/**
 * `POST /v1/referrals/{id}/answer`: the referring organisation (a social worker or a coordinator)
 * answers the question a specialist asked through
 * their link. The referral is on offer again, to the same specialist, with a fresh offer (and so a fresh
 * link by email) whose deadline resumes with the time the offer had left when the question was asked;
 * their page shows the question and the answer.
 */
export function answerQuestion(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  answer: string,
  ifMatch?: number,
): Promise<Referral> {
  const actor = actorFor(caller, ['social_worker', 'coordinator']);
  return changeReferral(deps, id, (r, at) => reofferWithAnswer(deps, r, answer, { ...at, actor }), {
    caller,
    ifMatch,
  });
}
