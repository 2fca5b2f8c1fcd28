import type {
  DynamoDBBatchItemFailure,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import type { EventBus } from '../../domain/ports.ts';
import { parseEvent, type RelaisEvent } from '../../events/catalog.ts';
import type { Logger } from '../ports/logger.ts';

/** Item attribute holding the JSON array of the events of the transition that wrote the item. */
export const OUTBOX_ATTRIBUTE = 'outbox';

/**
 * Publishes the outbox of each stream record, in stream order, and reports failures the way Lambda's
 * partial batch response expects (`itemIdentifier` = the record's sequence number).
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
 * Only the record's eventID is logged: an outbox carries ids and codes, but a malformed one could
 * carry anything.
 */
export async function publishStreamRecords(
  event: DynamoDBStreamEvent,
  bus: EventBus,
  logger: Logger,
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
      failed(record);
      continue;
    }
    if (events.length === 0) continue;
    try {
      await bus.publish(events);
    } catch (error) {
      logger.error('publishing stream record failed', {
        eventID: record.eventID,
        error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
      });
      for (const later of event.Records.slice(index)) failed(later);
      break;
    }
  }
  return { batchItemFailures };
}

/** The events a record carries: none for REMOVE, items without an outbox, or an empty outbox. */
function outboxOf(record: DynamoDBRecord): RelaisEvent[] {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return [];
  const attribute = record.dynamodb?.NewImage?.[OUTBOX_ATTRIBUTE];
  if (attribute === undefined) return [];
  if (typeof attribute.S !== 'string') throw new Error('outbox is not a string attribute');
  const raw: unknown = JSON.parse(attribute.S);
  if (!Array.isArray(raw)) throw new Error('outbox is not an array');
  // All or nothing: a record's events are parsed before any is published.
  return raw.map((e) => parseEvent(e));
}
