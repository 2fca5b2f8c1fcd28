import * as z from 'zod/mini';
import { SPECIALTIES, STATUSES, URGENCIES } from '../../../domain/referral/model.ts';
import { lazily } from '../../edge/documented.ts';
import { instant } from '../../edge/validation.ts';
import { coordinationViewSchema, timelineActions } from './coordination.ts';
import { accompanimentFields, referralViewSchema } from './referrals.ts';

/*
 * The views of a referral below the referring organisation's (API.md "Who sees what"; who gets which is
 * domain/referral/need-to-know.ts), and the unions every referral route answers with. Each view but the
 * referring organisation's says which it is in `view`. views/need-to-know-view.ts is typed by them.
 */

/** Time and place of an appointment, without the specialist. */
const whenAndWhere = () => z.object({ at: instant, place: z.string() });

/**
 * The assigned accompanier's view: what accompanying the person needs (pseudonym, need, urgency,
 * languages, interpreter, do-not-contact, appointment, meeting point, the journey, status, the timeline's
 * actions). Never the reason, notes, questions and answers, advice or the outcome's note.
 */
export const accompanimentViewSchema = /* @__PURE__ */ lazily(() =>
  z
    .object({
      view: z.literal('accompaniment'),
      id: z.string(),
      status: z.enum(STATUSES),
      /** The next change's If-Match. */
      version: z.int(),
      pseudonym: z.string(),
      need: z.object({ specialty: z.enum(SPECIALTIES) }),
      urgency: z.enum(URGENCIES),
      languages: z.array(z.string()),
      interpreterNeeded: z.boolean(),
      doNotContactDirectly: z.boolean(),
      appointment: z.optional(whenAndWhere()),
      accompaniment: accompanimentFields(),
      createdAt: instant,
      updatedAt: instant,
      timeline: timelineActions(),
    })
    .check(z.meta({ id: 'ReferralAccompanimentView' })),
);
export type AccompanimentView = z.output<ReturnType<typeof accompanimentViewSchema>>;

/**
 * What another accompanier of the organisation sees of a referral open to take (scheduled, accompaniment
 * required, nobody assigned): specialty, time and place (API.md "Who sees what"). Not who the person is.
 */
export const openViewSchema = /* @__PURE__ */ lazily(() =>
  z
    .object({
      view: z.literal('open'),
      id: z.string(),
      /** Taking it may send it as If-Match. */
      version: z.int(),
      need: z.object({ specialty: z.enum(SPECIALTIES) }),
      appointment: z.optional(whenAndWhere()),
    })
    .check(z.meta({ id: 'ReferralOpenView' })),
);
export type OpenView = z.output<ReturnType<typeof openViewSchema>>;

/** A referral as any caller who may read it gets it (in full for its organisation, no `view`). */
export const anyReferralViewSchema = /* @__PURE__ */ lazily(() =>
  z
    .union([referralViewSchema(), accompanimentViewSchema(), coordinationViewSchema(), openViewSchema()])
    .check(
      z.meta({
        description:
          'The view the caller gets (API.md “Who sees what”): the referring organisation’s social workers ' +
          'and coordinators the whole referral (no `view`), the assigned accompanier `accompaniment`, a ' +
          'network coordinator of another organisation `coordination`, another accompanier of the ' +
          'organisation `open` (only while it is open to take).',
      }),
    ),
);

/** A view's shape without its timeline (`z.omit` refuses a schema with checks: the meta id is one). */
function withoutTimeline<Shape extends { timeline: unknown }>(schema: { shape: Shape }) {
  const { timeline: _, ...shape } = schema.shape;
  return z.object(shape);
}

/** A referral in a list: the same views as a single read, without the timeline. */
export const anyReferralListItemSchema = /* @__PURE__ */ lazily(() =>
  z.union([
    z.omit(referralViewSchema(), { timeline: true }),
    withoutTimeline(accompanimentViewSchema()),
    withoutTimeline(coordinationViewSchema()),
    openViewSchema(),
  ]),
);

/** A list of referrals, each in the view its caller gets. */
export const referralViewListSchema = /* @__PURE__ */ lazily(() =>
  z.object({ items: z.array(anyReferralListItemSchema()), nextCursor: z.optional(z.string()) }),
);
export type ReferralListItem = z.output<ReturnType<typeof anyReferralListItemSchema>>;
