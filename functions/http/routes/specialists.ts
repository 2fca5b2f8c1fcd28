import { Hono } from 'hono';
import type { Specialist } from '../../../domain/directory/model.ts';
import { DomainError } from '../../../domain/errors.ts';
import { queryOf, readJson } from '../../edge/validation.ts';
import type { Deps } from '../../lib/deps.ts';
import { requireRole } from '../middleware/staff-auth.ts';
import { createSpecialistBody, listSpecialistsQuery, updateSpecialistBody } from '../schemas/specialists.ts';

const DIRECTORY_ROLES = ['coordinator', 'network_coordinator', 'admin'] as const;

/** `/v1/specialists`: the network's directory of volunteer specialists and service desks. */
export function specialistRoutes(deps: Deps) {
  return new Hono()
    .use(requireRole(...DIRECTORY_ROLES))
    .get('/', async (c) => {
      const q = queryOf(c, listSpecialistsQuery);
      return c.json(await deps.specialists.list({ ...q, limit: q.limit ?? 50 }));
    })
    .post('/', async (c) => {
      const body = await readJson(c, createSpecialistBody);
      const now = deps.clock.now().toISOString();
      const s: Specialist = {
        ...body,
        active: body.active ?? true,
        id: deps.newId(),
        createdAt: now,
        updatedAt: now,
      };
      await deps.specialists.put(s);
      c.header('Location', `/v1/specialists/${s.id}`);
      return c.json(s, 201);
    })
    .get('/:id', async (c) => c.json(await found(deps, c.req.param('id'))))
    .patch('/:id', async (c) => {
      const { pausedUntil, ...changes } = await readJson(c, updateSpecialistBody);
      const s = await found(deps, c.req.param('id'));
      const next: Specialist = {
        ...s,
        ...changes,
        pausedUntil: pausedUntil === null ? undefined : (pausedUntil ?? s.pausedUntil),
        updatedAt: deps.clock.now().toISOString(),
      };
      await deps.specialists.put(next);
      return c.json(next);
    });
}

async function found(deps: Deps, id: string): Promise<Specialist> {
  const s = await deps.specialists.get(id);
  if (!s) throw new DomainError('not_found', 'No such specialist.');
  return s;
}
