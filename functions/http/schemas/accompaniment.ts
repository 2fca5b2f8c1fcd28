import * as z from 'zod';
import { SPECIALTIES, STATUSES, URGENCIES } from '../../../domain/referral/model.ts';
import { freeText } from '../validation.ts';
import { instant, pseudonym } from './referrals.ts';

/*
 * The shapes of accompaniment, closing the loop, the people routes and the caller's own lists: the
 * routes parse with them and /openapi.json is generated from them. Strict at every depth.
 */

/** A staff member's `sub`, as in their token. */
const staffId = z.string().trim().min(1).max(128);

export const assignAccompanimentBody = z.strictObject({
  accompanierId: staffId,
  /** Where the accompanier meets the person: a place, never a contact detail (the free-text guard). */
  meetingPoint: freeText({ max: 200 }).optional(),
  meetingAt: instant.optional(),
});

/** departed / arrived / absent / seen-again carry nothing: an empty body, `{}`, or none. */
export const emptyBody = z.strictObject({});

export const outcomeBody = z.strictObject({
  attended: z.boolean(),
  /** A post-op check or a result to fetch: a pending follow-up, overdue on the board once passed. */
  followUpDueAt: instant.optional(),
  /** Kept on the referral, never put in an email or an event. */
  note: freeText({ max: 280 }).optional(),
});

export const rescheduleBody = z.strictObject({
  appointmentAt: instant,
  /** Kept as it was when absent. */
  place: freeText({ max: 300 }).optional(),
});

export const pseudonymParam = pseudonym;

/** What a change over all of a person's referrals did. */
export const personChangeView = z.object({
  pseudonym: z.string(),
  changed: z.array(z.object({ id: z.string(), status: z.enum(STATUSES), version: z.number().int() })),
  /** Referrals of the person left as they were (closed already, or already changed). */
  unchanged: z.number().int(),
});

export const notificationsQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const notificationList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: instant,
      kind: z.string(),
      referralId: z.string().optional(),
      escalationId: z.string().optional(),
      read: z.boolean().optional(),
    }),
  ),
  nextCursor: z.string().optional(),
});

/** One accompaniment as an accompanier's list shows it: what they need to go, nothing more. */
export const accompanimentItem = z.object({
  id: z.string(),
  status: z.enum(STATUSES),
  version: z.number().int(),
  pseudonym: z.string(),
  need: z.object({ specialty: z.enum(SPECIALTIES) }),
  urgency: z.enum(URGENCIES),
  languages: z.array(z.string()),
  interpreterNeeded: z.boolean(),
  doNotContactDirectly: z.boolean(),
  appointment: z.object({ at: instant, place: z.string() }),
  accompaniment: z.object({
    accompanierId: z.string().nullable(),
    meetingPoint: z.string().optional(),
    meetingAt: instant.optional(),
    departedAt: instant.optional(),
    arrivedAt: instant.optional(),
  }),
});

export const accompanimentList = z.object({ items: z.array(accompanimentItem) });
