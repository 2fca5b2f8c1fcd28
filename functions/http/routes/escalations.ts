import { acknowledgeEscalation } from '../../../domain/escalations/acknowledge-escalation.ts';
import { listEscalations } from '../../../domain/escalations/list-escalations.ts';
import { escalationListSchema, escalationViewSchema, listEscalationsQuery } from '../schemas/escalations.ts';
import { idParams } from '../schemas/params.ts';
import { escalationView } from '../views/escalation-view.ts';
import { ifMatchOf } from './common.ts';
import { type StaffRoutes, staffRoute } from './context.ts';

export const BOARD_ROLES = ['coordinator', 'network_coordinator'] as const;
const roles = BOARD_ROLES;
const tags = ['escalations'];
export const boardProblems = {
  400: { description: 'Bad query: `errors` names each parameter at fault' },
  401: { description: 'No or invalid staff token' },
  403: { description: 'Only coordinators and network coordinators; another organisation’s board' },
} as const;

/**
 * `/v1/escalations`: the coordinator board. Coordinators see their organisation's, network coordinators
 * theirs and what reached them from the others (escalations/context.ts `seesEscalation`).
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
        '(or one organisation’s with `org`): all of their own organisation’s, and another ' +
        'organisation’s once it reached the network coordinators and until it is resolved (before and ' +
        'after, it is not theirs: not listed, and 404 to acknowledge). Each item says what to do and ' +
        'links to the referral routes that answer it (re-offer, reassign, record the outcome), where the ' +
        'caller may follow them (another organisation’s referral in its coordination view, re-offer and ' +
        'reassign; recording the outcome stays with the referring organisation). Each level is told ' +
        'once: an escalation climbs to the next after its wait, and stays at the network coordinators ' +
        'once there.',
      tags,
      responses: { 200: { description: 'A page', schema: escalationListSchema() }, ...boardProblems },
    },
    async handler(c, { query }, { escalations }) {
      const page = await listEscalations(escalations, c.var.principal, {
        ...query,
        state: query.state ?? 'open',
        limit: query.limit ?? 25,
      });
      const caller = c.var.principal;
      return c.json({ items: page.items.map((e) => escalationView(e, caller)), nextCursor: page.nextCursor });
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/escalations/{id}/ack',
    roles,
    params: idParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Acknowledge an escalation: it stops climbing and moves to the acknowledged list',
      description:
        'With `If-Match` (the escalation’s `version` as listed), an escalation changed since (acknowledged ' +
        'by someone else, resolved, climbed) is a 409 and nothing changes.',
      tags,
      pathParams: { id: 'The escalation id' },
      headers: { 'If-Match': { description: 'The escalation version the caller saw' } },
      responses: {
        200: { description: 'Acknowledged (or already)', schema: escalationViewSchema() },
        ...boardProblems,
        404: { description: 'No such escalation, or not visible to the caller' },
        409: { description: 'The escalation changed since the version in If-Match, or meanwhile' },
      },
    },
    async handler(c, { params }, { escalations }) {
      const caller = c.var.principal;
      const e = await acknowledgeEscalation(escalations, caller, params.id, ifMatchOf(c));
      return c.json(escalationView(e, caller));
    },
  }),
];
