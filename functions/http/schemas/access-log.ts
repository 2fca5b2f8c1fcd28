import * as z from 'zod/mini';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { lazily } from '../../edge/documented.ts';

/* The access logs' shapes, once: the routes parse with them and /openapi.json is generated from them. */

export const accessLogQuery = lazySchema(() =>
  z.strictObject({
    cursor: z.optional(z.string().check(z.maxLength(2048))),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  }),
);

export const accessEntrySchema = /* @__PURE__ */ lazily(() =>
  z
    .object({
      at: z.iso.datetime({ offset: true }),
      /** Who: a staff member (`sub`) as the role they acted in, a specialist (their id), or `system`. */
      actor: z.object({ role: z.string(), id: z.string() }),
      /** `read`, `listed`, `exported` (a CSV), `access_log.read`, or the change: `referral.closed`, `specialist.changed` … */
      action: z.string(),
      /** The route as declared, never the path: `GET /v1/referrals/{id}`, `GET /o/{token}`, `sweep` … */
      route: z.string(),
    })
    .check(z.meta({ id: 'AccessEntry' })),
);

export type AccessEntryView = z.output<ReturnType<typeof accessEntrySchema>>;

export const accessLogSchema = /* @__PURE__ */ lazily(() =>
  z.object({ items: z.array(accessEntrySchema()), nextCursor: z.optional(z.string()) }),
);
