import type { Context } from 'hono';
import { DEFAULT_TIME_ZONE, type Organisation } from '../../../domain/directory/model.ts';
import { changeOrganisation, createOrganisation } from '../../../domain/directory/organisations.ts';
import {
  type ChangeOrganisationBody,
  changeOrganisationBody,
  createOrganisationBody,
  type OrganisationView,
  organisationIdParams,
  organisationListSchema,
  organisationsQuery,
  organisationViewSchema,
} from '../schemas/organisations.ts';
import { exactly } from '../views/exact.ts';
import { ifMatchOf } from './common.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';
import { idempotencyKeyOf } from './referrals.ts';

const tags = ['organisations'];
const asView = exactly<OrganisationView>();

/**
 * An organisation as the API shows it: the stored `contact.email` is the desk's email; organisations
 * stored before time zones and versions read as Europe/Luxembourg, version 0.
 */
export const organisationView = (o: Organisation): OrganisationView =>
  asView({
    id: o.id,
    name: o.name,
    city: o.city,
    country: o.country,
    locale: o.locale,
    timeZone: o.timeZone ?? DEFAULT_TIME_ZONE,
    desk: { email: o.contact.email },
    version: o.version ?? 0,
  });

function answer(c: Context, o: Organisation, status: 200 | 201 = 200): Response {
  c.header('ETag', `"${o.version ?? 0}"`);
  return c.json(organisationView(o), status);
}

/** The stored shape of a change: the desk's email goes to `contact.email`, its phone kept. */
export const storedChange = (
  body: ChangeOrganisationBody,
  current?: Organisation,
): Partial<Omit<Organisation, 'version'>> => {
  const { desk, ...rest } = body;
  return {
    ...rest,
    ...(desk ? { contact: { ...current?.contact, email: desk.email } } : {}),
  };
};

/** `/v1/organisations` (admin): the organisations of the network, added and changed by admins. */
export const organisationRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/organisations',
    roles: ['admin'],
    query: organisationsQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The organisations of the network, by id (admin)',
      tags,
      responses: { 200: { description: 'A page', schema: organisationListSchema() }, ...problems },
    },
    async handler(c, { query }, { deps }) {
      const page = await deps.organisations.list({ ...query, limit: query.limit ?? 50 });
      return c.json({
        items: page.items.map(organisationView),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      });
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/organisations',
    roles: ['admin'],
    body: createOrganisationBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Add an organisation (admin)',
      description:
        'The id names the organisation in staff tokens (`org`) and is never changed; an id already ' +
        'taken is a 409. The desk email is shown to specialists as the organisation’s contact.',
      tags,
      headers: {
        'Idempotency-Key': { description: 'Same key and body return the same organisation, created once' },
      },
      responses: {
        201: { description: 'Added', schema: organisationViewSchema() },
        200: { description: 'Already added with this Idempotency-Key', schema: organisationViewSchema() },
        ...problems,
        409: { description: 'An organisation with this id exists' },
        422: { description: 'Idempotency-Key reused with a different body' },
      },
    },
    async handler(c, { body }, { deps }) {
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const { desk, ...rest } = body;
      const { organisation, created } = await createOrganisation(
        deps,
        { ...rest, contact: { email: desk.email } },
        key,
      );
      c.header('Location', `/v1/organisations/${organisation.id}`);
      return answer(c, organisation, created ? 201 : 200);
    },
  }),
  staffRoute({
    method: 'patch',
    path: '/v1/organisations/{id}',
    roles: ['admin'],
    params: organisationIdParams,
    body: changeOrganisationBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Change an organisation’s name, city, country, locale, time zone or desk email (admin)',
      description:
        'With `If-Match` (the `version`, also the ETag), an organisation changed meanwhile is a 409.',
      tags,
      headers: { 'If-Match': { description: 'The organisation version the change is based on' } },
      responses: {
        200: { description: 'Changed', schema: organisationViewSchema() },
        ...problems,
        409: { description: 'The organisation changed since the version in If-Match' },
      },
    },
    async handler(c, { params, body }, { deps }) {
      const ifMatch = ifMatchOf(c);
      const current = await deps.organisations.get(params.id);
      const next = await changeOrganisation(deps, params.id, storedChange(body, current), ifMatch);
      return answer(c, next);
    },
  }),
];
