import { yearFigures } from '../../../domain/stats/year-figures.ts';
import { acknowledgeEscalation } from '../../../domain/use-cases/escalations/acknowledge-escalation.ts';
import { listEscalations } from '../../../domain/use-cases/escalations/list-escalations.ts';
import {
  escalationListSchema,
  escalationViewSchema,
  listEscalationsQuery,
  type StatsView,
  statsQuery,
  statsViewSchema,
} from '../schemas/escalations.ts';
import { idParams } from '../schemas/params.ts';
import { escalationView } from '../views/escalation-view.ts';
import { exactly } from '../views/exact.ts';
import { type StaffRoutes, staffRoute } from './context.ts';

const roles = ['coordinator', 'network_coordinator'] as const;
const tags = ['escalations'];
const problems = {
  400: { description: 'Bad query: `errors` names each parameter at fault' },
  401: { description: 'No or invalid staff token' },
  403: { description: 'Only coordinators and network coordinators; another organisation’s board' },
} as const;
const asStatsView = exactly<StatsView>();

/**
 * `/v1/escalations`: the coordinator board, and `/v1/stats`: the year's figures. Coordinators see their
 * organisation, network coordinators all.
 */
export const escalationRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/escalations',
    roles,
    query: listEscalationsQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The coordinator board: overdue items, most urgent then oldest first',
      description:
        'A coordinator sees their organisation’s escalations; a network coordinator the whole network’s ' +
        '(or one organisation’s with `org`). Each item says what to do and links to the referral routes ' +
        'that answer it (re-offer, reassign, record the outcome).',
      tags,
      responses: { 200: { description: 'A page', schema: escalationListSchema() }, ...problems },
    },
    async handler(c, { query }, { escalations }) {
      const page = await listEscalations(escalations, c.var.principal, {
        ...query,
        state: query.state ?? 'open',
        limit: query.limit ?? 25,
      });
      return c.json({ items: page.items.map(escalationView), nextCursor: page.nextCursor });
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/escalations/{id}/ack',
    roles,
    params: idParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Acknowledge an escalation: it stops climbing and moves to the acknowledged list',
      tags,
      pathParams: { id: 'The escalation id' },
      responses: {
        200: { description: 'Acknowledged (or already)', schema: escalationViewSchema() },
        ...problems,
        404: { description: 'No such escalation, or not visible to the caller' },
      },
    },
    async handler(c, { params }, { escalations }) {
      return c.json(escalationView(await acknowledgeEscalation(escalations, c.var.principal, params.id)));
    },
  }),
  staffRoute({
    method: 'get',
    path: '/v1/stats',
    roles,
    query: statsQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The year’s activity figures (counts under 5 suppressed)',
      tags,
      responses: { 200: { description: 'The figures', schema: statsViewSchema() }, ...problems },
    },
    async handler(c, { query }, { deps }) {
      const year = query.year ?? deps.clock.now().getUTCFullYear();
      const figures = await yearFigures(deps, c.var.principal, year, query.org);
      return c.json(asStatsView(figures));
    },
  }),
];
