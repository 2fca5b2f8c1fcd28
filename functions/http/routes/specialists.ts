import type { Context } from 'hono';
import type { Caller } from '../../../domain/caller.ts';
import { addSpecialist } from '../../../domain/directory/add-specialist.ts';
import { approveSpecialist } from '../../../domain/directory/approval.ts';
import { changeSpecialist } from '../../../domain/directory/change-specialist.ts';
import { isListedTo, listedEntry } from '../../../domain/directory/listed.ts';
import { type Specialist, specialistVersion } from '../../../domain/directory/model.ts';
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

/** Reading the directory: every coordinator (it is shared for matching) and admins. */
const roles = ['coordinator', 'network_coordinator', 'admin'] as const;
/**
 * Changing it: coordinators (of the entry's organisation, decided in domain/directory) and admins;
 * network coordinators and social workers never change the directory.
 */
const writers = ['coordinator', 'admin'] as const;
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
      description:
        'coordinator and admin (API.md), and network_coordinator: the network’s directory is theirs to ' +
        'read, since they offer escalated referrals to named specialists across the network. An entry ' +
        'still pending (approval, or its address to confirm) is listed to its own organisation and to ' +
        'admins only; a page may then hold fewer items than `limit` (follow `nextCursor`).',
      tags,
      responses: { 200: { description: 'A page', schema: specialistListSchema() }, ...problems },
    },
    async handler(c, { query }, { deps }) {
      const page = await deps.specialists.list({ ...query, limit: query.limit ?? 50 });
      const viewer = c.var.principal;
      const listed = page.items.filter((s) => isListedTo(s, viewer));
      return c.json({ items: listed.map((s) => specialistView(s, viewer)), nextCursor: page.nextCursor });
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/specialists',
    roles: writers,
    body: createSpecialistBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Add a specialist or service desk',
      description:
        'A coordinator or an admin. The entry belongs to the caller’s organisation (an admin may name ' +
        'another; a coordinator naming another organisation gets a 403 and nothing is added). It is ' +
        '`pending` until an admin approves it (POST /v1/specialists/{id}/approve), and the specialist ' +
        'is emailed a link to confirm their address: no offer reaches them before both. ' +
        'Emails are unique in the network, whatever their case: an email another specialist has is a 409.',
      tags,
      headers: {
        'Idempotency-Key': { description: 'Same key and body return the same specialist, created once' },
      },
      responses: {
        201: { description: 'Added', schema: specialistViewSchema() },
        200: { description: 'Already added with this Idempotency-Key', schema: specialistViewSchema() },
        ...problems,
        403: {
          description: 'The caller’s role may not do this, or `organisation` names another organisation',
        },
        409: { description: 'Another specialist has this email' },
        422: { description: 'Idempotency-Key reused with a different body' },
      },
    },
    async handler(c, { body }, { deps }) {
      const caller = c.var.principal;
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const { specialist, created } = await addSpecialist(deps, caller, {
        input: body,
        id: key ? specialistIdFor(caller, key) : deps.newId(),
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
      description:
        'Every entry the directory lists to the caller (GET /v1/specialists), and no other: an entry ' +
        'still pending (approval, or its address to confirm) is shown to its own organisation and to ' +
        'admins only; to anyone else it is a 404, as if it did not exist.',
      tags,
      responses: {
        200: { description: 'The specialist', schema: specialistViewSchema() },
        ...problems,
        404: { description: 'No such specialist, or one still pending of another organisation' },
      },
    },
    async handler(c, { params }, { deps }) {
      return specialistAnswer(c, listedEntry(await deps.specialists.get(params.id), c.var.principal));
    },
  }),
  staffRoute({
    method: 'patch',
    path: '/v1/specialists/{id}',
    roles: writers,
    params: idParams,
    body: updateSpecialistBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Change a specialist (pause until, absences, quota, languages, active, email)',
      description:
        'A coordinator of the specialist’s organisation, or an admin: anyone else gets a 404, as if the ' +
        'entry did not exist (reading it stays open to every coordinator it is listed to: the directory is ' +
        'shared for matching). A change of email, country or practice makes the entry `pending` again until an ' +
        'admin approves it; a new email is sent a new confirmation link, and offers wait until it is ' +
        'confirmed. An email another specialist has is a 409. `absences` replaces the list of periods the specialist is ' +
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
  staffRoute({
    method: 'post',
    path: '/v1/specialists/{id}/approve',
    roles: ['admin'],
    params: idParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Approve a pending specialist (admin)',
      description:
        'Any admin of the network, whichever organisation recruited the entry: the directory is shared, ' +
        'and one approval holds for the network (the country rule keeps a specialist to referrals of ' +
        'their country). A pending entry (new, or its email, country or practice changed) becomes ' +
        'eligible for offers once the specialist has also confirmed their address. The admin who made ' +
        'the change waiting may not approve it (403): it takes two people. Approving an approved entry ' +
        'changes nothing. With `If-Match`, an entry changed since it was read is a 409.',
      tags,
      headers: { 'If-Match': { description: 'The specialist version the admin looked at' } },
      responses: {
        200: { description: 'Approved', schema: specialistViewSchema() },
        ...problems,
        403: { description: 'The caller made the change waiting for approval' },
        409: { description: 'The specialist changed since the version in If-Match' },
      },
    },
    async handler(c, { params }, { deps }) {
      const next = await approveSpecialist(deps, c.var.principal, params.id, ifMatchOf(c));
      return specialistAnswer(c, next);
    },
  }),
];

/**
 * The id an addition with an Idempotency-Key is created under: the same organisation and key always give
 * the same id, so a repeat (a double submit of the page's form too) finds the entry made the first time.
 */
export const specialistIdFor = (caller: Caller, key: string): string =>
  idForIdempotencyKey(caller.org, `specialist\u0000${key}`);

/** The entry as it is now, with its version as the ETag (the next change's If-Match). */
function specialistAnswer(c: Context, s: Specialist, status: 200 | 201 = 200): Response {
  c.header('ETag', `"${specialistVersion(s)}"`);
  const viewer: Caller = c.var.principal;
  return c.json(specialistView(s, viewer), status);
}
