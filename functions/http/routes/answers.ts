import { Hono } from 'hono';
import { answerQuestion } from '../../../domain/referral/answer-question.ts';
import { readJson } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { useCaseDeps } from '../../lib/use-case-deps.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { answerBody } from '../schemas/answers.ts';
import { referralView } from '../views/referral-view.ts';
import { ifMatchOf } from './common.ts';

/**
 * `POST /v1/referrals/{id}/answer` (mounted under /v1/referrals): the referring worker answers a
 * specialist's question; the referral is on offer again to that specialist, with a fresh link.
 */
export function answerRoutes(deps: Deps) {
  const uc = useCaseDeps(deps);
  return new Hono().post('/:id/answer', requireRole('social_worker'), async (c) => {
    const { answer } = await readJson(c, answerBody);
    const r = await answerQuestion(uc, c.var.principal, c.req.param('id'), answer, ifMatchOf(c));
    c.header('ETag', `"${r.version}"`);
    return c.json(referralView(r));
  });
}
