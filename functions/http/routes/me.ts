import { Hono } from 'hono';
import {
  listAvailableAccompaniments,
  listMyAccompaniments,
} from '../../../domain/accompaniment/list-accompaniments.ts';
import { queryOf } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { coordinatorsFeed, NETWORK_COORDINATORS_FEED } from '../../lib/feeds.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { notificationsQuery } from '../schemas/accompaniment.ts';
import { accompanimentView } from '../views/accompaniment-view.ts';

/** `/v1/me/…`: the caller's own feed and lists. */
export function meRoutes(deps: Deps) {
  return new Hono()
    .get('/notifications', async (c) => {
      const q = queryOf(c, notificationsQuery);
      const { sub, org, roles } = c.var.principal;
      // Coordinators also read their group's feed: escalations are raised to "the coordinators of X".
      const groups = [
        ...(roles.includes('coordinator') ? [coordinatorsFeed(org)] : []),
        ...(roles.includes('network_coordinator') ? [NETWORK_COORDINATORS_FEED] : []),
      ];
      const page = await deps.notifications.list({ sub, groups }, { ...q, limit: q.limit ?? 25 });
      return c.json({ items: page.items, nextCursor: page.nextCursor });
    })
    .get('/accompaniments', requireRole('accompanier'), async (c) => {
      const items = await listMyAccompaniments(deps, c.var.principal);
      return c.json({ items: items.map(accompanimentView) });
    })
    .get(
      '/available-accompaniments',
      requireRole('accompanier', 'coordinator', 'network_coordinator'),
      async (c) => {
        const items = await listAvailableAccompaniments(deps, c.var.principal);
        return c.json({ items: items.map(accompanimentView) });
      },
    );
}
