import * as z from 'zod/mini';
import { DomainError } from '../../domain/errors.ts';
import { DECLINE_REASONS } from '../../domain/referral/model.ts';
import { lazySchema } from '../../events/lazy-schema.ts';
import { formBoolean, freeText, instant } from '../edge/validation.ts';
import { isLocalDateTime, isTimeZone, localToInstant } from '../ui/local-time.ts';
import { DEFAULT_TIME_ZONE } from '../ui/messages.ts';
import { TEXT_LIMITS } from './render/index.ts';

/*
 * Bodies of the specialist link routes, as forms (from the pages) or JSON (from scripts). The same
 * schemas are in the OpenAPI document.
 */

const ISO_WITH_OFFSET = instant;

/**
 * An appointment time as a page's `<input type="datetime-local">` sends it (local, in `timeZone`) or
 * as a script does (with an offset); {@link appointmentInstant} reads it.
 */
const appointmentAt = lazySchema(() =>
  z.string().check(
    z.maxLength(40),
    z.refine(
      (v) => ISO_WITH_OFFSET.safeParse(v).success || isLocalDateTime(v),
      'must be an ISO 8601 date and time with offset, or a local YYYY-MM-DDTHH:mm with timeZone',
    ),
    z.describe('When: `2026-11-27T09:30:00Z`, or local `2026-11-27T10:30` in `timeZone`'),
  ),
);

/** The zone of a local `appointmentAt`. */
const timeZone = lazySchema(() =>
  z
    .string()
    .check(z.maxLength(64), z.refine(isTimeZone, 'must be an IANA time zone such as Europe/Luxembourg')),
);

/** The body's zone of a local `appointmentAt`, when it names one. */
const localZone = () =>
  z
    .optional(timeZone)
    .check(
      z.describe(
        "The zone of a local appointmentAt; by default the referring organisation's, which the link's page shows times in",
      ),
    );

export const acceptBody = lazySchema(() =>
  z
    .strictObject({
      appointmentAt,
      timeZone: localZone(),
      place: z
        .optional(freeText({ max: TEXT_LIMITS.place }))
        .check(z.describe("Where; defaults to the specialist's practice")),
    })
    .check(z.meta({ id: 'AcceptOffer' })),
);

/** A new time for the appointment, from the outcome page's form or a script. */
export const rescheduleLinkBody = lazySchema(() =>
  z
    .strictObject({
      appointmentAt,
      timeZone: localZone(),
      place: z.optional(freeText({ max: TEXT_LIMITS.place })).check(z.describe('Where, when it moves too')),
    })
    .check(z.meta({ id: 'RescheduleByLink' })),
);

/** Whether an `appointmentAt` that passed the schema says its own offset (else it is local). */
export const hasOffset = (value: string): boolean => ISO_WITH_OFFSET.safeParse(value).success;

/**
 * The instant of an `appointmentAt` that passed the schema: as written when it has an offset, else
 * local in `timeZone` (the routes give the referring organisation's when the body names none:
 * routes.ts `typedAppointment`). A local time that is no real date (the 31st of February) is refused as
 * bad input.
 */
export function appointmentInstant(value: string, timeZone: string | undefined): Date {
  const at = hasOffset(value) ? new Date(value) : localToInstant(value, timeZone ?? DEFAULT_TIME_ZONE);
  if (!at || Number.isNaN(at.getTime())) {
    throw new DomainError(
      'invalid_input',
      'The appointment time is not a real date and time.',
      'appointmentAt',
    );
  }
  return at;
}

export const declineBody = lazySchema(() =>
  z.strictObject({ reason: z.enum(DECLINE_REASONS) }).check(z.meta({ id: 'DeclineOffer' })),
);

export const moreInfoBody = lazySchema(() =>
  z.strictObject({ question: freeText({ max: TEXT_LIMITS.question }) }).check(z.meta({ id: 'AskMoreInfo' })),
);

export const adviceBody = lazySchema(() =>
  z.strictObject({ advice: freeText({ max: TEXT_LIMITS.advice }) }).check(z.meta({ id: 'ReturnAdvice' })),
);

export const outcomeBody = lazySchema(() =>
  z.strictObject({ attended: formBoolean() }).check(z.meta({ id: 'LinkOutcome' })),
);

/** Confirming an address takes nothing but the link: the page's button posts an empty form. */
export const confirmAddressBody = lazySchema(() =>
  z.strictObject({}).check(z.meta({ id: 'ConfirmAddress' })),
);

/** What a JSON client gets back when the address was confirmed. */
export const addressResult = lazySchema(() =>
  z
    .object({
      result: z.literal('address_confirmed'),
      /** Whether offers can reach the specialist now (an admin approved the entry too). */
      eligible: z.boolean(),
    })
    .check(z.meta({ id: 'ConfirmAddressResult' })),
);

/** What a JSON client gets back when its answer was recorded. */
export const linkResult = lazySchema(() =>
  z
    .object({
      result: z.enum(['accepted', 'declined', 'info_requested', 'advice_sent', 'outcome_recorded']),
      appointment: z.optional(z.object({ at: z.string(), place: z.string() })),
      attended: z.optional(z.boolean()),
    })
    .check(z.meta({ id: 'LinkResult' })),
);
export type LinkResult = z.output<typeof linkResult>;

export const rescheduleLinkResult = lazySchema(() =>
  z
    .object({
      result: z.literal('rescheduled'),
      appointment: z.object({ at: z.string(), place: z.string() }),
    })
    .check(z.meta({ id: 'RescheduleByLinkResult' })),
);
