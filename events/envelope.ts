import * as z from 'zod';

/**
 * Every event Relais publishes has this envelope. Details carry ids and codes only: never a pseudonym,
 * a reason, a note or any free text about the person, because events travel to EventBridge, archives
 * and logs that the referral's access rules do not cover.
 */
export const EVENT_SOURCE = 'relais.referrals';

export const actorSchema = z.strictObject({
  role: z.enum([
    'social_worker',
    'accompanier',
    'coordinator',
    'network_coordinator',
    'admin',
    'specialist',
    'system',
  ]),
  id: z.string().min(1).max(128),
});

export const envelopeSchema = z.strictObject({
  /** Unique per event; consumers deduplicate on it. */
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  version: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  referralId: z.string().min(1).max(64),
  org: z.string().min(1).max(64),
  actor: actorSchema,
  data: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** Defines one event contract: its detail-type, version and the schema of its `data`. */
export function defineEvent<const T extends string, S extends z.ZodType>(type: T, version: number, data: S) {
  const schema = envelopeSchema.extend({ type: z.literal(type), version: z.literal(version), data });
  return { type, version, data, schema } as const;
}
