import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { Organisation, Specialist } from '../../../domain/directory/model.ts';
import type { AccessEntry, DirectoryAccessEntry, Notification } from '../../../domain/ports.ts';
import {
  CLOSE_REASONS,
  DECLINE_REASONS,
  OFFER_STATES,
  type Referral,
  SPECIALTIES,
  STAFF_ROLES,
  STATUSES,
  URGENCIES,
} from '../../../domain/referral/model.ts';
import {
  ESCALATION_ACTIONS,
  ESCALATION_KINDS,
  ESCALATION_LEVELS,
  ESCALATION_STATES,
} from '../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { lazySchema } from '../../../events/lazy-schema.ts';
import type { Logger } from '../../ports/logger.ts';
import type { PageSessionRecord } from '../../ports/page-sessions.ts';
import { jsonTextOf } from './packed-json.ts';
import { KEY } from './table.ts';

/*
 * What the stores read back from DynamoDB, decoded at the boundary: each item family's `data` attribute
 * is parsed by its schema here, so the domain never sees a half item dressed as a whole one. A record
 * that does not parse (not JSON, a field missing, a value out of its enum) is a StoredItemError for that
 * one record, logged with its key and the paths at fault, never its content; nothing falls back to a
 * default, and a list that meets one fails whole rather than skip it.
 *
 * The schemas are loose objects: an attribute written by a newer deployment survives being read and
 * written back by an older one during a rollout. Each is typed against its domain model, so a field
 * added to the model and not here fails the typecheck. Each is built on its first decode (lazySchema):
 * a function that never reads a family does not build its schema at its cold start.
 */

/** Instants as stored: with an offset, exactly as written (not rewritten on read). */
const instant = z.iso.datetime({ offset: true });
const id = z.string().check(z.minLength(1));

const actor = lazySchema(() =>
  z.looseObject({ role: z.enum([...STAFF_ROLES, 'specialist', 'system']), id: z.string() }),
);

const offer = lazySchema(() =>
  z.looseObject({
    id,
    specialistId: id,
    sentAt: instant,
    expiresAt: instant,
    state: z.enum(OFFER_STATES),
    answeredAt: z.optional(instant),
    declineReason: z.optional(z.enum(DECLINE_REASONS)),
  }),
);

const hold = lazySchema(() =>
  z.discriminatedUnion('reason', [
    z.looseObject({
      reason: z.literal('more_info'),
      since: instant,
      offerId: id,
      specialistId: id,
      question: z.string(),
      paused: z.optional(z.array(id)),
    }),
    z.looseObject({ reason: z.literal('person_absent'), since: instant }),
  ]),
);

const exchange = lazySchema(() =>
  z.looseObject({
    offerId: id,
    specialistId: id,
    question: z.string(),
    askedAt: instant,
    answer: z.string(),
    answeredAt: instant,
    answeredBy: actor,
    nextOfferId: id,
  }),
);

const timelineEntry = lazySchema(() =>
  z.looseObject({
    at: instant,
    actor,
    action: z.string(),
    detail: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
  }),
);

export const storedReferral: z.ZodMiniType<Referral> = lazySchema(() =>
  z.looseObject({
    id,
    org: id,
    version: z.int().check(z.gte(1)),
    status: z.enum(STATUSES),
    pseudonym: z.string(),
    need: z.looseObject({ specialty: z.enum(SPECIALTIES) }),
    urgency: z.enum(URGENCIES),
    reason: z.string(),
    socialCheckDone: z.boolean(),
    consent: z.looseObject({
      recordedBy: actor,
      at: instant,
      scope: z.literal('share_minimum_with_specialist'),
      withdrawnAt: z.optional(instant),
      withdrawnBy: z.optional(actor),
    }),
    accompaniment: z.looseObject({
      required: z.boolean(),
      accompanierId: z.optional(id),
      meetingPoint: z.optional(z.string()),
      meetingAt: z.optional(instant),
      departedAt: z.optional(instant),
      arrivedAt: z.optional(instant),
    }),
    languages: z.array(z.string()),
    interpreterNeeded: z.boolean(),
    doNotContactDirectly: z.boolean(),
    offers: z.array(offer),
    appointment: z.optional(z.looseObject({ at: instant, place: z.string(), specialistId: id, offerId: id })),
    outcome: z.optional(
      z.looseObject({
        attended: z.boolean(),
        recordedAt: instant,
        recordedBy: actor,
        followUpDueAt: z.optional(instant),
        followUpDone: z.optional(z.looseObject({ at: instant, by: actor, dueAt: instant })),
        note: z.optional(z.string()),
      }),
    ),
    closeReason: z.optional(z.enum(CLOSE_REASONS)),
    advice: z.optional(z.string()),
    hold: z.optional(hold),
    exchanges: z.optional(z.array(exchange)),
    candidatesExhaustedAt: z.optional(instant),
    counts: z.looseObject({ absences: z.int().check(z.gte(0)), noShows: z.int().check(z.gte(0)) }),
    createdAt: instant,
    createdBy: actor,
    updatedAt: instant,
    timeline: z.array(timelineEntry),
  }),
);

