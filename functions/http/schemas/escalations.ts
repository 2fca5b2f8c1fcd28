import * as z from 'zod/mini';
import { ORGANISATION_ID } from '../../../domain/organisation-id.ts';
import { URGENCIES } from '../../../domain/referral/model.ts';
import {
  ESCALATION_ACTIONS,
  ESCALATION_KINDS,
  ESCALATION_LEVELS,
  ESCALATION_STATES,
} from '../../../domain/timers/escalation.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { lazily } from '../../edge/documented.ts';

/* The board's shapes, once: the routes parse with them and /openapi.json is generated from them. */

const orgId = lazySchema(() =>
  z.string().check(z.regex(ORGANISATION_ID, 'must be an organisation id such as mdm-lu')),
);

export const listEscalationsQuery = lazySchema(() =>
  z.strictObject({
    state: z.optional(z.enum(ESCALATION_STATES)),
    kind: z.optional(z.enum(ESCALATION_KINDS)),
    /** A network coordinator's filter; a coordinator may only name their own organisation. */
    org: z.optional(orgId),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  }),
);

const link = lazySchema(() => z.object({ method: z.enum(['GET', 'POST']), href: z.string() }));

export const escalationViewSchema = /* @__PURE__ */ lazily(() =>
  z
    .object({
      id: z.string(),
      referralId: z.string(),
      org: z.string(),
      kind: z.enum(ESCALATION_KINDS),
      level: z.enum(ESCALATION_LEVELS),
      since: z.iso.datetime({ offset: true }),
      state: z.enum(ESCALATION_STATES),
      urgency: z.enum(URGENCIES),
      /** What to do about it. */
      action: z.enum(ESCALATION_ACTIONS),
      /** Acknowledging it may send it as If-Match: 409 when it changed since. */
      version: z.int(),
      acknowledgedAt: z.optional(z.iso.datetime({ offset: true })),
      resolvedAt: z.optional(z.iso.datetime({ offset: true })),
      /** Where to act: the referral, acknowledging, and the referral routes that answer it. */
      links: z.record(z.string(), link),
    })
    .check(z.meta({ id: 'Escalation' })),
);

export type EscalationView = z.output<ReturnType<typeof escalationViewSchema>>;

export const escalationListSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    items: z.array(escalationViewSchema()),
    nextCursor: z.optional(z.string()),
  }),
);

export const statsQuery = lazySchema(() =>
  z.strictObject({
    year: z.optional(z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100))),
    org: z.optional(orgId),
  }),
);

const suppressed = lazySchema(() => z.nullable(z.int().check(z.gte(0))));
export const statsViewSchema = /* @__PURE__ */ lazily(() =>
  z
    .object({
      year: z.int(),
      scope: z.string(),
      suppressedBelow: z.int(),
      referrals: suppressed,
      referralsBySpecialty: z.record(z.string(), suppressed),
      distinctPeople: suppressed,
      accompaniments: suppressed,
      appointments: suppressed,
      medianDaysToAppointment: z.nullable(z.int()),
      outcomes: suppressed,
      noShows: suppressed,
      noShowRate: z.nullable(z.number().check(z.gte(0), z.lte(1))),
      absences: suppressed,
      declineReasons: z.record(z.string(), suppressed),
    })
    .check(
      z.meta({
        id: 'YearFigures',
        description: 'Counts from 1 to 4 are null (suppressed), as is what derives from them.',
      }),
    ),
);
export type StatsView = z.output<ReturnType<typeof statsViewSchema>>;
