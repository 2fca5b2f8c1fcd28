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
 * Items written before (`data` a JSON string, or an older format) still read as they are: a reader takes
 * every form (stored.ts), and an item is packed in the newest format the next time it is written. Format
 * 2 (a dictionary laid out as the record and its events serialise) and format 3 (the outbox packed beside
 * the record, outbox.ts) keep a referral's item, events included, under 1 KB through a whole lifecycle
 * (test/integration/adapters/referral-item-size.test.ts): one write unit per transition.
 */

/** The first byte of a value packed in format 1 (written until format 2): raw DEFLATE with {@link DICTIONARY_1}. */
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

/** The first byte of a packed value: raw DEFLATE with {@link DICTIONARY_2}. */
const FORMAT_2 = 2;

/**
 * The first byte of a value packed beside a record: raw DEFLATE with {@link DICTIONARY_2} followed by
 * that record's JSON text (the item's `data` unpacked), which its reader must hand back. A referral's
 * outbox is packed so: its events repeat the record's last timeline entries, ids and codes, which then
 * cost a few bytes of back-references rather than their length.
 */
const FORMAT_3 = 3;

/**
 * What formats 2 and 3 are primed with: the JSON a referral and its events serialise to, in their key
 * order, with the ids, instants and sealed values left out, and no year (a dictionary outlives it).
 * NEVER change it either; a better one is format 4. The commonest strings come last.
 */
const DICTIONARY_2 = Buffer.from(
  [
    '"closeReason":"returned_with_advice","lost_contact","withdrawn","cancelled","completed"',
    '"declineReason":"no_capacity","not_my_specialty","dates_impossible","needs_documents"',
    '"hold":{"reason":"person_absent","since":"',
    '"hold":{"reason":"more_info","since":"","offerId":"","specialistId":"","question":"enc1.',
    '"exchanges":[{"offerId":"","specialistId":"","question":"enc1.","askedAt":"","answer":"enc1.","answeredAt":"","answeredBy":{"role":"social_worker","id":""},"nextOfferId":"',
    '"candidatesExhaustedAt":"',
    '"advice":"enc1.',
    '"meetingPoint":"enc1.","meetingAt":"',
    '"followUpDueAt":"","followUpDone":{"at":"","by":{"role":"social_worker","id":""},"dueAt":"',
    '"note":"enc1.',
    '{"at":"","actor":{"role":"system","id":"relais"},"action":"offer.expired","detail":{"offerId":"","specialistId":""}}',
    '{"at":"","actor":{"role":"specialist","id":""},"action":"offer.declined","detail":{"offerId":"","specialistId":"","reason":"no_capacity"}}',
    '{"at":"","actor":{"role":"coordinator","id":""},"action":"escalation.raised","detail":{"escalationId":"","kind":"","level":1}}',
    '{"at":"","actor":{"role":"social_worker","id":""},"action":"referral.amended","detail":{"fields":"',
    '{"at":"","actor":{"role":"specialist","id":""},"action":"appointment.rescheduled","detail":{"offerId":"","specialistId":"","at":"',
    '{"at":"","actor":{"role":"accompanier","id":""},"action":"person.absent","detail":{}}',
    '"withdrawnAt":"","withdrawnBy":{"role":"social_worker","id":""}',
    '"status":"open","status":"on_hold","status":"no_show","status":"attended","status":"closed"',
    '"urgency":"soon","urgency":"urgent","interpreterNeeded":true,"doNotContactDirectly":true,',
    '"state":"declined","answeredAt":"","declineReason":"","state":"expired","answeredAt":"',
    '{"id":"","type":"referral.closed","version":1,"at":"","referralId":"","org":"","actor":{"role":"coordinator","id":""},"data":{"reason":"completed"}}',
    '{"id":"","type":"outcome.recorded","version":1,"at":"","referralId":"","org":"","actor":{"role":"accompanier","id":""},"data":{"attended":true}}',
    '{"id":"","type":"accompaniment.assigned","version":1,"at":"","referralId":"","org":"","actor":{"role":"coordinator","id":""},"data":{"accompanierId":""}}',
    '{"id":"","type":"appointment.scheduled","version":1,"at":"","referralId":"","org":"","actor":{"role":"specialist","id":""},"data":{"offerId":"","specialistId":"","at":""}}',
    '{"id":"","type":"offer.withdrawn","version":1,"at":"","referralId":"","org":"","actor":{"role":"specialist","id":""},"data":{"offerId":"","specialistId":"","why":"taken"}}',
    '[{"id":"","type":"referral.opened","version":1,"at":"","referralId":"","org":"","actor":{"role":"social_worker","id":""},"data":{"specialty":"ophthalmology","urgency":"routine","accompanimentRequired":true}}',
    ',{"id":"","type":"offer.sent","version":1,"at":"","referralId":"","org":"","actor":{"role":"social_worker","id":""},"data":{"offerId":"","specialistId":"","expiresAt":""}}]',
    '{"id":"","org":"","version":1,"status":"offered","pseudonym":"enc1.1.","need":{"specialty":"ophthalmology"},"urgency":"routine","reason":"enc1.1.',
    '","socialCheckDone":true,"consent":{"recordedBy":{"role":"social_worker","id":""},"at":"","scope":"share_minimum_with_specialist"},',
    '"accompaniment":{"required":true,"accompanierId":"","departedAt":"","arrivedAt":""},"languages":["fr"],"interpreterNeeded":false,"doNotContactDirectly":false,',
    '"offers":[{"id":"","specialistId":"","sentAt":"","expiresAt":"","state":"pending"},{"id":"","specialistId":"","sentAt":"","expiresAt":"","state":"accepted","answeredAt":""},{"id":"","specialistId":"","sentAt":"","expiresAt":"","state":"withdrawn"}],',
    '"appointment":{"at":"","place":"enc1.1.","specialistId":"","offerId":""},',
    '"outcome":{"attended":true,"recordedAt":"","recordedBy":{"role":"accompanier","id":""}},',
    '"counts":{"absences":0,"noShows":0},"createdAt":"","createdBy":{"role":"social_worker","id":""},"updatedAt":"",',
    '"timeline":[{"at":"","actor":{"role":"social_worker","id":""},"action":"referral.opened","detail":{"specialty":"ophthalmology","urgency":"routine","accompanimentRequired":true}},',
    '{"at":"","actor":{"role":"social_worker","id":""},"action":"offer.sent","detail":{"offerId":"","specialistId":"","expiresAt":""}},',
    '{"at":"","actor":{"role":"specialist","id":""},"action":"appointment.scheduled","detail":{"offerId":"","specialistId":"","at":""}},',
    '{"at":"","actor":{"role":"specialist","id":""},"action":"offer.withdrawn","detail":{"offerId":"","specialistId":"","why":"taken"}},',
    '{"at":"","actor":{"role":"accompanier","id":""},"action":"accompaniment.assigned","detail":{"accompanierId":""}},',
    '{"at":"","actor":{"role":"accompanier","id":""},"action":"accompaniment.departed","detail":{"accompanierId":""}},',
    '{"at":"","actor":{"role":"accompanier","id":""},"action":"accompaniment.arrived","detail":{"accompanierId":""}},',
    '{"at":"","actor":{"role":"accompanier","id":""},"action":"outcome.recorded","detail":{"attended":true}},',
    '{"at":"","actor":{"role":"coordinator","id":""},"action":"referral.closed","detail":{"reason":"completed"}}],"closeReason":"completed"}',
    ':00.000Z","',
  ].join(''),
);

