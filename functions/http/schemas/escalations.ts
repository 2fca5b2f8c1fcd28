import * as z from 'zod/mini';
import { URGENCIES } from '../../../domain/referral/model.ts';
import {
  ESCALATION_ACTIONS,
  ESCALATION_KINDS,
  ESCALATION_LEVELS,
  ESCALATION_STATES,
} from '../../../domain/timers/escalation.ts';
import type { OpenApiRegistry } from '../../edge/openapi.ts';

/* The board's shapes, once: the routes parse with them and /openapi.json is generated from them. */

const orgId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be an organisation id such as mdm-lu'));

export const listEscalationsQuery = z.strictObject({
  state: z.optional(z.enum(ESCALATION_STATES)),
  kind: z.optional(z.enum(ESCALATION_KINDS)),
  /** A network coordinator's filter; a coordinator may only name their own organisation. */
  org: z.optional(orgId),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
});

const link = z.object({ method: z.enum(['GET', 'POST']), href: z.string() });

export const escalationView = z
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
    acknowledgedAt: z.optional(z.iso.datetime({ offset: true })),
    resolvedAt: z.optional(z.iso.datetime({ offset: true })),
    /** Where to act: the referral, acknowledging, and the referral routes that answer it. */
    links: z.record(z.string(), link),
  })
  .check(z.meta({ id: 'Escalation' }));

export const escalationList = z.object({
  items: z.array(escalationView),
  nextCursor: z.optional(z.string()),
});

export const statsQuery = z.strictObject({
  year: z.optional(z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100))),
  org: z.optional(orgId),
});

const suppressed = z.nullable(z.int().check(z.gte(0)));
export const statsView = z
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
  );

/** Registers the board and stats routes in the OpenAPI document (api-document.ts). */
export function addEscalationDocs(api: OpenApiRegistry): void {
  const problems = {
    400: { description: 'Bad query: `errors` names each parameter at fault' },
    401: { description: 'No or invalid staff token' },
    403: { description: 'Only coordinators and network coordinators; another organisation’s board' },
  } as const;
  api
    .add({
      method: 'get',
      path: '/v1/escalations',
      summary: 'The coordinator board: overdue items, most urgent then oldest first',
      description:
        'A coordinator sees their organisation’s escalations; a network coordinator the whole network’s ' +
        '(or one organisation’s with `org`). Each item says what to do and links to the referral routes ' +
        'that answer it (re-offer, reassign, record the outcome).',
      tags: ['escalations'],
      security: 'staff',
      query: listEscalationsQuery,
      responses: { 200: { description: 'A page', schema: escalationList }, ...problems },
    })
    .add({
      method: 'post',
      path: '/v1/escalations/{id}/ack',
      summary: 'Acknowledge an escalation: it stops climbing and moves to the acknowledged list',
      tags: ['escalations'],
      security: 'staff',
      pathParams: { id: 'The escalation id' },
      responses: {
        200: { description: 'Acknowledged (or already)', schema: escalationView },
        ...problems,
        404: { description: 'No such escalation, or not visible to the caller' },
      },
    })
    .add({
      method: 'get',
      path: '/v1/stats',
      summary: 'The year’s activity figures (counts under 5 suppressed)',
      tags: ['escalations'],
      security: 'staff',
      query: statsQuery,
      responses: { 200: { description: 'The figures', schema: statsView }, ...problems },
    });
}