const locale = z.enum(['fr', 'en', 'de', 'nl', 'it']);

export const storedSpecialist: z.ZodMiniType<Specialist> = lazySchema(() =>
  z.looseObject({
    id,
    kind: z.enum(['doctor', 'service_desk']),
    displayName: z.string(),
    email: z.string(),
    specialty: z.enum(SPECIALTIES),
    organisation: z.optional(z.string()),
    practice: z.string(),
    country: z.optional(z.string()),
    languages: z.array(z.string()),
    locale,
    active: z.boolean(),
    monthlyQuota: z.number(),
    pausedUntil: z.optional(instant),
    absences: z.optional(z.array(z.looseObject({ from: instant, until: instant }))),
    // Absent on entries from before approvals: approved and confirmed (domain/directory/model.ts).
    approval: z.optional(z.enum(['pending', 'approved'])),
    approvalRequestedBy: z.optional(z.string()),
    addressConfirmed: z.optional(z.boolean()),
    confirmationId: z.optional(z.string()),
    version: z.optional(z.int().check(z.gte(1))),
    createdAt: instant,
    updatedAt: instant,
  }),
);

export const storedOrganisation: z.ZodMiniType<Organisation> = lazySchema(() =>
  z.looseObject({
    id,
    name: z.string(),
    city: z.string(),
    country: z.string(),
    contact: z.looseObject({ email: z.string(), phone: z.optional(z.string()) }),
    locale,
    timeZone: z.optional(z.string()),
    version: z.optional(z.int()),
  }),
);

export const storedEscalation: z.ZodMiniType<BoardEscalation> = lazySchema(() =>
  z.looseObject({
    id,
    referralId: id,
    org: id,
    kind: z.enum(ESCALATION_KINDS),
    level: z.enum(ESCALATION_LEVELS),
    since: instant,
    state: z.enum(ESCALATION_STATES),
    urgency: z.enum(URGENCIES),
    action: z.enum(ESCALATION_ACTIONS),
    version: z.int().check(z.gte(1)),
    raisedAt: instant,
    climbAt: z.optional(instant),
    acknowledgedAt: z.optional(instant),
    acknowledgedBy: z.optional(z.string()),
    resolvedAt: z.optional(instant),
    referral: z.optional(
      z.looseObject({
        specialty: z.enum(SPECIALTIES),
        openedAt: instant,
        appointmentAt: z.optional(instant),
        version: z.int().check(z.gte(1)),
      }),
    ),
  }),
);

export const storedNotification: z.ZodMiniType<Notification> = lazySchema(() =>
  z.looseObject({
    id,
    at: instant,
    kind: z.string(),
    referralId: z.optional(id),
    escalationId: z.optional(id),
    eventId: id,
    read: z.optional(z.boolean()),
  }),
);

/** An access log entry (access-log-store.ts): ids and codes only. */
export const storedAccessEntry: z.ZodMiniType<AccessEntry> = lazySchema(() =>
  z.looseObject({
    referralId: id,
    org: id,
    at: instant,
    actor,
    action: id,
    route: id,
  }),
);

