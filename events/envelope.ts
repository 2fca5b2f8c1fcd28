import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.ts';

/**
 * Every event Relais publishes has this envelope. Details carry ids and codes only: never a pseudonym,
 * a reason, a note or any free text about the person, because events travel to EventBridge, archives
 * and logs that the referral's access rules do not cover.
 */
export const EVENT_SOURCE = 'relais.referrals';

export const actorSchema = lazySchema(() =>
  z.strictObject({
    role: z.enum([
      'social_worker',
      'accompanier',
      'coordinator',
      'network_coordinator',
      'admin',
      'specialist',
      'system',
    ]),
    id: z.string().check(z.minLength(1), z.maxLength(128)),
  }),
);

export const envelopeSchema = lazySchema(() =>
  z.strictObject({
    /** Unique per event; consumers deduplicate on it. */
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    type: z.string().check(z.minLength(1), z.maxLength(64)),
    version: z.int().check(z.positive()),
    at: z.iso.datetime({ offset: true }),
    referralId: z.string().check(z.minLength(1), z.maxLength(64)),
    org: z.string().check(z.minLength(1), z.maxLength(64)),
    actor: actorSchema,
    /**
     * Whether the referral had an escalation raised when this event was written, so that a consumer that
     * acts only on escalated referrals (the board's resolving) skips the others without reading them.
     * Absent on events written before it existed, and on events not of a referral's write: unknown.
     */
    escalated: z.optional(z.boolean()),
    /**
     * When the referral was opened, on the events counted from then (`appointment.scheduled`: the days to
     * the appointment), so that the stats' projection need not read the referral for it. A date of the
     * referral, not of the person (its `referral.opened` event says as much). Absent on events written
     * before it existed: the projection reads the referral.
     */
    openedAt: z.optional(z.iso.datetime({ offset: true })),
    data: z.record(z.string(), z.unknown()),
  }),
);
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * Defines one event contract: its detail-type, version and (built by `data`) the schema of its `data`.
 * The contract's schema is built on the first event of its type parsed (lazySchema): a function that
 * parses two event types of the catalogue does not build the other twenty-five at its cold start.
 */
export function defineEvent<const T extends string, S extends z.core.$ZodType>(
  type: T,
  version: number,
  data: () => S,
) {
  const schema = lazySchema(() =>
    z.extend(envelopeSchema._zod.innerType, {
      type: z.literal(type),
      version: z.literal(version),
      data: data(),
    }),
  );
  return { type, version, schema } as const;
}
