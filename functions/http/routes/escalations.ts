import { Hono } from 'hono';
import { acknowledgeEscalation } from '../../../domain/escalations/acknowledge-escalation.ts';
import { listEscalations } from '../../../domain/escalations/list-escalations.ts';
import { queryOf } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { escalationDepsOf } from '../../lib/use-case-deps.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { listEscalationsQuery } from '../schemas/escalations.ts';
import { escalationView } from '../views/escalation-view.ts';

/** `/v1/escalations`: the coordinator board. Coordinators see their organisation, network coordinators all. */
export function escalationRoutes(deps: Deps) {
  const esc = escalationDepsOf(deps);
  return new Hono()
    .use(requireRole('coordinator', 'network_coordinator'))
    .get('/', async (c) => {
      const q = queryOf(c, listEscalationsQuery);
      const page = await listEscalations(esc, c.var.principal, {
        ...q,
        state: q.state ?? 'open',
        limit: q.limit ?? 25,
      });
      return c.json({ items: page.items.map(escalationView), nextCursor: page.nextCursor });
    })
    .post('/:id/ack', async (c) => {
      const e = await acknowledgeEscalation(esc, c.var.principal, c.req.param('id'));
      return c.json(escalationView(e));
    });
}
