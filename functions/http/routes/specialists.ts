import type { Context } from 'hono';
import { addSpecialist } from '../../../domain/directory/add-specialist.ts';
import { changeSpecialist } from '../../../domain/directory/change-specialist.ts';
import { type Specialist, specialistVersion } from '../../../domain/directory/model.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Deps } from '../../lib/deps.ts';
import { idForIdempotencyKey } from '../../lib/ids.ts';
import { idParams } from '../schemas/params.ts';
import {
  createSpecialistBody,
  listSpecialistsQuery,
  specialistListSchema,
  specialistViewSchema,
  updateSpecialistBody,
} from '../schemas/specialists.ts';
import { specialistView } from '../views/specialist-view.ts';
import { ifMatchOf } from './common.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';
import { idempotencyKeyOf } from './referrals.ts';

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
      description:
        'The entry belongs to the caller’s organisation (an admin may name another). Emails are unique in ' +
        'the network, whatever their case: an email another specialist has is a 409.',
      tags,
      headers: {
        'Idempotency-Key': { description: 'Same key and body return the same specialist, created once' },
      },
      responses: {
        201: { description: 'Added', schema: specialistViewSchema() },
        200: { description: 'Already added with this Idempotency-Key', schema: specialistViewSchema() },
        ...problems,
        409: { description: 'Another specialist has this email' },
        422: { description: 'Idempotency-Key reused with a different body' },
      },
    },
    async handler(c, { body }, { deps }) {
      const caller = c.var.principal;
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const { specialist, created } = await addSpecialist(deps, caller, {
        input: body,
        id: key ? idForIdempotencyKey(caller.org, `specialist\u0000${key}`) : deps.newId(),
        idempotent: key !== undefined,
      });
      c.header('Location', `/v1/specialists/${specialist.id}`);
      return specialistAnswer(c, specialist, created ? 201 : 200);
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
      return specialistAnswer(c, await found(deps, params.id));
    },
  }),
  staffRoute({
    method: 'patch',
    path: '/v1/specialists/{id}',
    roles,
    params: idParams,
    body: updateSpecialistBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Change a specialist (pause until, absences, quota, languages, active, email)',
      description:
        'A coordinator (or network coordinator) of the specialist’s organisation, or an admin: anyone ' +
        'else gets a 404, as if the entry did not exist (reading it stays open to every coordinator: the ' +
        'directory is shared for matching). An email another specialist has is a 409. `absences` replaces the list of periods the specialist is ' +
        'away (`from` included, `until` excluded): matching offers them nothing then; overlapping or ' +
        'touching periods are merged and those already over dropped. `pausedUntil: null` lifts a pause. ' +
        'With `If-Match` (the `version`, also the ETag), a specialist changed meanwhile is a 409.',
      tags,
      headers: { 'If-Match': { description: 'The specialist version the change is based on' } },
      responses: {
        200: { description: 'Changed', schema: specialistViewSchema() },
        ...problems,
        404: { description: 'No such specialist, or not one of the caller’s organisation' },
        409: { description: 'The specialist changed since the version in If-Match, or the email is taken' },
      },
    },
    async handler(c, { params, body }, { deps }) {
      const next = await changeSpecialist(deps, c.var.principal, params.id, body, ifMatchOf(c));
      return specialistAnswer(c, next);
    },
  }),
];

async function found(deps: Deps, id: string): Promise<Specialist> {
  const s = await deps.specialists.get(id);
  if (!s) throw new DomainError('not_found', 'No such specialist.');
  return s;
}

/** The entry as it is now, with its version as the ETag (the next change's If-Match). */
function specialistAnswer(c: Context, s: Specialist, status: 200 | 201 = 200): Response {
  c.header('ETag', `"${specialistVersion(s)}"`);
  return c.json(specialistView(s), status);
}
