import * as z from 'zod/mini';
import { lazySchema } from '../../../events/lazy-schema.ts';

/*
 * The parts of Open Referral's Human Services Data Specification 3.0 (HSDS, with its API profile) that
 * Relais writes and reads, as the project's own zod schemas. Written from the official compiled JSON
 * schemas (openreferral/specification, schema/compiled/: service.json, service_list.json,
 * organization.json, organization_list.json, service_at_location_list.json; the page envelope is
 * `components.schemas.Page` of schema/openapi.json). The tests check every document the routes return
 * against those official schemas, vendored in test/fixtures/hsds/. Required fields are required here as
 * there; HSDS allows fields beyond its own, so what Relais reads (`import`) is loose. Each is built on
 * first use (lazySchema): the responses' are read only by the OpenAPI document, built beside the bundle.
 */

const uuid = z.uuid();
const text = z.string();

/** A taxonomy term: Relais's specialties, kinds of entry and countries are terms of named taxonomies. */
export const hsdsTaxonomyTerm = lazySchema(() =>
  z.object({
    id: uuid,
    code: z.optional(text),
    name: text,
    description: text,
    taxonomy: z.optional(text),
  }),
);

/** An attribute links a taxonomy term to a service (`link_entity`: `service`). */
export const hsdsAttribute = lazySchema(() =>
  z.object({
    id: uuid,
    link_id: z.optional(uuid),
    link_type: z.optional(text),
    link_entity: z.optional(text),
    taxonomy_term_id: z.optional(uuid),
    taxonomy_term: hsdsTaxonomyTerm,
  }),
);

export const hsdsLanguage = lazySchema(() =>
  z.object({
    id: uuid,
    service_id: z.optional(uuid),
    name: z.optional(text),
    /** ISO 639-1 as Relais keeps them (HSDS asks for ISO 639). */
    code: z.optional(text),
  }),
);

export const hsdsLocation = lazySchema(() =>
  z.object({
    id: uuid,
    location_type: z.enum(['physical', 'postal', 'virtual']),
    organization_id: z.optional(uuid),
    name: z.optional(text),
    description: z.optional(text),
  }),
);

export const HSDS_SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;

/** A service with its one-to-one fields only: the items of `/services` (service_list.json). */
export const hsdsServiceListItem = lazySchema(() =>
  z.object({
    id: uuid,
    organization_id: z.optional(uuid),
    name: text,
    description: z.optional(text),
    email: z.optional(z.email()),
    status: z.enum(HSDS_SERVICE_STATUSES),
    last_modified: z.optional(z.iso.datetime({ offset: true })),
  }),
);

/** A service at a location (one per specialist: where they see people). */
export const hsdsServiceAtLocation = lazySchema(() =>
  z.object({
    id: uuid,
    service_id: z.optional(uuid),
    location_id: z.optional(uuid),
    location: z.optional(hsdsLocation),
  }),
);

/** An organization with its one-to-one fields (organization_list.json). */
export const hsdsOrganizationListItem = lazySchema(() =>
  z.object({
    id: uuid,
    name: text,
    description: text,
    email: z.optional(z.email()),
  }),
);

export const hsdsPhone = lazySchema(() =>
  z.object({ id: uuid, organization_id: z.optional(uuid), number: text }),
);

/** A service in full (service.json): `/services/{id}`, and inside an organization in full. */
export const hsdsService = lazySchema(() =>
  z.object({
    ...hsdsServiceListItem._zod.innerType.shape,
    organization: z.optional(hsdsOrganizationListItem),
    languages: z.array(hsdsLanguage),
    attributes: z.array(hsdsAttribute),
    service_at_locations: z.array(hsdsServiceAtLocation),
  }),
);

/** An organization in full (organization.json): `/organizations/{id}`, with its services. */
export const hsdsOrganization = lazySchema(() =>
  z.object({
    ...hsdsOrganizationListItem._zod.innerType.shape,
    phones: z.array(hsdsPhone),
    services: z.array(hsdsService),
  }),
);

/** An item of `/service_at_locations` (service_at_location_list.json). */
export const hsdsServiceAtLocationListItem = lazySchema(() =>
  z.object({
    ...hsdsServiceAtLocation._zod.innerType.shape,
    service: z.optional(hsdsServiceListItem),
  }),
);

/** The API profile's page: its envelope (`Page`) and the `contents` of the page. */
export const hsdsPage = <T extends z.core.$ZodType>(item: T) =>
  z.object({
    total_items: z.int(),
    total_pages: z.int(),
    page_number: z.int(),
    size: z.int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(item),
  });

/** `?page=&per_page=` of the API profile (pages count from 1), with its filters Relais honours. */
export const hsdsPageQuery = lazySchema(() =>
  z.strictObject({
    page: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100_000))),
    per_page: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
    organization_id: z.optional(uuid),
  }),
);

/*
 * What `POST /v1/specialists/import` reads: organizations with their services, as HSDS writes them (an
 * export of /hsds/organizations/{id} fits as it is). Only what Relais maps is checked; anything else
 * HSDS holds is let through and ignored.
 */
const importTerm = lazySchema(() =>
  z.looseObject({
    code: z.optional(text),
    name: z.optional(text),
    taxonomy: z.optional(text),
  }),
);
const importAddress = lazySchema(() =>
  z.looseObject({
    address_1: z.optional(text),
    city: z.optional(text),
    postal_code: z.optional(text),
    country: z.optional(text),
  }),
);
export const hsdsImportService = lazySchema(() =>
  z.looseObject({
    id: z.uuid(),
    name: z.string().check(z.minLength(1), z.maxLength(500)),
    email: z.optional(z.string().check(z.maxLength(254))),
    status: z.optional(z.enum(HSDS_SERVICE_STATUSES)),
    languages: z.optional(z.array(z.looseObject({ code: z.optional(text), name: z.optional(text) }))),
    attributes: z.optional(z.array(z.looseObject({ taxonomy_term: z.optional(importTerm) }))),
    service_at_locations: z.optional(
      z.array(
        z.looseObject({
          location: z.optional(
            z.looseObject({
              name: z.optional(text),
              addresses: z.optional(z.array(importAddress)),
            }),
          ),
        }),
      ),
    ),
  }),
);
export type HsdsImportService = z.output<typeof hsdsImportService>;

export const hsdsImportPackage = lazySchema(() =>
  z.looseObject({
    organizations: z
      .array(
        z.looseObject({
          id: z.uuid(),
          name: z.string(),
          services: z.optional(z.array(hsdsImportService).check(z.maxLength(1000))),
        }),
      )
      .check(z.minLength(1), z.maxLength(100)),
  }),
);

export type HsdsService = z.output<typeof hsdsService>;
export type HsdsServiceListItem = z.output<typeof hsdsServiceListItem>;
export type HsdsOrganization = z.output<typeof hsdsOrganization>;
export type HsdsOrganizationListItem = z.output<typeof hsdsOrganizationListItem>;
export type HsdsServiceAtLocationListItem = z.output<typeof hsdsServiceAtLocationListItem>;
