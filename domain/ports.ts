import type { RelaisEvent } from '../events/catalog.ts';
import type { Specialist } from './directory/model.ts';
import type { Instant, Referral, Specialty } from './referral/model.ts';

/*
 * Ports: the narrow interfaces the domain and the use cases need from the outside world. Adapters in
 * functions/adapters and local/ implement them; no port imports its adapter.
 */

/** The clock is injected so that timers and tests control time (`POST /dev/clock` locally). */
export interface Clock {
  now(): Date;
}

/** What a transition needs besides the referral: when, who, and fresh ids. */
export interface TransitionContext {
  readonly now: Instant;
  readonly actor: import('./referral/model.ts').Actor;
  readonly newId: () => string;
}

/** The result of a transition: the new state and the events it produced (empty when nothing changed). */
export interface Transition {
  readonly referral: Referral;
  readonly events: readonly RelaisEvent[];
}

export interface ReferralPage {
  readonly items: readonly Referral[];
  readonly nextCursor?: string;
}

/**
 * The parts of a referral stored encrypted (its pseudonym and free text; `exchanges` are the questions
 * and answers). A read may name the ones its caller may see: the others are not decrypted and read as
 * the empty string. The write path always reads them all.
 */
export const REFERRAL_SEALED_FIELDS = [
  'pseudonym',
  'reason',
  'accompaniment.meetingPoint',
  'appointment.place',
  'outcome.note',
  'advice',
  'hold.question',
  'exchanges',
] as const;
export type ReferralSealedField = (typeof REFERRAL_SEALED_FIELDS)[number];

/** How a referral is read: which sealed fields to reveal (all by default). */
export interface ReferralReadOptions {
  readonly reveal?: readonly ReferralSealedField[];
  /**
   * False: an eventually consistent read (half the read units), for a reader that checks what it read
   * is recent enough (a consumer, against its event: functions/consumers/referral-of-event.ts).
   * Strongly consistent by default.
   */
  readonly consistent?: boolean;
}

/**
 * A write's own entry in the access log, carried by the write itself (functions/lib/access-recording.ts):
 * its first event already says whose change it is, when and what; this adds through which route. The
 * log takes it from the table's stream, as the bus takes the events (functions/publish).
 */
export interface ChangeOnRecord {
  /** `POST /v1/referrals/{id}/arrived`: the route as declared, as in {@link AccessEntry}. */
  readonly route: string;
}

export interface ReferralStore {
  /**
   * Creates a referral with its events; refuses (conflict) when the id exists. `onRecord`: the change's
   * access entry rides on the write (see {@link ChangeOnRecord}).
   */
  create(t: Transition, onRecord?: ChangeOnRecord): Promise<void>;
  get(id: string, options?: ReferralReadOptions): Promise<Referral | undefined>;
  /**
   * `r` as this store read it (get or a list, with `reveal`), with `fields` of its sealed fields opened:
   * from the item already read, no second read. Deciding what a caller may see needs no sealed field,
   * so a read opens nothing first, then only what the caller's view shows.
   */
  reveal(r: Referral, fields: readonly ReferralSealedField[]): Promise<Referral>;
  /**
   * Writes a transition on the version it was computed from; `conflict` when the version moved. `read`:
   * the referral as this store read it, that the transition was decided from (what the change left as
   * it was need not be encoded again). `onRecord`: as for `create`.
   */
  save(t: Transition, expectedVersion: number, read?: Referral, onRecord?: ChangeOnRecord): Promise<void>;
  listByOrg(
    org: string,
    q: { status?: string; pseudonym?: string; cursor?: string; limit: number } & ReferralReadOptions,
  ): Promise<ReferralPage>;
  /**
   * An accompanier's accompaniments whose appointment is at or after `from`, soonest first (a Query on
   * the accompanier index; closed ones included, the caller filters).
   */
  listByAccompanier(
    accompanierId: string,
    q: { from: Instant; cursor?: string; limit: number } & ReferralReadOptions,
  ): Promise<ReferralPage>;
  /**
   * Scheduled referrals of an organisation that need an accompanier and have none yet, whose appointment
   * is after `after`, soonest first: what an accompanier may take (a Query on the organisation's
   * scheduled ones).
   */
  listNeedingAccompanier(
    org: string,
    q: { after: Instant; limit: number } & ReferralReadOptions,
  ): Promise<readonly Referral[]>;
}

export interface SpecialistStore {
  get(id: string): Promise<Specialist | undefined>;
  /**
   * Writes the item as it is, claiming no email (seeding the demo network, test fixtures): entries of
   * the directory API go through `create`.
   */
  put(s: Specialist): Promise<void>;
  /**
   * Adds a new entry together with the claim on its email (unique in the network, case-insensitive), in
   * one write: `exists` when an entry has this id already (an Idempotency-Key repeated), a `conflict`
   * naming `email` when another specialist holds the address; nothing is written then.
   */
  create(s: Specialist, events?: readonly RelaisEvent[]): Promise<'created' | 'exists'>;
  /**
   * Writes a change of an existing item only if it is still at `expectedVersion` (an item never
   * versioned is at 1): otherwise a `conflict`, as for a referral. Given the email the entry had, a
   * change of address moves its claim in the same write (a `conflict` naming `email` when taken).
   * `events` (create too) ride on the entry's item and are published from it, as a referral's.
   */
  save(
    s: Specialist,
    expectedVersion: number,
    previousEmail?: string,
    events?: readonly RelaisEvent[],
  ): Promise<void>;
  /** Every specialist of a specialty (a Query on the specialty index, not a Scan). */
  listBySpecialty(specialty: Specialty): Promise<readonly Specialist[]>;
  list(q: { cursor?: string; limit: number; specialty?: Specialty }): Promise<{
    items: readonly Specialist[];
    nextCursor?: string;
  }>;
}

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments?: readonly { filename: string; contentType: string; content: string }[];
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface EventBus {
  publish(events: readonly RelaisEvent[]): Promise<void>;
}

