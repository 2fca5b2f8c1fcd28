import * as z from 'zod';
import { URGENCIES } from '../../../domain/referral/model.ts';
import {
  ESCALATION_ACTIONS,
  ESCALATION_KINDS,
  ESCALATION_LEVELS,
  ESCALATION_STATES,
} from '../../../domain/timers/escalation.ts';
import type { OpenApiRegistry } from '../openapi.ts';

/* The board's shapes, once: the routes parse with them and /openapi.json is generated from them. */

const orgId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be an organisation id such as mdm-lu');

export const listEscalationsQuery = z.strictObject({
  state: z.enum(ESCALATION_STATES).optional(),
  kind: z.enum(ESCALATION_KINDS).optional(),
  /** A network coordinator's filter; a coordinator may only name their own organisation. */
  org: orgId.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
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
    acknowledgedAt: z.iso.datetime({ offset: true }).optional(),
    resolvedAt: z.iso.datetime({ offset: true }).optional(),
    /** Where to act: the referral, acknowledging, and the referral routes that answer it. */
    links: z.record(z.string(), link),
  })
  .meta({ id: 'Escalation' });

export const escalationList = z.object({ items: z.array(escalationView), nextCursor: z.string().optional() });

export const statsQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  org: orgId.optional(),
});

const suppressed = z.number().int().min(0).nullable();
export const statsView = z
  .object({
    year: z.number().int(),
    scope: z.string(),
    suppressedBelow: z.number().int(),
    referrals: suppressed,
    referralsBySpecialty: z.record(z.string(), suppressed),
    distinctPeople: suppressed,
    accompaniments: suppressed,
    appointments: suppressed,
    medianDaysToAppointment: z.number().int().nullable(),
    outcomes: suppressed,
    noShows: suppressed,
    noShowRate: z.number().min(0).max(1).nullable(),
    absences: suppressed,
    declineReasons: z.record(z.string(), suppressed),
  })
  .meta({
    id: 'YearFigures',
    description: 'Counts from 1 to 4 are null (suppressed), as is what derives from them.',
  });

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
