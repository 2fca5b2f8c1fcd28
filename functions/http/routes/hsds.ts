import * as z from 'zod/mini';
import { isApproved, type Organisation, type Specialist } from '../../../domain/directory/model.ts';
import { refuse } from '../../../domain/errors.ts';
import {
  organization,
  organizationIdOf,
  organizationListItem,
  service,
  serviceAtLocationListItem,
  serviceIdOf,
  serviceListItem,
} from '../../standards/hsds/mapping.ts';
import {
  hsdsOrganization,
  hsdsOrganizationListItem,
  hsdsPage,
  hsdsPageQuery,
  hsdsService,
  hsdsServiceAtLocationListItem,
  hsdsServiceListItem,
} from '../../standards/hsds/schemas.ts';
import { hsdsId } from '../../standards/hsds/uuid-v5.ts';
import type { ApiAppDeps } from '../api-parts.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';

/*
 * `/hsds`: the directory as Open Referral's HSDS 3.0 API profile (issue 16), read-only. The volunteers'
 * names and emails are personal data: the directory's readers only (coordinators, network coordinators,
 * admins, as GET /v1/specialists), never anonymous. Only approved entries appear: a pending one is not
 * vetted yet, and an export is for other systems to rely on.
 */

const roles = ['coordinator', 'network_coordinator', 'admin'] as const;
const tags = ['hsds'];
const HSDS_DESCRIPTION =
  'Open Referral HSDS 3.0 (API profile): each approved specialist is a `service` of its organisation, ' +
  'its specialty, kind and country taxonomy terms, its languages and where it sees people a location. ' +
  'Ids are UUIDv5 of the Relais ids, stable from one export to the next.';

/** `{id}` of an HSDS route: a UUID (anything else names no HSDS thing: a 400 naming `id`). */
const uuidParams = z.strictObject({ id: z.uuid() });

/** Every approved entry of the directory, in id order (pages stay put from one request to the next). */
async function approvedDirectory(deps: ApiAppDeps): Promise<Specialist[]> {
  const all: Specialist[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.specialists.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items.filter(isApproved));
    cursor = page.nextCursor;
  } while (cursor);
  return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** An organisation as Relais knows it; one missing from its table is named by its id. */
async function organisationOf(deps: ApiAppDeps, id: string): Promise<Organisation> {
  return (
    (await deps.organisations.get(id)) ?? {
      id,
      name: id,
      city: '',
      country: '',
      contact: { email: '' },
      locale: 'en',
    }
  );
}

/** The organisations that have approved entries in the directory. */
async function organisationsOf(deps: ApiAppDeps, entries: readonly Specialist[]): Promise<Organisation[]> {
  const ids = [...new Set(entries.flatMap((s) => (s.organisation ? [s.organisation] : [])))].sort();
  return Promise.all(ids.map((id) => organisationOf(deps, id)));
}

/** The profile's page of `items`: its envelope, then `contents`. */
function paged<T>(items: readonly T[], query: { page?: number | undefined; per_page?: number | undefined }) {
  const size = query.per_page ?? 50;
  const pageNumber = query.page ?? 1;
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const contents = items.slice((pageNumber - 1) * size, pageNumber * size);
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const byOrganization = (organizationId: string | undefined) => (s: Specialist) =>
  organizationId === undefined || organizationIdOf(s) === organizationId;

/** Personal data (the volunteers' names and emails): never kept by a shared cache. */
const HSDS_HEADERS = { 'cache-control': 'private, no-store' };

const pageQueryDocs = 'Pages count from 1 (`page`, default 1; `per_page`, default 50, at most 100).';

export const hsdsRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/hsds/services',
    roles,
    query: hsdsPageQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'HSDS: the directory’s services (one-to-one fields)',
      description: `${HSDS_DESCRIPTION} ${pageQueryDocs} \`organization_id\` keeps one organisation's.`,
      tags,
      responses: { 200: { description: 'A page', schema: hsdsPage(hsdsServiceListItem) }, ...problems },
    },
    async handler(c, { query }, { deps }) {
      const now = deps.clock.now();
      const entries = (await approvedDirectory(deps)).filter(byOrganization(query.organization_id));
      return c.json(
        paged(
          entries.map((s) => serviceListItem(s, now)),
          query,
        ),
        200,
        HSDS_HEADERS,
      );
    },
  }),
  staffRoute({
    method: 'get',
    path: '/hsds/services/{id}',
    roles,
    params: uuidParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'HSDS: one service in full',
      description: HSDS_DESCRIPTION,
      tags,
      responses: { 200: { description: 'The service', schema: hsdsService }, ...problems },
    },
    async handler(c, { params }, { deps }) {
      const entry = (await approvedDirectory(deps)).find((s) => serviceIdOf(s) === params.id);
      if (!entry) return refuse('not_found', 'No such service.');
      const org = entry.organisation ? await organisationOf(deps, entry.organisation) : undefined;
      return c.json(service(entry, deps.clock.now(), org), 200, HSDS_HEADERS);
    },
  }),
  staffRoute({
    method: 'get',
    path: '/hsds/organizations',
    roles,
    query: hsdsPageQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'HSDS: the organisations with approved entries (one-to-one fields)',
      description: `${HSDS_DESCRIPTION} ${pageQueryDocs}`,
      tags,
      responses: { 200: { description: 'A page', schema: hsdsPage(hsdsOrganizationListItem) }, ...problems },
    },
    async handler(c, { query }, { deps }) {
      const orgs = (await organisationsOf(deps, await approvedDirectory(deps)))
        .map(organizationListItem)
        .filter((o) => query.organization_id === undefined || o.id === query.organization_id);
      return c.json(paged(orgs, query), 200, HSDS_HEADERS);
    },
  }),
  staffRoute({
    method: 'get',
    path: '/hsds/organizations/{id}',
    roles,
    params: uuidParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'HSDS: one organisation in full, with its services',
      description: `${HSDS_DESCRIPTION} This document is also what POST /v1/specialists/import reads.`,
      tags,
      responses: { 200: { description: 'The organisation', schema: hsdsOrganization }, ...problems },
    },
    async handler(c, { params }, { deps }) {
      const entries = await approvedDirectory(deps);
      const orgId = [...new Set(entries.flatMap((s) => (s.organisation ? [s.organisation] : [])))].find(
        (id) => hsdsId('organization', id) === params.id,
      );
      if (!orgId) return refuse('not_found', 'No such organization.');
      const org = await organisationOf(deps, orgId);
      const now = deps.clock.now();
      const services = entries.filter((s) => s.organisation === orgId).map((s) => service(s, now));
      return c.json(organization(org, services), 200, HSDS_HEADERS);
    },
  }),
  staffRoute({
    method: 'get',
    path: '/hsds/service_at_locations',
    roles,
    query: hsdsPageQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'HSDS: where each service is given',
      description: `${HSDS_DESCRIPTION} ${pageQueryDocs}`,
      tags,
      responses: {
        200: { description: 'A page', schema: hsdsPage(hsdsServiceAtLocationListItem) },
        ...problems,
      },
    },
    async handler(c, { query }, { deps }) {
      const now = deps.clock.now();
      const entries = (await approvedDirectory(deps)).filter(byOrganization(query.organization_id));
      return c.json(
        paged(
          entries.map((s) => serviceAtLocationListItem(s, now)),
          query,
        ),
        200,
        HSDS_HEADERS,
      );
    },
  }),
];
