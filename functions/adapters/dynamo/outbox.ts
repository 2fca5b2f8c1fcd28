import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ChangeOnRecord } from '../../../domain/ports.ts';
import { jsonTextOf, packJsonBeside, type StoredValue } from './packed-json.ts';

/*
 * The outbox: the events of the transition that wrote an item, on the item itself, so that the table
 * stream publishes them with no second write (functions/publish). One place writes and reads it.
 *
 * A referral's outbox is packed beside its record (packed-json.ts, format 3): the events repeat the
 * record's last timeline entries, so packed together they cost a few dozen bytes where their JSON took
 * 250 to 950, and the item stays under the 1 KB a write unit pays for. Escalations and specialists, and
 * referral items written before, hold the JSON text (`S`): every reader takes both.
 */

/** Item attribute holding the events of the transition that wrote the item. */
export const OUTBOX_ATTRIBUTE = 'outbox';
/**
 * Item attribute holding the route of the request whose write the item is, when that write carries its
 * access entry (`ChangeOnRecord`): the publisher records the entry from it and the outbox's first event.
 * A later write rewrites the item whole, so an item never holds an earlier write's route.
 */
const ROUTE_ATTRIBUTE = 'route';
/** Item attribute holding the record an outbox may be packed beside. */
const RECORD_ATTRIBUTE = 'data';

/** The outbox attribute of `events`, packed beside the record whose JSON text is `record`. */
export function packedOutbox(events: readonly unknown[], record: string): AttributeValue {
  return packJsonBeside(events, record);
}

/**
 * The JSON text of an item's outbox (a stream record's image, or the item read from the table), or
 * undefined when it has none; throws when it has one that cannot be read (the caller's poison).
 */
export function outboxTextOf(item: Readonly<Record<string, StoredValue>> | undefined): string | undefined {
  const attribute = item?.[OUTBOX_ATTRIBUTE];
  if (attribute === undefined) return undefined;
  if (attribute.S !== undefined) return attribute.S;
  const record = jsonTextOf(item?.[RECORD_ATTRIBUTE]);
  const text = jsonTextOf(attribute, record);
  if (text === undefined) throw new Error('outbox is neither JSON text nor packed beside the record');
  return text;
}

/** The attributes by which a write carries its access entry (none when it does not). */
export function onRecordAttributes(onRecord: ChangeOnRecord | undefined): Record<string, AttributeValue> {
  return onRecord ? { [ROUTE_ATTRIBUTE]: { S: onRecord.route } } : {};
}

/** What an item's write carried for its access entry (a stream record's image), if anything. */
export function onRecordOf(
  item: Readonly<Record<string, StoredValue>> | undefined,
): ChangeOnRecord | undefined {
  const route = item?.[ROUTE_ATTRIBUTE]?.S;
  return route ? { route } : undefined;
}
