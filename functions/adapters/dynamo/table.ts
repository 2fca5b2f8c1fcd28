/**
 * The one definition of Relais's single table: keys, indexes, stream and TTL. The CDK stack (infra/)
 * and the local runtime (local/) both build the table from this, and the adapters import the same
 * names, so the table and the code cannot drift.
 *
 * Item families (pk / sk), their keys built in keys.ts and their `data` decoded by stored.ts:
 *   REF#<id> / REF                referral aggregate (data: JSON packed, packed-json.ts; outbox of the last
 *                                 transition, packed beside it, outbox.ts)
 *   SPEC#<id> / SPEC              specialist of the directory
 *   EMAIL#<email> / EMAIL         a specialist's claim on their email (unique in the network)
 *   ORG#<id> / ORG                organisation of the network
 *   IDEM#<org>#<key> / IDEM       Idempotency-Key record (TTL)
 *   SEEN#<consumer>#<eventId> / SEEN   consumer de-duplication (TTL; none for idempotent consumers)
 *   ESC#<id> / ESC (and / NET)    escalation (board), and its mirror on the network board
 *   USER#<org>#<sub> / NOTE#<at>#<id>   a staff member's notification feed (GROUP#<name> for a group's)
 *   LOAD#<specialistId> / LOAD    a specialist's load projection
 *   SESSION#<sha256(id)> / SESSION   a staff page session (TTL; page-session-store.ts)
 *   LINKPOST#<jti> / WINDOW#<start>   a link's POSTs in a window (TTL; link-post-limit.ts)
 *   OFFERMAIL#<offerId> / OFFERMAIL   the email of this offer went out (TTL; offer-mails.ts)
 *   STATSREF#<org>#<year> / <hash>   one referral's stats facts of a year, by a keyed hash of its id (stats-store.ts)
 *   STATSORGS#<year> / <org>      an organisation with stats rows that year; STATSSALT#<org>#<year> / SALT its key (TTL)
 *   STATS…                        yearly counters and their markers from before issue 15 (read, never written)
 *   ACCESS#REF#<id> / AT#<at>#<unique>    a referral's access log, only ever added to (TTL; access-log-store.ts)
 *   ACCESS#SPEC#<id> / AT#<at>#<unique>   a specialist's (the directory's) access log, likewise
 *   KEYRING#<org> / V#<version>   a data key of an organisation (or of the service, `#cursor`), wrapped
 *                                 by KMS or the local key file, never in clear (key-ring.ts)
 *   REF#<id> / TRACE#<digest>     a pointer to a feed item about the referral, for its erasure (TTL)
 *   <any erased key>, type erased a tombstone: the key alone, so a late event cannot bring it back (TTL)
 *   USER#<org>#<sub> / READS#UPTO, READ#<id>   what a staff member has read of their feeds (TTL)
 *   ORGS / ORG#<id>               an organisation's entry in the list of the network's organisations
 *   STAFF#<org> / SUB#<sub>       a staff member as last seen signing in (TTL; staff-seen-store.ts)
 *   CKPT#<shardId> / CKPT         local stream reader checkpoint (local runtime only)
 */

export const KEY = { pk: 'pk', sk: 'sk' } as const;

/** Attribute holding an epoch-seconds expiry; DynamoDB deletes expired items. */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface IndexDefinition {
  readonly name: string;
  readonly pk: string;
  readonly sk: string;
  /**
   * What the index holds besides its keys and the table's: nothing (`keys`, the default: a write that
   * moves no key of the index costs the index nothing, and a list reads its items by BatchGetItem,
   * batch-get.ts), the attributes named, or `all` (every write of an item in the index is paid again).
   */
  readonly projection?: 'keys' | 'all' | { readonly include: readonly string[] };
}

/**
 * Global secondary indexes, named for the access pattern they serve. The referral indexes project keys
 * only: a referral is written at every transition and its item is the largest, so an index holding a
 * copy of it would be paid at every write; a list reads the page's items in one BatchGetItem instead.
 */
