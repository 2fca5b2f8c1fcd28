import * as z from 'zod/mini';
import { STAFF_ROLES } from '../../../domain/referral/model.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { lazily } from '../../edge/documented.ts';
import { workDone } from '../../lib/before-answer.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';

const staffQuery = lazySchema(() =>
  z.strictObject({
    role: z.optional(z.enum(STAFF_ROLES)),
    cursor: z.optional(z.string().check(z.maxLength(512))),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  }),
);

const staffListSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    items: z.array(
      z.object({
        sub: z.string(),
        /** The `name` claim of their last token of a day, when it had one. */
        name: z.optional(z.string()),
        roles: z.array(z.enum(STAFF_ROLES)),
      }),
    ),
    nextCursor: z.optional(z.string()),
  }),
);

/** `GET /v1/staff`: the organisation's staff, so an accompaniment is assigned by choosing a name. */
export const staffRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/staff',
    roles: ['coordinator'],
    query: staffQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The caller’s organisation’s staff as Relais has seen them sign in (coordinator)',
      description:
        'Relais keeps no staff list of its own: each person appears once they have used Relais with a ' +
        'valid token (recorded at most once a day, with the roles and `name` claim of that token), and ' +
        'leaves after a year unseen. `role` keeps those holding it. By `sub`; a page may hold fewer ' +
        'items than `limit` when filtered, with a `nextCursor` while more follow.',
      tags: ['staff'],
      responses: { 200: { description: 'A page', schema: staffListSchema() }, ...problems },
    },
    async handler(c, { query }, { deps }) {
      // The list shows the caller too, recorded as seen by this request beside it (before-answer.ts).
      await workDone();
      const page = await deps.staffSeen.list(c.var.principal.org, { ...query, limit: query.limit ?? 50 });
      return c.json({
        // The contract's fields only: when someone was last seen is the staff page's, not the API's.
        items: page.items.map((s) => ({
          sub: s.sub,
          ...(s.name ? { name: s.name } : {}),
          roles: [...s.roles],
        })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      });
    },
  }),
];
