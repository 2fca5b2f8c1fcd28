import { type Context, Hono } from 'hono';
import { DomainError } from '../../../domain/errors.ts';
import { markDoNotContactOf } from '../../../domain/people/mark-do-not-contact.ts';
import type { PersonChange } from '../../../domain/people/person-referrals.ts';
import { withdrawConsentOf } from '../../../domain/people/withdraw-consent.ts';
import { parseWith, readJson } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { useCaseDeps } from '../../lib/use-case-deps.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { emptyBody, pseudonymParam } from '../schemas/accompaniment.ts';

/**
 * `/v1/people/{pseudonym}/…`: what applies to a person across all their referrals in the caller's
 * organisation. A pseudonym with no referral there is a 404 (a typo must not look like success).
 */
export function peopleRoutes(deps: Deps) {
  const uc = useCaseDeps(deps);
  const person = (c: Context): string => parseWith(pseudonymParam, c.req.param('pseudonym'));
  const answer = (c: Context, pseudonym: string, result: PersonChange) => {
    if (result.changed.length === 0 && result.unchanged === 0) {
      throw new DomainError('not_found', 'No referral of this person in your organisation.');
    }
    return c.json({
      pseudonym,
      changed: result.changed.map((r) => ({ id: r.id, status: r.status, version: r.version })),
      unchanged: result.unchanged,
    });
  };

  return new Hono()
    .use(requireRole('social_worker', 'coordinator', 'network_coordinator'))
    .post('/:pseudonym/consent-withdrawal', async (c) => {
      const pseudonym = person(c);
      await readJson(c, emptyBody, { allowEmpty: true });
      return answer(c, pseudonym, await withdrawConsentOf(uc, c.var.principal, pseudonym));
    })
    .post('/:pseudonym/do-not-contact', async (c) => {
      const pseudonym = person(c);
      await readJson(c, emptyBody, { allowEmpty: true });
      return answer(c, pseudonym, await markDoNotContactOf(uc, c.var.principal, pseudonym));
    });
}