const deflated = (text: string, format: number, dictionary: Buffer): AttributeValue => {
  const body = deflateRawSync(Buffer.from(text), { level: 9, dictionary });
  const packed = new Uint8Array(body.length + 1);
  packed[0] = format;
  packed.set(body, 1);
  return { B: packed };
};

/** The dictionary of format 3: DICTIONARY_2, then the record the value was packed beside. */
const besideDictionary = (record: string) => Buffer.concat([DICTIONARY_2, Buffer.from(record)]);

/** The record as a packed binary attribute (format 2). */
export function packJson(value: unknown): AttributeValue {
  return packJsonText(JSON.stringify(value));
}

/**
 * A record packed in format 1, as Relais wrote it before format 2: never for a new write, only for the
 * tests that show such items still read.
 */
export function packJsonAsFormat1(value: unknown): AttributeValue {
  return deflated(JSON.stringify(value), FORMAT_1, DICTIONARY_1);
}

/** A record's JSON text as a packed binary attribute (format 2). */
export function packJsonText(text: string): AttributeValue {
  return deflated(text, FORMAT_2, DICTIONARY_2);
}

/**
 * `value` packed beside a record whose JSON text is `record` (format 3): read back only with that text.
 * Written in the same item as the record, so that every reader of the item holds both.
 */
export function packJsonBeside(value: unknown, record: string): AttributeValue {
  return deflated(JSON.stringify(value), FORMAT_3, besideDictionary(record));
}

/** An attribute value as the SDK reads it, or as a Lambda stream event carries it (binary in base64). */
export type StoredValue = { readonly S?: string; readonly B?: Uint8Array | string };

/**
 * The JSON text of an attribute: a string as it is (written before packing, or never packed), a packed
 * binary unpacked (formats 1 and 2; format 3 with the JSON text of the record it was packed beside).
 * Undefined when it is none of them, or a binary of no known format or that does not inflate.
 */
export function jsonTextOf(value: StoredValue | undefined, beside?: string): string | undefined {
  if (value?.S !== undefined) return value.S;
  // A stream record as Lambda delivers it carries binaries in base64; the SDK hands them over as bytes.
  const bytes = typeof value?.B === 'string' ? Buffer.from(value.B, 'base64') : value?.B;
  const dictionary =
    bytes?.[0] === FORMAT_1
      ? DICTIONARY_1
      : bytes?.[0] === FORMAT_2
        ? DICTIONARY_2
        : bytes?.[0] === FORMAT_3 && beside !== undefined
          ? besideDictionary(beside)
          : undefined;
  if (!bytes || !dictionary) return undefined;
  try {
    return inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8');
  } catch {
    return undefined;
  }
}
