import * as z from 'zod';
import { SPECIALTIES } from '../../../domain/referral/model.ts';
import { instant, language } from './referrals.ts';

const LOCALES = ['fr', 'en', 'de', 'nl', 'it'] as const;

/** A specialist's or service desk's professional details; shown to coordinators, never to the people served. */
const specialistFields = {
  kind: z.enum(['doctor', 'service_desk']),
  displayName: z.string().trim().min(2).max(120),
  email: z.email().max(254),
  specialty: z.enum(SPECIALTIES),
  organisation: z.string().trim().min(2).max(120).optional(),
  practice: z.string().trim().min(2).max(200),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "LU"')
    .optional(),
  languages: z.array(language).min(1).max(12),
  locale: z.enum(LOCALES),
  active: z.boolean(),
  monthlyQuota: z.number().int().min(0).max(500),
  pausedUntil: instant.optional(),
};

export const createSpecialistBody = z.strictObject({
  ...specialistFields,
  active: specialistFields.active.optional(),
});

/** Changes to a specialist: pause until a date (holidays), quota, languages, active. */
export const updateSpecialistBody = z.strictObject({
  displayName: specialistFields.displayName.optional(),
  practice: specialistFields.practice.optional(),
  country: specialistFields.country,
  languages: specialistFields.languages.optional(),
  locale: specialistFields.locale.optional(),
  active: specialistFields.active.optional(),
  monthlyQuota: specialistFields.monthlyQuota.optional(),
  pausedUntil: instant.nullable().optional(),
});

export const listSpecialistsQuery = z.strictObject({
  specialty: z.enum(SPECIALTIES).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const specialistView = z.object({
  id: z.string(),
  ...specialistFields,
  createdAt: instant,
  updatedAt: instant,
});
