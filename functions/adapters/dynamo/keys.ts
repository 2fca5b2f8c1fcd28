import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { normalisedEmail } from '../../../domain/directory/model.ts';
import { FINAL_STATUSES, type Status } from '../../../domain/referral/model.ts';
import { DUE_SHARDS, KEY } from './table.ts';

/*
 * The key of every item family on the single table, in one place (table.ts lists the families). Stores
 * build keys only through these, so a family's shape cannot drift between its writer and its readers,
 * and a corrupt item is reported by the same key it was written under.
 */

export type ItemKey = Record<typeof KEY.pk | typeof KEY.sk, AttributeValue.SMember>;

const itemKey = (pk: string, sk: string): ItemKey => ({ [KEY.pk]: { S: pk }, [KEY.sk]: { S: sk } });

/** `REF#<id>` / `REF`: a referral. */
export const referralKey = (id: string): ItemKey => itemKey(`REF#${id}`, 'REF');

/** `SPEC#<id>` / `SPEC`: a specialist of the directory. */
export const specialistKey = (id: string): ItemKey => itemKey(`SPEC#${id}`, 'SPEC');

/**
 * `EMAIL#<address, trimmed and lower-cased>` / `EMAIL`: the claim of the specialist holding an email,
 * written with the entry so that no two specialists share an address (a released claim is free again).
 */
const EMAIL_PREFIX = 'EMAIL#';
export const emailClaimKey = (email: string): ItemKey =>
  itemKey(`${EMAIL_PREFIX}${normalisedEmail(email)}`, 'EMAIL');

/** `ORG#<id>` / `ORG`: an organisation of the network. */
export const organisationKey = (id: string): ItemKey => itemKey(`ORG#${id}`, 'ORG');

/**
 * `ORGS` / `ORG#<id>`: an organisation's entry in the list of the network's organisations, a copy written
 * with the organisation itself (organisation-store.ts).
 */
export const ORGANISATION_LIST = 'ORGS';
export const ORGANISATION_ENTRY_PREFIX = 'ORG#';
export const organisationEntryKey = (id: string): ItemKey =>
  itemKey(ORGANISATION_LIST, `${ORGANISATION_ENTRY_PREFIX}${id}`);

/** `STAFF#<org>` / `SUB#<sub>`: a staff member as last seen signing in (staff-seen-store.ts). */
export const staffSeenPartition = (org: string): string => `STAFF#${encodeURIComponent(org)}`;
export const STAFF_SEEN_PREFIX = 'SUB#';
export const staffSeenKey = (org: string, sub: string): ItemKey =>
  itemKey(staffSeenPartition(org), `${STAFF_SEEN_PREFIX}${sub}`);

/** `ESC#<id>` / `ESC`: an escalation on its organisation's board. */
export const escalationKey = (id: string): ItemKey => itemKey(`ESC#${id}`, 'ESC');
/** `ESC#<id>` / `NET`: its mirror on the network board. */
export const escalationMirrorKey = (id: string): ItemKey => itemKey(`ESC#${id}`, 'NET');

/** `LOAD#<specialistId>` / `LOAD`: a specialist's load projection. */
export const LOAD_PREFIX = 'LOAD#';
export const specialistLoadKey = (specialistId: string): ItemKey =>
  itemKey(`${LOAD_PREFIX}${specialistId}`, 'LOAD');

/** `OFFERMAIL#<offerId>` / `OFFERMAIL`: the email of this offer went out (TTL; offer-mails.ts). */
export const offerMailKey = (offerId: string): ItemKey => itemKey(`OFFERMAIL#${offerId}`, 'OFFERMAIL');

/** `SEEN#<consumer>#<eventId>` / `SEEN`: a consumer's claim on an event. */
export const seenEventKey = (consumer: string, eventId: string): ItemKey =>
  itemKey(`SEEN#${consumer}#${eventId}`, 'SEEN');

/**
 * `SESSION#<digest>` / `SESSION`: a staff page session (TTL), keyed by the SHA-256 of its id (base64url),
 * so that whoever reads the table learns no cookie that would sign them in.
 */
export const pageSessionKey = (digest: string): ItemKey => itemKey(`SESSION#${digest}`, 'SESSION');

/**
 * `SESSION#FLOW#<digest>` / `SIGNIN`: a sign-in with the identity provider under way (TTL, minutes),
 * keyed like a session by the digest of the id its browser holds. Under `SESSION#` so that the api's
 * confined Update (infra/table-access.ts) covers it and nothing else.
 */
export const signInFlowKey = (digest: string): ItemKey => itemKey(`SESSION#FLOW#${digest}`, 'SIGNIN');

/**
 * `LINKPOST#<jti>` / `WINDOW#<start>`: how many times a link token was POSTed in the window starting at
 * `start` (epoch seconds), a counter with a TTL (link-post-limit.ts). A new window is a new item, so a
 * count never has to be reset.
 */
export const LINK_POST_PREFIX = 'LINKPOST#';
export const linkPostKey = (jti: string, windowStart: number): ItemKey =>
  itemKey(`${LINK_POST_PREFIX}${jti}`, `WINDOW#${windowStart}`);

/**
 * A staff member's feed (`USER#<org>#<sub>`) or a group's (`GROUP#<name>`): no `sub` can name a group,
 * and a staff member's feed is theirs within their organisation only, so a token of another
 * organisation carrying the same `sub` (another issuer, a move) reads nothing of it.
 */
export const feedPartition = (
  recipient: { readonly sub: string; readonly org: string } | { readonly group: string },
): string =>
  'group' in recipient
    ? `GROUP#${recipient.group}`
    : `USER#${encodeURIComponent(recipient.org)}#${recipient.sub}`;
