import type { Specialist } from '../../../domain/directory/model.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Deps } from '../../lib/deps.ts';
import { idParams } from '../schemas/params.ts';
import {
  createSpecialistBody,
  listSpecialistsQuery,
  specialistListSchema,
  specialistViewSchema,
  updateSpecialistBody,
} from '../schemas/specialists.ts';
import { specialistView } from '../views/specialist-view.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';

const roles = ['coordinator', 'network_coordinator', 'admin'] as const;
const tags = ['directory'];

/** `/v1/specialists`: the network's directory of volunteer specialists and service desks. */
export const specialistRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/specialists',
    roles,
    query: listSpecialistsQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The directory',
      tags,
      responses: { 200: { description: 'A page', schema: specialistListSchema() }, ...problems },
    },
    async handler(c, { query }, { deps }) {
      const page = await deps.specialists.list({ ...query, limit: query.limit ?? 50 });
      return c.json({ items: page.items.map(specialistView), nextCursor: page.nextCursor });
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/specialists',
    roles,
    body: createSpecialistBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Add a specialist or service desk',
      tags,
      responses: { 201: { description: 'Added', schema: specialistViewSchema() }, ...problems },
    },
    async handler(c, { body }, { deps }) {
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
      return c.json(specialistView(s), 201);
    },
  }),
  staffRoute({
    method: 'get',
    path: '/v1/specialists/{id}',
    roles,
    params: idParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'A specialist or service desk',
      tags,
      responses: { 200: { description: 'The specialist', schema: specialistViewSchema() }, ...problems },
    },
    async handler(c, { params }, { deps }) {
      return c.json(specialistView(await found(deps, params.id)));
    },
  }),
  staffRoute({
    method: 'patch',
    path: '/v1/specialists/{id}',
    roles,
    params: idParams,
    body: updateSpecialistBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Change a specialist (pause until, quota, languages, active)',
      tags,
      responses: { 200: { description: 'Changed', schema: specialistViewSchema() }, ...problems },
    },
    async handler(c, { params, body }, { deps }) {
      const { pausedUntil, ...changes } = body;
      const s = await found(deps, params.id);
      const next: Specialist = {
        ...s,
        ...changes,
        pausedUntil: pausedUntil === null ? undefined : (pausedUntil ?? s.pausedUntil),
        updatedAt: deps.clock.now().toISOString(),
      };
      await deps.specialists.put(next);
      return c.json(specialistView(next));
    },
  }),
];

async function found(deps: Deps, id: string): Promise<Specialist> {
  const s = await deps.specialists.get(id);
  if (!s) throw new DomainError('not_found', 'No such specialist.');
  return s;
}
