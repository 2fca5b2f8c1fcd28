import * as z from 'zod/mini';
import { SPECIALTIES } from '../../../domain/referral/model.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { lazily } from '../../edge/documented.ts';
import { countryCode } from './country.ts';
import { instant, language } from './referrals.ts';

const LOCALES = ['fr', 'en', 'de', 'nl', 'it'] as const;

/** A specialist's or service desk's professional details; shown to coordinators, never to the people served. */
const specialistFields = /* @__PURE__ */ lazily(() => ({
  kind: z.enum(['doctor', 'service_desk']),
  displayName: z.string().check(z.trim(), z.minLength(2), z.maxLength(120)),
  email: z.email().check(z.maxLength(254)),
  specialty: z.enum(SPECIALTIES),
  organisation: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(120))),
  practice: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)),
  country: z.optional(countryCode),
  languages: z.array(language).check(z.minLength(1), z.maxLength(12)),
  locale: z.enum(LOCALES),
  active: z.boolean(),
  monthlyQuota: z.int().check(z.gte(0), z.lte(500)),
  pausedUntil: z.optional(instant),
}));

/**
 * Periods ahead when the specialist is away (`from` included, `until` excluded): not offered anything
 * then. Kept merged (overlapping or touching periods become one) and without those already over.
 */
const absences = lazySchema(() =>
  z
    .array(z.strictObject({ from: instant, until: instant }))
    .check(z.maxLength(50), z.describe('Away from `from` until `until`; replaces the whole list')),
);

export const createSpecialistBody = lazySchema(() =>
  z.strictObject({
    ...specialistFields(),
    active: z.optional(specialistFields().active),
  }),
);

/** Changes to a specialist: pause until a date, absences ahead (holidays), quota, languages, active. */
export const updateSpecialistBody = lazySchema(() =>
  z.strictObject({
    displayName: z.optional(specialistFields().displayName),
    email: z.optional(specialistFields().email),
    practice: z.optional(specialistFields().practice),
    country: specialistFields().country,
    languages: z.optional(specialistFields().languages),
    locale: z.optional(specialistFields().locale),
    active: z.optional(specialistFields().active),
    monthlyQuota: z.optional(specialistFields().monthlyQuota),
    pausedUntil: z.optional(z.nullable(instant)),
    absences: z.optional(absences),
  }),
);

export const listSpecialistsQuery = lazySchema(() =>
  z.strictObject({
    specialty: z.optional(z.enum(SPECIALTIES)),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  }),
);

export const specialistViewSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    id: z.string(),
    ...specialistFields(),
    absences: z.optional(z.array(z.object({ from: instant, until: instant }))),
    /** Shown to the owning organisation and admins only. */
    approval: z.optional(
      z
        .enum(['pending', 'approved'])
        .check(
          z.describe(
            'Shown to the owning organisation and admins: `pending` (new, or email, country or practice changed) until an admin approves it (POST /v1/specialists/{id}/approve); offers reach only approved entries',
          ),
        ),
    ),
    addressConfirmed: z.optional(
      z
        .boolean()
        .check(
          z.describe(
            'Shown to the owning organisation and admins: whether the specialist confirmed their email from the link sent to it (again after each change of email); offers reach only confirmed addresses',
          ),
        ),
    ),
    /** The entry's version: its ETag, the next PATCH's If-Match. */
    version: z.int(),
    createdAt: instant,
    updatedAt: instant,
  }),
);
export type SpecialistView = z.output<ReturnType<typeof specialistViewSchema>>;

export const specialistListSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    items: z.array(specialistViewSchema()),
    nextCursor: z.optional(z.string()),
  }),
);