export const INDEX = {
  /** A organisation's referrals, newest first: pk `<org>`, sk `<createdAt>#<id>`. */
  byOrg: { name: 'byOrg', pk: 'orgPk', sk: 'orgSk' },
  /**
   * An organisation's referrals by status class: pk `<org>#active` or `<org>#closed` (keys.ts
   * orgStatusPartition; `<org>#<status>` before issue 15), sk as byOrg.
   */
  byOrgStatus: { name: 'byOrgStatus', pk: 'statusPk', sk: 'orgSk' },
  /**
   * One person's referrals within an organisation: pk `<org>#<blind index of the pseudonym>` (a keyed
   * HMAC, crypto/field-cipher.ts: never the pseudonym), sk as byOrg.
   */
  byPerson: { name: 'byPerson', pk: 'personPk', sk: 'orgSk' },
  /**
   * Sparse: only referrals with a pending deadline. The partition key is sharded (`DUE#0`…`DUE#n-1`)
   * so no partition runs hot; the sweep queries each shard for `dueSk <= now`.
   */
  byDue: { name: 'byDue', pk: 'duePk', sk: 'dueSk', projection: { include: ['type', 'referralId'] } },
  /**
   * Specialists of one specialty: pk `<specialty>`, sk `<id>`. All attributes: matching reads every
   * candidate of a specialty at each offer, and a specialist is written seldom.
   */
  bySpecialty: { name: 'bySpecialty', pk: 'specialtyPk', sk: 'specialtySk', projection: 'all' },
  /** An accompanier's accompaniments by time: pk `<accompanierId>`, sk `<appointmentAt>#<id>`. */
  byAccompanier: { name: 'byAccompanier', pk: 'accompanierPk', sk: 'accompanierSk' },
  /** The coordinator board: pk `<scope>#<state>` (scope an org, or `NETWORK`), sk `<rank>#<since>#<id>`. */
  byBoard: { name: 'byBoard', pk: 'boardPk', sk: 'boardSk', projection: 'all' },
} as const satisfies Record<string, IndexDefinition>;

export const INDEXES: readonly IndexDefinition[] = Object.values(INDEX);

/** Number of shards of the due-time index. */
export const DUE_SHARDS = 4;

/**
 * The table as a plain description, translated to CDK in infra/ and to CreateTable locally.
 * Streams carry new images: the publisher reads a transition's outbox from them.
 */
export const TABLE_DEFINITION = {
  partitionKey: KEY.pk,
  sortKey: KEY.sk,
  indexes: INDEXES,
  ttlAttribute: TTL_ATTRIBUTE,
  stream: 'NEW_IMAGE',
  billing: 'PAY_PER_REQUEST',
} as const;

/** CreateTable input (DynamoDB API shape) for a table name: used by the local runtime and the tests. */
export function createTableInput(tableName: string) {
  const attributes = new Set<string>([KEY.pk, KEY.sk]);
  for (const ix of INDEXES) {
    attributes.add(ix.pk);
    attributes.add(ix.sk);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' as const },
      { AttributeName: KEY.sk, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: INDEXES.map((ix) => ({
      IndexName: ix.name,
      KeySchema: [
        { AttributeName: ix.pk, KeyType: 'HASH' as const },
        { AttributeName: ix.sk, KeyType: 'RANGE' as const },
      ],
      Projection: projectionOf(ix),
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const },
  };
}

/** An index's projection in the DynamoDB API's shape (CreateTable; infra/constructs/table.ts likewise). */
export function projectionOf(ix: IndexDefinition): {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
} {
  const p = ix.projection ?? 'keys';
  if (p === 'all') return { ProjectionType: 'ALL' };
  if (p === 'keys') return { ProjectionType: 'KEYS_ONLY' };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.include] };
}
