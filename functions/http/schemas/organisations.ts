import * as z from 'zod/mini';
import { ORGANISATION_ID } from '../../../domain/organisation-id.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { lazily } from '../../edge/documented.ts';
import { isTimeZone } from '../../ui/local-time.ts';
import { countryCode } from './country.ts';

/*
 * `/v1/organisations` (admin): the shapes the routes parse and /openapi.json documents. The desk email is
 * the organisation's own contact shown to specialists (stored as `contact.email`, as before).
 */

const LOCALES = ['fr', 'en', 'de', 'nl', 'it'] as const;

/** An IANA time zone (`Europe/Luxembourg`), as the runtime's time zone database knows it. */
const timeZone = lazySchema(() =>
  z.string().check(
    z.regex(
      /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/,
      'must be an IANA time zone such as "Europe/Brussels"',
    ),
    // The one check of a time zone (the link pages' appointment zone is checked by it too).
    z.refine(isTimeZone, 'must be an IANA time zone such as "Europe/Brussels"'),
  ),
);

const fields = /* @__PURE__ */ lazily(() => ({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  city: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  country: countryCode,
  locale: z.enum(LOCALES),
  timeZone,
  desk: z.strictObject({ email: z.email().check(z.maxLength(254)) }),
}));

export const organisationIdParams = z.strictObject({
  // As long as any id path parameter may be (params.ts), said first: a 65-character id is "too long".
  id: z
    .string()
    .check(
      z.maxLength(64, { abort: true }),
      z.regex(ORGANISATION_ID, 'must be lower-case letters, digits and dashes'),
    ),
});

export const createOrganisationBody = lazySchema(() =>
  z.strictObject({ id: organisationIdParams.shape.id, ...fields() }),
);
export type CreateOrganisationBody = z.output<typeof createOrganisationBody>;

/** Any of the fields but the id, which names the organisation in every token and key. */
export const changeOrganisationBody = lazySchema(() =>
  z.strictObject({
    name: z.optional(fields().name),
    city: z.optional(fields().city),
    country: z.optional(fields().country),
    locale: z.optional(fields().locale),
    timeZone: z.optional(fields().timeZone),
    desk: z.optional(fields().desk),
  }),
);
export type ChangeOrganisationBody = z.output<typeof changeOrganisationBody>;

export const organisationsQuery = lazySchema(() =>
  z.strictObject({
    cursor: z.optional(z.string().check(z.maxLength(200))),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  }),
);

export const organisationViewSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    country: z.string(),
    locale: z.enum(LOCALES),
    timeZone: z.string(),
    desk: z.object({ email: z.string() }),
    /** Also the ETag: the next change's If-Match. */
    version: z.int(),
  }),
);
export type OrganisationView = z.output<ReturnType<typeof organisationViewSchema>>;

export const organisationListSchema = /* @__PURE__ */ lazily(() =>
  z.object({ items: z.array(organisationViewSchema()), nextCursor: z.optional(z.string()) }),
);