/** Sort keys of feed items start with this: `NOTE#<at>#<eventId>`. */
export const NOTE_PREFIX = 'NOTE#';
export const notificationKey = (
  recipient: { readonly sub: string; readonly org: string } | { readonly group: string },
  at: string,
  eventId: string,
): ItemKey => itemKey(feedPartition(recipient), `${NOTE_PREFIX}${at}#${eventId}`);

/**
 * The access logs (access-log-store.ts): a referral's under `ACCESS#REF#<id>`, a specialist's under
 * `ACCESS#SPEC#<id>` (two prefixes, so no id of one names the other's log), each entry at
 * `AT#<at>#<unique>`: the time first, so a Query reads a log newest first; a unique id last, so two
 * entries at the same instant are two items and no write lands on another.
 */
export const ACCESS_PREFIX = 'ACCESS#';
export const ACCESS_ENTRY_PREFIX = 'AT#';
export const referralAccessPartition = (referralId: string): string => `${ACCESS_PREFIX}REF#${referralId}`;
export const specialistAccessPartition = (specialistId: string): string =>
  `${ACCESS_PREFIX}SPEC#${specialistId}`;
export const accessEntryKey = (partition: string, at: string, unique: string): ItemKey =>
  itemKey(partition, `${ACCESS_ENTRY_PREFIX}${at}#${unique}`);

/** The yearly counters of one organisation, from before issue 15 (read, no longer written). */
export const statsOrgKey = (org: string, year: number): ItemKey => itemKey(`STATS#${org}#${year}`, 'STATS');
/** One shard of the network's yearly counters, from before issue 15 (read, no longer written). */
export const statsNetworkKey = (year: number, shard: number): ItemKey =>
  itemKey(`STATS#NETWORK#${year}#${shard}`, 'STATS');
/** The partition of an organisation-year's referral rows (stats-store.ts), one Query for the year. */
export const statsReferralPartition = (org: string, year: number): string => `STATSREF#${org}#${year}`;
/** One referral's row of an organisation-year, by the keyed hash of its id (never the id). */
export const statsReferralKey = (org: string, year: number, hash: string): ItemKey =>
  itemKey(statsReferralPartition(org, year), hash);
/** The partition listing the organisations that have referral rows in a year. */
export const statsOrgsPartition = (year: number): string => `STATSORGS#${year}`;
/** An organisation's entry in a year's list of organisations with referral rows. */
export const statsOrgsKey = (year: number, org: string): ItemKey => itemKey(statsOrgsPartition(year), org);
/** The hashing key of an organisation-year (`<org>#<year>`). */
export const statsSaltKey = (orgYear: string): ItemKey => itemKey(`STATSSALT#${orgYear}`, 'SALT');

/**
 * `KEYRING#<org>` / `V#<version, 6 digits>`: one version of an organisation's data key, wrapped
 * (key-ring.ts). Zero-padded so the latest version sorts last.
 */
export const KEY_RING_PREFIX = 'KEYRING#';
export const keyRingKey = (org: string, version: number): ItemKey =>
  itemKey(`${KEY_RING_PREFIX}${org}`, `V#${String(version).padStart(6, '0')}`);

/**
 * The byOrgStatus partition of a referral in `status`: `<org>#closed` once it is closed, `<org>#active`
 * before. A class rather than the status, so that the index key moves twice in a referral's life (it
 * enters the index, it closes) rather than at every change of status (2 write units each); a list by one
 * status reads its class's partition and keeps that status (referral-store.ts). The active partition
 * holds the work in progress, which stays small beside the closed history. Chosen on figures over
 * projecting `status` into byOrg and filtering it: 3 index units per accompanied lifecycle (1 entering,
 * 2 closing) against 5 (1 per change of status), and a list of one active status reads the active
 * referrals rather than the organisation's whole history (a filter pays for all it reads).
 */
export const orgStatusPartition = (org: string, status: string): string =>
  `${org}#${FINAL_STATUSES.includes(status as Status) ? 'closed' : 'active'}`;

/** The due index's partition of shard `n`: `DUE#n`. */
export const duePartition = (shard: number): string => `DUE#${shard}`;
/** The due index's sort key of a referral due at `at`: `<at>#<id>`. */
export const referralDueSk = (at: string, id: string): string => `${at}#${id}`;
/** The due index's sort key of an escalation that climbs at `climbAt`: `<climbAt>#ESC#<id>`. */
export const escalationDueSk = (climbAt: string, id: string): string => `${climbAt}#ESC#${id}`;

/** Spreads due items over DUE_SHARDS partitions, stable per id. */
export function shardOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % DUE_SHARDS;
}

/**
 * `REF#<id>` / `ERASE`: a referral held for erasure, in the due index at `<at>#ERASE#<id>` so the sweep
 * finds it (erasure-store.ts).
 */
export const erasureMarkerKey = (referralId: string): ItemKey => itemKey(`REF#${referralId}`, 'ERASE');
export const erasureDueSk = (at: string, referralId: string): string => `${at}#ERASE#${referralId}`;

/**
 * `REF#<id>` / `TRACE#<digest>`: a pointer, in the referral's own partition, to an item derived from it
 * elsewhere (a feed item), so that its erasure finds it with one Query and no Scan. The digest (SHA-256
 * of the target's key) keeps the pointer's own key free of whose feed it was.
 */
export const TRACE_PREFIX = 'TRACE#';
export const traceKey = (referralId: string, digest: string): ItemKey =>
  itemKey(`REF#${referralId}`, `${TRACE_PREFIX}${digest}`);
