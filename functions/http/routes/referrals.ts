import { Hono } from 'hono';
import type { Caller } from '../../../domain/caller.ts';
import { DomainError } from '../../../domain/errors.ts';
import { closeReferral } from '../../../domain/referral/close-referral.ts';
import { loadReferral } from '../../../domain/referral/load-referral.ts';
import { offerToMore } from '../../../domain/referral/offer-to-more.ts';
import { openReferral } from '../../../domain/referral/open-referral.ts';
import { queryOf, readJson } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { idForIdempotencyKey } from '../../lib/ids.ts';
import { useCaseDeps } from '../../lib/use-case-deps.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { closeReferralBody, listReferralsQuery, offerBody, openReferralBody } from '../schemas/referrals.ts';
import { referralView } from '../views/referral-view.ts';
import { ifMatchOf } from './common.ts';

/** `/v1/referrals`: the referring organisation's referrals. Handlers parse, authorise, call one use case. */
export function referralRoutes(deps: Deps) {
  const uc = useCaseDeps(deps);
  const caller = (c: { var: { principal: Caller } }): Caller => c.var.principal;

  return new Hono()
    .post('/', requireRole('social_worker'), async (c) => {
      const body = await readJson(c, openReferralBody);
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const { autoOffer = true, ...input } = body;
      const { referral, created } = await openReferral(uc, caller(c), {
        input: {
          ...input,
          interpreterNeeded: input.interpreterNeeded ?? false,
          doNotContactDirectly: input.doNotContactDirectly ?? false,
        },
        autoOffer,
        id: key ? idForIdempotencyKey(caller(c).org, key) : deps.newId(),
        idempotent: key !== undefined,
      });
      c.header('ETag', `"${referral.version}"`);
      c.header('Location', `/v1/referrals/${referral.id}`);
      return c.json(referralView(referral), created ? 201 : 200);
    })
    .get('/', async (c) => {
      const q = queryOf(c, listReferralsQuery);
      const page = await deps.store.listByOrg(caller(c).org, { ...q, limit: q.limit ?? 25 });
      return c.json({
        items: page.items.map((r) => referralView(r, { timeline: false })),
        nextCursor: page.nextCursor,
      });
    })
    .get('/:id', async (c) => {
      const r = await loadReferral(uc, caller(c), c.req.param('id'));
      c.header('ETag', `"${r.version}"`);
      return c.json(referralView(r));
    })
    .post('/:id/offers', requireRole('coordinator', 'network_coordinator', 'social_worker'), async (c) => {
      const { specialistIds } = await readJson(c, offerBody, { allowEmpty: true });
      const r = await offerToMore(uc, caller(c), c.req.param('id'), specialistIds, ifMatchOf(c));
      c.header('ETag', `"${r.version}"`);
      return c.json(referralView(r));
    })
    .post('/:id/close', requireRole('social_worker', 'coordinator', 'network_coordinator'), async (c) => {
      const { reason } = await readJson(c, closeReferralBody);
      const r = await closeReferral(uc, caller(c), c.req.param('id'), reason, ifMatchOf(c));
      c.header('ETag', `"${r.version}"`);
      return c.json(referralView(r));
    });
}

/** An Idempotency-Key is an opaque client token: 1–255 visible ASCII characters. */
function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new DomainError(
      'invalid_input',
      'Idempotency-Key must be 1–255 visible ASCII characters.',
      'Idempotency-Key',
    );
  }
  return header;
}
