import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/*
 * A record's JSON packed into a binary attribute: raw DEFLATE primed with a dictionary of what a stored
 * referral repeats (its field names, codes, event types), behind a one-byte format tag.
 *
 * Why: a write costs one unit per KB of the item, paid again each time the item is rewritten, and the
 * referral item is rewritten at every transition with its whole timeline. As JSON the item of a closed
 * referral weighs about 4 KB (4 units a write); packed, its record takes about a fifth of that, so most
 * transitions write one or two units. Sealed values (crypto/) are random and do not pack: they are a
 * small part of the record.
 *
 * Items written before (`data` a JSON string) still read as they are: a reader takes either form
 * (stored.ts), and an item is packed the next time it is written.
 */

/** The first byte of a packed value: raw DEFLATE with {@link DICTIONARY_1}. */
const FORMAT_1 = 1;

/**
 * What format 1 is primed with. NEVER change it: every item packed with it is read with it. A better
 * dictionary is a new format (a new tag and constant), read beside this one. DEFLATE finds matches
 * nearer the end of the dictionary cheaper: the commonest strings come last.
 */
const DICTIONARY_1 = Buffer.from(
  [
    '"closeReason":"completed","returned_with_advice","lost_contact","withdrawn","cancelled"',
    '"declineReason":"no_capacity","not_my_specialty","dates_impossible","needs_documents"',
    '"hold":{"reason":"person_absent","since":"',
    '"exchanges":[{"offerId":"',
    '"followUpDueAt":"',
    '"note":"enc1.',
    '"advice":"enc1.',
    '"action":"escalation.raised","detail":{"escalationId":"',
    '"kind":"',
    '"level":',
    '"action":"accompaniment.departed","detail":{"accompanierId":"',
    '"action":"accompaniment.arrived","detail":{"accompanierId":"',
    '"action":"outcome.recorded","detail":{"attended":true}}',
    '"action":"referral.closed","detail":{"reason":"completed"}}',
    '"action":"accompaniment.assigned","detail":{"accompanierId":"',
    '"action":"offer.withdrawn","detail":{"offerId":"","specialistId":"","why":"taken"}}',
    '"action":"appointment.scheduled","detail":{"offerId":"","specialistId":"","at":"',
    '"action":"offer.declined","detail":{"offerId":"","specialistId":"","reason":"',
    '"action":"offer.expired","detail":{"offerId":"","specialistId":"',
    '"action":"referral.opened","detail":{"specialty":"","urgency":"routine","accompanimentRequired":true}}',
    '"timeline":[{"at":"2026-',
    '"actor":{"role":"system","id":"',
    '"actor":{"role":"coordinator","id":"',
    '"actor":{"role":"accompanier","id":"',
    '"actor":{"role":"specialist","id":"',
    '"actor":{"role":"social_worker","id":"',
    '"action":"offer.sent","detail":{"offerId":"","specialistId":"","expiresAt":"2026-',
    '"outcome":{"attended":true,"recordedAt":"","recordedBy":{"role":"accompanier","id":"',
    '"appointment":{"at":"","place":"enc1.","specialistId":"","offerId":"',
    '"counts":{"offersSent":',
    '"createdAt":"2026-',
    '"createdBy":{"role":"social_worker","id":"',
    '"updatedAt":"2026-',
    '"offers":[{"id":"","specialistId":"sp-","sentAt":"2026-',
    '"expiresAt":"2026-',
    '"state":"pending"},{"id":"',
    '"state":"accepted","answeredAt":"2026-',
    '"state":"withdrawn","answeredAt":"2026-',
    '"interpreterNeeded":false,"doNotContactDirectly":false,',
    '"accompaniment":{"required":true,"accompanierId":"","departedAt":"2026-","arrivedAt":"2026-',
    '"consent":{"recordedBy":{"role":"social_worker","id":""},"at":"2026-","scope":"share_minimum_with_specialist"}',
    '"socialCheckDone":true,"languages":["fr"],"need":{"specialty":"ophthalmology"},"urgency":"routine",',
    '{"id":"","org":"","version":1,"status":"scheduled","pseudonym":"enc1.","reason":"enc1.',
  ].join(''),
);

/** The record as a packed binary attribute. */
export function packJson(value: unknown): AttributeValue {
  const deflated = deflateRawSync(Buffer.from(JSON.stringify(value)), { level: 9, dictionary: DICTIONARY_1 });
  const packed = new Uint8Array(deflated.length + 1);
  packed[0] = FORMAT_1;
  packed.set(deflated, 1);
  return { B: packed };
}

/**
 * The JSON text of an attribute: a string as it is (written before packing, or never packed), a packed
 * binary unpacked. Undefined when it is neither, or a binary of no known format or that does not inflate.
 */
export function jsonTextOf(value: AttributeValue | undefined): string | undefined {
  if (value?.S !== undefined) return value.S;
  const bytes = value?.B;
  if (!bytes || bytes[0] !== FORMAT_1) return undefined;
  try {
    return inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_1 }).toString('utf8');
  } catch {
    return undefined;
  }
}
