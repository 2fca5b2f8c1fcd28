import type { Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';
import { answerByLink } from './answer-by-link.ts';
import type { LinkDeps } from './deps.ts';
import { type LinkRef, LinkRefusedError } from './link-state.ts';

/**
 * `POST /o/{token}/outcome`: the specialist of the appointment says whether the person came. Works once:
 * after any outcome is recorded (by them or by staff) the link answers "used".
 */
export async function recordOutcomeByLink(
  deps: LinkDeps,
  link: LinkRef,
  attended: boolean,
): Promise<Referral> {
  if (link.purpose !== 'outcome') throw new LinkRefusedError('invalid');
  return answerByLink(deps, link, (r, _offer, ctx) => Rules.recordOutcome(r, { attended }, ctx));
}
