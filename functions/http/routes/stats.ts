import { statsQuery, statsViewSchema } from '../schemas/escalations.ts';
import { CSV_CONTENT_TYPE, wantsCsv } from '../views/csv.ts';
import { statsCsv, yearStatsView } from '../views/exports.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { BOARD_ROLES, boardProblems } from './escalations.ts';

/** `GET /v1/stats?year=`: the year's activity figures (counts under 5 suppressed), from the projection. */
export const statsRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/stats',
    roles: BOARD_ROLES,
    query: statsQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The year’s activity figures (counts under 5 suppressed)',
      tags: ['escalations'],
      description:
        'With `Accept: text/csv`, the same figures as CSV: one line per figure (`figure,value`, nested ' +
        'figures dotted), a suppressed count as an empty value.',
      responses: {
        200: { description: 'The figures', schema: statsViewSchema(), alternatives: ['text/csv'] },
        ...boardProblems,
      },
    },
    async handler(c, { query }, { deps }) {
      const year = query.year ?? deps.clock.now().getUTCFullYear();
      const view = await yearStatsView(deps, c.var.principal, year, query.org);
      if (wantsCsv(c.req.header('accept'))) {
        return c.body(statsCsv(view), 200, { 'content-type': CSV_CONTENT_TYPE });
      }
      return c.json(view);
    },
  }),
];
