import * as z from 'zod/mini';
import { parseEvent, type RelaisEvent } from '../../events/catalog.ts';

/**
 * What the publisher leaves in its dead-letter queue when a stream record's events could not be put on
 * the bus: the item's key and version, so the redrive (infra/tools/redrive) re-reads the outbox from the
 * table, and the events themselves when they parse, since a later transition overwrites the item's
 * outbox. A stream position alone would be useless once the stream's 24 hours are over.
 *
 * Keys are ids (`REF#<id>`, `ESC#<id>`) and events carry ids and codes only (events/envelope.ts): a note
 * holds no personal data, like the event archive.
 */
export const PUBLISH_FAILURE_KIND = 'relais.publish-failure';

export const publishFailureSchema = z.strictObject({
  kind: z.literal(PUBLISH_FAILURE_KIND),
  /** `unreadable-outbox`: the outbox did not parse (poison); `publish-failed`: the bus kept refusing. */
  reason: z.enum(['unreadable-outbox', 'publish-failed']),
  key: z.strictObject({ pk: z.string().check(z.minLength(1)), sk: z.string().check(z.minLength(1)) }),
  /** The item's version in the failed record, when it has one: its outbox is the one that failed. */
  version: z.optional(z.int()),
  /** The stream record, for the logs. */
  eventID: z.string(),
  sequenceNumber: z.string(),
  /** When the record was written to the stream (ISO), if known. */
  writtenAt: z.optional(z.string()),
  /** The outbox's events, raw; parsed with the catalogue when replayed. Absent when it did not parse. */
  events: z.optional(z.array(z.unknown())),
  /**
   * The route the write carried for its access entry (`ChangeOnRecord`), when it did: the redrive
   * records the entry with the events, as the publisher would have.
   */
  route: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

export type PublishFailure = z.infer<typeof publishFailureSchema>;

/** Where the publisher notes a record it gives up on (an SQS queue on AWS). */
export interface PublishFailures {
  note(failure: PublishFailure): Promise<void>;
}

/** The events of a note, parsed against the catalogue (throws on any that does not parse). */
export function eventsOfNote(failure: PublishFailure): RelaisEvent[] | undefined {
  return failure.events?.map((e) => parseEvent(e));
}
