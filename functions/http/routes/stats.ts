import { Hono } from 'hono';
import { yearFigures } from '../../../domain/stats/year-figures.ts';
import { queryOf } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { statsQuery } from '../schemas/escalations.ts';

/** `GET /v1/stats?year=`: the year's activity figures (counts under 5 suppressed), from the projection. */
export function statsRoutes(deps: Deps) {
  return new Hono().get('/', requireRole('coordinator', 'network_coordinator'), async (c) => {
    const q = queryOf(c, statsQuery);
    const year = q.year ?? deps.clock.now().getUTCFullYear();
    return c.json(await yearFigures(deps, c.var.principal, year, q.org));
  });
}