export const storedDirectoryAccessEntry: z.ZodMiniType<DirectoryAccessEntry> = lazySchema(() =>
  z.looseObject({
    specialistId: id,
    org: z.optional(id),
    at: instant,
    actor,
    action: id,
    route: id,
  }),
);

const epochSeconds = z.int().check(z.gte(0));

export const storedPageSession: z.ZodMiniType<PageSessionRecord> = lazySchema(() =>
  z.looseObject({
    sub: id,
    org: id,
    roles: z.array(z.enum(STAFF_ROLES)),
    tokenExpiresAt: epochSeconds,
    openedAt: epochSeconds,
  }),
);

/** An item that does not decode: its key and the paths at fault, never a value it holds. */
export class StoredItemError extends Error {
  override readonly name = 'StoredItemError';
  constructor(
    readonly family: string,
    readonly pk: string,
    readonly sk: string,
    readonly fields: readonly string[],
  ) {
    super(`stored ${family} item ${pk} / ${sk} is unreadable at ${fields.join(', ')}`);
  }
}

/** Where a store reports an unreadable item; the error is thrown all the same. */
export interface DecodeOptions {
  readonly logger?: Logger;
}

type Item = Record<string, AttributeValue>;

const MAX_FIELDS = 10;

/**
 * Throws (and logs) a StoredItemError for `item`, naming the attributes or paths at fault. The log line
 * carries the key, the family and the paths only.
 */
export function unreadable(
  family: string,
  item: Item,
  fields: readonly string[],
  options: DecodeOptions,
): never {
  const err = new StoredItemError(
    family,
    item[KEY.pk]?.S ?? '?',
    item[KEY.sk]?.S ?? '?',
    fields.slice(0, MAX_FIELDS),
  );
  options.logger?.error('stored item unreadable', {
    family,
    pk: err.pk,
    sk: err.sk,
    fields: err.fields,
  });
  throw err;
}

/** Decodes the JSON `attribute` (by default `data`) of one item with `schema`, or throws. */
export function decodeItem<T>(
  schema: z.ZodMiniType<T>,
  family: string,
  item: Item,
  options: DecodeOptions,
  attribute = 'data',
): T {
  return validate(schema, family, item, options, attribute, parseAttribute(family, item, options, attribute));
}

/**
 * As decodeItem, then `open` decrypts the sealed values (crypto/referral-fields.ts) of the decoded
 * record, in place. A value that does not open (an error with a `path`) is reported like any unreadable
 * field, by its path (`data.reason`), never its content; any other failure (KMS unreachable) is thrown
 * as it is.
 */
export async function decodeSealedItem<T>(
  schema: z.ZodMiniType<T>,
  family: string,
  item: Item,
  options: DecodeOptions,
  open: (raw: unknown) => Promise<unknown>,
  attribute = 'data',
): Promise<T> {
  // Checked before opening (a sealed value is a string like any other): a record broken in its shape is
  // reported by the paths at fault, and only a whole one is decrypted.
  const decoded = validate(
    schema,
    family,
    item,
    options,
    attribute,
    parseAttribute(family, item, options, attribute),
  );
  try {
    return (await open(decoded)) as T;
  } catch (err) {
    const path = (err as { path?: unknown }).path;
    if (typeof path !== 'string') throw err;
    return unreadable(family, item, [`${attribute}.${path}`], options);
  }
}

function parseAttribute(family: string, item: Item, options: DecodeOptions, attribute: string): unknown {
  // A JSON string, or the same packed (packed-json.ts): items written before packing read as they are.
  const text = jsonTextOf(item[attribute]);
  if (text === undefined) return unreadable(family, item, [attribute], options);
  try {
    return JSON.parse(text);
  } catch {
    return unreadable(family, item, [attribute], options);
  }
}

function validate<T>(
  schema: z.ZodMiniType<T>,
  family: string,
  item: Item,
  options: DecodeOptions,
  attribute: string,
  raw: unknown,
): T {
  const result = z.safeParse(schema, raw);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => [attribute, ...i.path.map((p) => String(p))].join('.'));
  return unreadable(family, item, [...new Set(fields)], options);
}
