import type {
  DynamoDBBatchItemFailure,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import type { AccessLog, ChangeOnRecord, EventBus } from '../../domain/ports.ts';
import { parseEvent, type RelaisEvent } from '../../events/catalog.ts';
import { onRecordOf, outboxTextOf } from '../adapters/dynamo/outbox.ts';
import { changeEntryOf } from '../lib/access-recording.ts';
import type { Logger } from '../ports/logger.ts';
import {
  PUBLISH_FAILURE_KIND,
  type PublishFailure,
  type PublishFailures,
} from '../ports/publish-failures.ts';

/**
 * How long a record whose events the bus refuses is retried (Lambda retries the batch from it, keeping
 * stream order) before the publisher notes it in its dead-letter queue and moves on.
 */
export const GIVE_UP_AFTER_MS = 15 * 60 * 1000;

export interface PublishOptions {
  /**
   * Where a record given up on is noted, replayable (functions/ports/publish-failures.ts). Without it,
   * every failure is reported to Lambda, whose on-failure destination keeps only stream positions.
   */
  readonly failures?: PublishFailures;
  /** @default GIVE_UP_AFTER_MS */
  readonly giveUpAfterMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Where the access entries that writes carried are recorded (the access log). */
export type CarriedEntryLog = Pick<AccessLog, 'recordOnce'>;

/**
 * Publishes the outbox of each stream record, in stream order, and reports failures the way Lambda's
 * partial batch response expects (`itemIdentifier` = the record's sequence number). A record whose
 * write carried its access entry (functions/lib/access-recording.ts) has it recorded in `changes` first:
 * a failure to record it is treated as a refused publish, and both are done again on the retry (the log
 * records an entry once, the consumers an event once).
 *
 * Two kinds of failure, two treatments:
 * - A record whose outbox does not parse is poison: it will never succeed. It is reported alone and the
 *   records after it are still published, so one bad record does not hold back everyone else's events.
 *   Lambda resumes from the lowest reported sequence number, so the later records come again on the
 *   retry (consumers de-duplicate them by event id) until bisection isolates the poison record and the
 *   on-failure destination takes it. Reporting the later records too would change nothing: Lambda only
 *   looks at the lowest.
 * - A publish that fails (EventBridge throttling or refusal) is transient. Nothing after it is
 *   attempted, so events keep their stream order, and it is reported with every record after it.
 *
 * With a failure sink (`options.failures`, the publisher's DLQ on AWS), a record given up on is noted
 * there, with its item's key, so it can be replayed from the table after the stream has forgotten it,
 * and is no longer reported: a poison record at once (it will never succeed), a refused publish once the
 * record is older than `giveUpAfterMs`. A note that cannot be sent leaves the record reported as before.
 *
 * Only the record's eventID is logged: an outbox carries ids and codes, but a malformed one could
 * carry anything.
 */
export async function publishStreamRecords(
  event: DynamoDBStreamEvent,
  bus: EventBus,
  changes: CarriedEntryLog,
  logger: Logger,
  options: PublishOptions = {},
): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchItemFailure[] = [];
  const failed = (record: DynamoDBRecord) =>
    // An empty identifier makes Lambda retry the whole batch: the safe answer if the shape is unexpected.
    batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });

  for (const [index, record] of event.Records.entries()) {
    let events: RelaisEvent[];
    try {
      events = outboxOf(record);
    } catch {
      logger.error('poison stream record: outbox does not parse', { eventID: record.eventID });
      if (!(await noted(record, 'unreadable-outbox', {}, options, logger))) failed(record);
      continue;
    }
    if (events.length === 0) continue;
    const onRecord = onRecordOf(record.dynamodb?.NewImage);
    try {
      await deliverWrite(events, onRecord, bus, changes);
    } catch (error) {
      logger.error('publishing stream record failed', {
        eventID: record.eventID,
        error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
      });
      if (
        isOld(record, options) &&
        (await noted(record, 'publish-failed', { events, onRecord }, options, logger))
      )
        continue;
      for (const later of event.Records.slice(index)) failed(later);
      break;
    }
  }
  return { batchItemFailures };
}

/**
 * What a write delivers once it is saved: the access entry it carried, if any, recorded once, then its
 * events on the bus. The publisher does it for each stream record; the redrive for a note it replays.
 */
export async function deliverWrite(
  events: readonly RelaisEvent[],
  onRecord: ChangeOnRecord | undefined,
  bus: EventBus,
  changes: CarriedEntryLog,
): Promise<void> {
  const change = onRecord && changeEntryOf(events, onRecord);
  if (change) await changes.recordOnce(change.entry, change.id);
  await bus.publish(events);
}

/** Whether a record has waited longer than the publisher keeps retrying it. */
function isOld(record: DynamoDBRecord, options: PublishOptions): boolean {
  const written = record.dynamodb?.ApproximateCreationDateTime;
  if (written === undefined) return false;
  const now = (options.now ?? Date.now)();
  return now - written * 1000 >= (options.giveUpAfterMs ?? GIVE_UP_AFTER_MS);
}

/** Notes a record given up on; false when there is no sink, or the note could not be sent. */
async function noted(
  record: DynamoDBRecord,
  reason: PublishFailure['reason'],
  { events, onRecord }: { events?: readonly RelaisEvent[]; onRecord?: ChangeOnRecord | undefined },
  options: PublishOptions,
  logger: Logger,
): Promise<boolean> {
  const keys = record.dynamodb?.Keys;
  const pk = keys?.['pk']?.S;
  const sk = keys?.['sk']?.S;
  if (!options.failures || pk === undefined || sk === undefined) return false;
  const version = Number(record.dynamodb?.NewImage?.['version']?.N);
  const written = record.dynamodb?.ApproximateCreationDateTime;
  try {
    await options.failures.note({
      kind: PUBLISH_FAILURE_KIND,
      reason,
      key: { pk, sk },
      ...(Number.isInteger(version) ? { version } : {}),
      eventID: record.eventID ?? '',
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      ...(written !== undefined ? { writtenAt: new Date(written * 1000).toISOString() } : {}),
      ...(events ? { events: [...events] } : {}),
      ...(onRecord ? { route: onRecord.route } : {}),
    });
    logger.warn('stream record noted in the dead-letter queue', { eventID: record.eventID, reason });
    return true;
  } catch (error) {
    logger.error('noting a stream record failed', {
      eventID: record.eventID,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return false;
  }
}

/** The events a record carries: none for REMOVE, items without an outbox, or an empty outbox. */
function outboxOf(record: DynamoDBRecord): RelaisEvent[] {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return [];
  // JSON text, or packed beside the item's record (a referral's): read from the same image.
  const text = outboxTextOf(record.dynamodb?.NewImage);
  if (text === undefined) return [];
  const raw: unknown = JSON.parse(text);
  if (!Array.isArray(raw)) throw new Error('outbox is not an array');
  // All or nothing: a record's events are parsed before any is published.
  return raw.map((e) => parseEvent(e));
}
