import { type Context, Hono } from 'hono';
import { assignAccompaniment } from '../../../domain/accompaniment/assign-accompanier.ts';
import { confirmArrival } from '../../../domain/accompaniment/confirm-arrival.ts';
import { confirmDeparture } from '../../../domain/accompaniment/confirm-departure.ts';
import { markPersonAbsent } from '../../../domain/accompaniment/mark-absent.ts';
import { markPersonSeenAgain } from '../../../domain/accompaniment/mark-seen-again.ts';
import { recordOutcome } from '../../../domain/accompaniment/record-outcome.ts';
import { rescheduleAppointment } from '../../../domain/accompaniment/reschedule.ts';
import type { Caller } from '../../../domain/caller.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { readJson } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { useCaseDeps } from '../../lib/use-case-deps.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { assignAccompanimentBody, emptyBody, outcomeBody, rescheduleBody } from '../schemas/accompaniment.ts';
import { referralView } from '../views/referral-view.ts';
import { ifMatchOf } from './common.ts';

/**
 * `/v1/referrals/{id}/…`: accompaniment and closing the loop. Each confirmation is idempotent: a repeat
 * answers 200 with the same referral and adds nothing. Who may act beyond the role gate (the assigned
 * accompanier, only for themselves) is the domain's rule; other organisations get 404.
 */
export function accompanimentRoutes(deps: Deps) {
  const uc = useCaseDeps(deps);
  const caller = (c: Context): Caller => c.var.principal;
  const id = (c: Context): string => c.req.param('id') ?? '';
  const done = (c: Context, r: Referral) => {
    c.header('ETag', `"${r.version}"`);
    return c.json(referralView(r));
  };
  const noBody = (c: Context) => readJson(c, emptyBody, { allowEmpty: true });
  const staff = ['social_worker', 'coordinator', 'network_coordinator'] as const;

  return new Hono()
    .post(
      '/:id/accompaniment',
      requireRole('coordinator', 'network_coordinator', 'accompanier'),
      async (c) => {
        const body = await readJson(c, assignAccompanimentBody);
        return done(c, await assignAccompaniment(uc, caller(c), id(c), body, ifMatchOf(c)));
      },
    )
    .post('/:id/departed', requireRole('accompanier'), async (c) => {
      await noBody(c);
      return done(c, await confirmDeparture(uc, caller(c), id(c), ifMatchOf(c)));
    })
    .post('/:id/arrived', requireRole('accompanier'), async (c) => {
      await noBody(c);
      return done(c, await confirmArrival(uc, caller(c), id(c), ifMatchOf(c)));
    })
    .post('/:id/absent', requireRole('accompanier'), async (c) => {
      await noBody(c);
      return done(c, await markPersonAbsent(uc, caller(c), id(c), ifMatchOf(c)));
    })
    .post('/:id/outcome', requireRole('accompanier', ...staff), async (c) => {
      const body = await readJson(c, outcomeBody);
      return done(c, await recordOutcome(uc, caller(c), id(c), body, ifMatchOf(c)));
    })
    .post('/:id/seen-again', requireRole('accompanier', ...staff), async (c) => {
      await noBody(c);
      return done(c, await markPersonSeenAgain(uc, caller(c), id(c), ifMatchOf(c)));
    })
    .post('/:id/reschedule', requireRole(...staff), async (c) => {
      const body = await readJson(c, rescheduleBody);
      return done(c, await rescheduleAppointment(uc, caller(c), id(c), body, ifMatchOf(c)));
    });
}
