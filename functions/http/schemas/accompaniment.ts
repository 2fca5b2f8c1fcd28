import * as z from 'zod/mini';
import { STATUSES } from '../../../domain/referral/model.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import { lazily } from '../../edge/documented.ts';
import { freeText } from '../../edge/validation.ts';
import { instant } from './referrals.ts';

/*
 * The shapes of accompaniment, closing the loop, the people routes and the caller's own lists: the
 * routes parse with them and /openapi.json is generated from them. Strict at every depth.
 */

/** A staff member's `sub`, as in their token. */
const staffId = lazySchema(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(128)));

export const assignAccompanimentBody = lazySchema(() =>
  z.strictObject({
    accompanierId: staffId,
    /** Where the accompanier meets the person: a place, never a contact detail (the free-text guard). */
    meetingPoint: z.optional(freeText({ max: 200 })),
    meetingAt: z.optional(instant),
  }),
);

/** departed / arrived / absent / seen-again carry nothing: an empty body, `{}`, or none. */
export const emptyBody = lazySchema(() => z.strictObject({}));

export const outcomeBody = lazySchema(() =>
  z.strictObject({
    attended: z.boolean(),
    /** A post-op check or a result to fetch: a pending follow-up, overdue on the board once passed. */
    followUpDueAt: z.optional(instant),
    /** Kept on the referral, never put in an email or an event. */
    note: z.optional(freeText({ max: 280 })),
  }),
);

export const rescheduleBody = lazySchema(() =>
  z.strictObject({
    appointmentAt: instant,
    /** Kept as it was when absent. */
    place: z.optional(freeText({ max: 300 })),
  }),
);

/**
 * `POST /v1/people/{pseudonym}/do-not-contact`: mark (`true`) or lift (`false`), said each time (API.md):
 * a body without it, or none, changes nothing and is a 400 naming it.
 */
export const doNotContactBody = lazySchema(() => z.strictObject({ doNotContact: z.boolean() }));

/** What a change over all of a person's referrals did. */
export const personChangeSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    pseudonym: z.string(),
    changed: z.array(z.object({ id: z.string(), status: z.enum(STATUSES), version: z.int() })),
    /** Referrals of the person left as they were (closed already, or already changed). */
    unchanged: z.int(),
  }),
);

export const notificationsQuery = lazySchema(() =>
  z.strictObject({
    cursor: z.optional(z.string().check(z.maxLength(2048))),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  }),
);

export const notificationListSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        at: instant,
        kind: z.string(),
        referralId: z.optional(z.string()),
        escalationId: z.optional(z.string()),
        /** The event that caused it: a notification is written once per event and recipient. */
        eventId: z.string(),
        read: z.optional(z.boolean()),
      }),
    ),
    nextCursor: z.optional(z.string()),
  }),
);

/**
 * `POST /v1/me/notifications/read`: these notifications (their `id`s), or everything at or before an
 * instant (the newest `at` the reader has seen), read by the caller.
 */
export const notificationsReadBody = lazySchema(() =>
  z.union([
    z.strictObject({
      ids: z
        .array(z.string().check(z.minLength(1), z.maxLength(256)))
        .check(z.minLength(1), z.maxLength(100)),
    }),
    z.strictObject({ before: instant }),
  ]),
);

export type NotificationList = z.output<ReturnType<typeof notificationListSchema>>;

/** What an erasure did: no pseudonym, only the referrals' ids and counts of what was removed. */
export const personErasureSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    /** The referrals erased now: they answer 404 from now on. */
    erased: z.array(z.string()),
    /** Referrals closed moments ago, kept until their closing is told, then erased by the sweep. */
    held: z.array(z.object({ id: z.string(), until: instant })),
    /** How many items of each kind were removed now. */
    items: z.object({ referrals: z.int(), escalations: z.int(), feedItems: z.int() }),
  }),
);
