import * as z from 'zod/mini';
import { SPECIALTIES, STATUSES, URGENCIES } from '../../../domain/referral/model.ts';
import { lazily } from '../../edge/documented.ts';
import { instant } from '../../edge/validation.ts';
import { accompanimentFields, appointmentFields, referralViewSchema } from './referrals.ts';

/** The timeline as the views below the referring organisation's show it: actions only, no details. */
export const timelineActions = () =>
  z.array(
    z.object({
      at: instant,
      actor: z.object({ role: z.string(), id: z.string() }),
      action: z.string(),
    }),
  );

/**
 * A referral as a network coordinator of another organisation reads it, while it is escalated to them
 * (API.md "Who sees what"): what coordinating it needs and nothing the referring organisation keeps to
 * itself. No pseudonym, reason, notes, questions and answers or advice; the timeline's actions without
 * their details. views/coordination-view.ts is typed by it.
 */
export const coordinationViewSchema = /* @__PURE__ */ lazily(() =>
  z
    .object({
      /** Says which view this is: the referring organisation's has no `view`. */
      view: z.literal('coordination'),
      id: z.string(),
      /** The referring organisation. */
      org: z.string(),
      status: z.enum(STATUSES),
      /** The next change's If-Match, as for the referring organisation. */
      version: z.int(),
      need: z.object({ specialty: z.enum(SPECIALTIES) }),
      urgency: z.enum(URGENCIES),
      languages: z.array(z.string()),
      interpreterNeeded: z.boolean(),
      doNotContactDirectly: z.boolean(),
      accompaniment: accompanimentFields(),
      appointment: z.optional(appointmentFields()),
      createdAt: instant,
      updatedAt: instant,
      /** What happened and when, by whom: actions only, no details. */
      timeline: timelineActions(),
    })
    .check(z.meta({ id: 'ReferralCoordinationView' })),
);
export type CoordinationView = z.output<ReturnType<typeof coordinationViewSchema>>;

/**
 * What a route that a network coordinator may use on an escalated referral answers: the referral in
 * full for its organisation, its coordination view for them.
 */
export const referralOrCoordinationSchema = /* @__PURE__ */ lazily(() =>
  z.union([referralViewSchema(), coordinationViewSchema()]),
);