export interface OrganisationStore {
  get(id: string): Promise<import('./directory/model.ts').Organisation | undefined>;
  /** Writes the organisation whatever is there (setup scripts, seeds). */
  put(o: import('./directory/model.ts').Organisation): Promise<void>;
  /**
   * Adds a new organisation; when its id is taken, nothing is written and the one there is returned,
   * with the Idempotency-Key it was created with, if any.
   */
  create(
    o: import('./directory/model.ts').Organisation,
    idempotencyKey?: string,
  ): Promise<
    | { readonly created: true }
    | {
        readonly created: false;
        readonly existing: import('./directory/model.ts').Organisation;
        readonly idempotencyKey?: string;
      }
  >;
  /** Replaces the organisation if it is still at `expectedVersion`; false when it moved meanwhile. */
  replace(o: import('./directory/model.ts').Organisation, expectedVersion: number): Promise<boolean>;
  /** Every organisation, by id, a page at a time. */
  list(q: { readonly cursor?: string; readonly limit: number }): Promise<{
    readonly items: readonly import('./directory/model.ts').Organisation[];
    readonly nextCursor?: string;
  }>;
}

/** An item of a staff member's in-app feed: what happened to which referral, never health data. */
export interface Notification {
  readonly id: string;
  readonly at: import('./referral/model.ts').Instant;
  /** What happened, as a code: `outcome_recorded`, `appointment_scheduled`, `info_requested`, `escalation` … */
  readonly kind: string;
  readonly referralId?: string;
  readonly escalationId?: string;
  /** The event that caused it: a notification is written once per event and recipient. */
  readonly eventId: string;
  readonly read?: boolean;
}

/**
 * Who a notification is for: one staff member by `sub`, or a group of staff who are not known one by
 * one (Relais keeps no staff list: "the coordinators of mdm-lu", "the network coordinators").
 */
export type NotificationRecipient =
  | { readonly sub: string; readonly org: string }
  | { readonly group: string; readonly org: string };

/** One feed item and the feed it goes to. */
export interface NotificationTo {
  readonly recipient: NotificationRecipient;
  readonly n: Notification;
}

export interface NotificationStore {
  /** Adds to a feed; adding the same event twice for the same recipient is a no-op. */
  add(recipient: NotificationRecipient, n: Notification): Promise<void>;
  /**
   * Adds the items an event sends to several feeds at once (each a no-op when repeated): the items of
   * one referral and event share what erasure needs to find them (one pointer, not one per item).
   */
  addAll(notes: readonly NotificationTo[]): Promise<void>;
  /**
   * A staff member's own feed (theirs within their organisation: feeds are keyed by organisation and
   * `sub`) merged with their groups' feeds, newest first; an event that reached them through two feeds
   * is shown once.
   */
  list(
    reader: { readonly sub: string; readonly org: string; readonly groups?: readonly string[] },
    q: { cursor?: string; limit: number },
  ): Promise<{ items: readonly Notification[]; nextCursor?: string }>;
}

/**
 * One entry of a referral's access log: who read or changed it, when, what and through which route.
 * Ids and codes only, never free text or a pseudonym, so the log may outlive the referral (an erasure
 * leaves its own entry behind). Entries are only ever added: nobody changes or deletes one.
 */
export interface AccessEntry {
  readonly referralId: string;
  /** The referring organisation: its coordinators read the log. */
  readonly org: string;
  readonly at: Instant;
  readonly actor: import('./referral/model.ts').Actor;
  /** What was done: `read`, `listed`, an action of the timeline (`closed` …), `erased`. */
  readonly action: string;
  /** Through which route: `GET /v1/referrals/{id}`, `GET /app/referrals/{id}`, `sweep` … */
  readonly route: string;
}

export interface AccessLog {
  /** Adds entries (several at once for a list read); never overwrites one. */
  record(entries: readonly AccessEntry[]): Promise<void>;
  /**
   * Records the entry a write carried (`ChangeOnRecord`), under `id` (the write's first event's): the
   * same write's entry recorded again (its stream record delivered twice) adds nothing.
   */
  recordOnce(entry: AccessEntry, id: string): Promise<void>;
  /** A referral's entries, newest first. */
  list(
    referralId: string,
    q: { cursor?: string; limit: number },
  ): Promise<{ items: readonly AccessEntry[]; nextCursor?: string }>;
}

/**
 * One entry of a directory entry's log: who changed a specialist (or read that log), when, what and
 * through which route. Kept beside the referrals' logs, with the same rules: ids and codes only, only
 * ever added.
 */
export interface DirectoryAccessEntry {
  readonly specialistId: string;
  /** The organisation the specialist belongs to, when one does: its coordinators read the log. */
  readonly org?: string;
  readonly at: Instant;
  readonly actor: import('./referral/model.ts').Actor;
  /** `specialist.created`, `specialist.changed`, `access_log.read` … */
  readonly action: string;
  /** `PATCH /v1/specialists/{id}` … */
  readonly route: string;
}

/** The directory's log: a specialist's entries, newest first. A port beside AccessLog, left as it is. */
export interface DirectoryAccessLog {
  record(entries: readonly DirectoryAccessEntry[]): Promise<void>;
  list(
    specialistId: string,
    q: { cursor?: string; limit: number },
  ): Promise<{ items: readonly DirectoryAccessEntry[]; nextCursor?: string }>;
}
