import { createHmac, randomBytes } from 'node:crypto';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EMPTY_COUNTERS, type YearCounters } from '../../../domain/stats/figures.ts';
import { addCounters, foldYear, type ReferralYear } from '../../../domain/stats/fold.ts';
import {
  COUNTER_FIELDS,
  type CounterField,
  type CounterMap,
  type Increment,
} from '../../../domain/stats/increments.ts';
import type { StatsReader, StatsStore } from '../../../domain/stats/ports.ts';
import type { YearGrid } from '../../../domain/stats/suppression.ts';
import type { KeyRing } from '../../ports/key-ring.ts';
import { type FieldContext, openSealed, SealedValueError, sealValue } from '../crypto/field-cipher.ts';
import { itemsOf } from './batch-get.ts';
import {
  statsNetworkKey,
  statsOrgKey,
  statsOrgsKey,
  statsOrgsPartition,
  statsReferralKey,
  statsReferralPartition,
  statsSaltKey,
} from './keys.ts';
import { queryAll } from './query-all.ts';
import { REPLAY_WINDOW_DAYS } from './seen-events.ts';
import { type DecodeOptions, unreadable } from './stored.ts';
import { TTL_ATTRIBUTE } from './table.ts';

/*
 * The yearly activity figures on the single table (issue 15: one write unit per stats event, no
 * transaction, no de-duplication marker):
 *   STATSREF#<org>#<year> / <h(referral)>   one referral's facts of the year: `p` the keyed hash of the
 *                                           person (set by its opening), and `e<h(event)>` per stats event,
 *                                           its increments coded (`r s:dental`, `a d:12`, `o n` …)
 *   STATSORGS#<year> / <org>                an organisation with rows that year (the network's list)
 *   STATSSALT#<org>#<year> / SALT           the organisation-year's random hashing key, sealed under the
 *                                           organisation's data key like a pseudonym (TTL after the year)
 * An event is ONE UpdateItem that SETs its own attributes (about 140 bytes a row: 1 WRU): a redelivered
 * event sets the same values again, events in any order set different attributes, so the row and the
 * figures are the same whatever the delivery (domain/stats/fold.ts folds the rows when read). The
 * hashes are HMACs under the organisation-year's key: neither the pseudonym nor the referral's id is
 * kept, and once the key expires the rows cannot be linked to a referral or a person (erasure leaves
 * them, as it left the counters: the figures do not change). The key is stored only sealed (the data
 * keys are themselves stored only wrapped by KMS): a copy of the table alone cannot hash a guessed
 * pseudonym and find its row, which a key kept in clear beside the rows would let it do.
 *
 * What a read costs: the year's rows of every organisation, by Query (eventually consistent, 0.5 RRU
 * per 4 KB read; no Scan), plus the list of organisations. A referral with a full lifecycle and a
 * decline is a row of about 140 bytes (measured on DynamoDB Local: 1,000 such rows, one 138 KB page,
 * 17 RRU): 1,000 referrals of an organisation in a year ≈ 17 RRU, 10,000 ≈ 170 RRU. The figures of
 * one organisation are suppressed with the network's (domain/stats/suppression.ts), so every read is
 * the network's: the sum over its organisations (10 organisations of 1,000 referrals ≈ 175 RRU), plus
 * 0.5 RRU for the list and, for years up to LEGACY_COUNTERS_LAST_YEAR, 2 RRU (the network's counters
 * kept before) and 0.5 per organisation they name. The counters cost about 6 + N RRU a read (N
 * organisations) but 26 WRU per referral, the rows 4: at the list prices (a WRU costs 5 RRUs) the rows
 * cost less as long as the figures (board pages, API, CSV) are read fewer than about 6,000 times a
 * year, whatever the network's size.
 *
 * Before issue 15 the counters were kept as such (still read, never written again):
 *   STATS#<org>#<year> / STATS, STATS#NETWORK#<year>#<n> / STATS (each with the set `orgs` it counts),
 *   STATSEV#… and STATSPERSON#… markers (TTL). A year's figures are those counters plus the rows' fold.
 */

/** The last year whose figures may hold counters kept before issue 15 (deployed December 2026). */
export const LEGACY_COUNTERS_LAST_YEAR = 2027;
const LEGACY_SHARDS = 4;
/** The network shard's set of the organisations it counts. */
const ORGS_ATTRIBUTE = 'orgs';
/** Organisations' partitions read at once. */
const QUERY_CONCURRENCY = 8;
/**
 * Salts outlive their year by as long as the archive can replay an event (seen-events.ts): a replayed
 * event of the year still finds its referral's row (the same hash), never counting in a second one.
 */
const YEAR_GRACE_SECONDS = Math.max(62, REPLAY_WINDOW_DAYS) * 24 * 3600;
/** The salt item's mark that its organisation is in the year's list. */
const LISTED = 'listed';
/** The salt item's key, sealed (field-cipher.ts); `salt`, in clear, on items made before it was. */
const SEALED_SALT = 'sealedSalt';
const CLEAR_SALT = 'salt';

const FIELDS: readonly CounterField[] = COUNTER_FIELDS;
const MAPS: readonly CounterMap[] = ['bySpecialty', 'daysToAppointment', 'declineReasons'];
const SAFE_KEY = /^[a-z0-9_]{1,40}$/;

/** One-letter codes of the increments on a row: fields alone, map entries as `<code>:<key>`. */
const FIELD_CODE: Readonly<Record<CounterField, string>> = {
  referrals: 'r',
  distinctPeople: 'u',
  accompaniments: 'c',
  appointments: 'a',
  outcomes: 'o',
  noShows: 'n',
  absences: 'x',
};
const MAP_CODE: Readonly<Record<CounterMap, string>> = {
  bySpecialty: 's',
  daysToAppointment: 'd',
  declineReasons: 'q',
};
const FIELD_OF = new Map(Object.entries(FIELD_CODE).map(([f, code]) => [code, f as CounterField]));
const MAP_OF = new Map(Object.entries(MAP_CODE).map(([m, code]) => [code, m as CounterMap]));

/** An event's increments as kept on its row: `r s:dental`. */
export function encodeIncrements(increments: readonly Increment[]): string {
  return increments
    .map((inc) => {
      if ('field' in inc) return FIELD_CODE[inc.field];
      if (!SAFE_KEY.test(inc.key)) throw new Error('unexpected counter key');
      return `${MAP_CODE[inc.map]}:${inc.key}`;
    })
    .join(' ');
}

/** The increments of a row's event attribute; undefined when it is not what encodeIncrements writes. */
export function decodeIncrements(text: string): Increment[] | undefined {
  const out: Increment[] = [];
  for (const token of text.split(' ')) {
    const [code = '', key, ...more] = token.split(':');
    if (key === undefined) {
      const field = FIELD_OF.get(code);
      if (!field) return undefined;
      out.push({ field });
    } else {
      const map = MAP_OF.get(code);
      if (!map || more.length > 0 || !SAFE_KEY.test(key)) return undefined;
      out.push({ map, key });
    }
  }
  return out;
}

/** Attribute names on a row: the person, and one per event (`e` and the event's hash). */
const PERSON = 'p';
const EVENT_PREFIX = 'e';
/**
 * An event's name on its row: 8 characters (48 bits) of its keyed hash, unique among the few events of
 * one referral in a year (two of its events sharing one would count as one).
 */
const EVENT_HASH_LENGTH = 8;
/**
 * A referral's row key, 12 characters (72 bits), and a person's hash, 16 (96 bits): unique among a
 * year's referrals and people by far (two sharing one would count as one), and every byte of a row is
 * read again by every read of the year's figures.
 */
const REFERRAL_HASH_LENGTH = 12;
const PERSON_HASH_LENGTH = 16;
const EVENT_ATTRIBUTE = /^e[A-Za-z0-9_-]{8}$/;

const endOfYearSeconds = (year: number) => Math.floor(Date.UTC(year + 1, 0, 1) / 1000) + YEAR_GRACE_SECONDS;

/**
 * The year's figures, read: what the staff apps (the JSON API, the board pages) use of the store, built
 * alone for them so that their bundles carry neither the writes nor the salts (the projection's).
 */
export function createStatsReader(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions = {},
): StatsReader {
  /** Every item of a partition (eventually consistent: the figures are yearly). */
  const queryAllOf = (pk: string) =>
    queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
    });

  /** An organisation's counters of the year, folded from its referral rows. */
  const foldedOf = async (org: string, year: number): Promise<YearCounters> =>
    foldYear((await queryAllOf(statsReferralPartition(org, year))).map((item) => rowOf(item, options)));

  /** The counters kept before issue 15: the network's, and each organisation's its shards name. */
  const legacyYear = async (year: number) => {
    if (year > LEGACY_COUNTERS_LAST_YEAR) return { network: EMPTY_COUNTERS, orgs: {} };
    const shards = await itemsOf(
      client,
      tableName,
      Array.from({ length: LEGACY_SHARDS }, (_, n) => statsNetworkKey(year, n)),
    );
    const names = [...new Set(shards.flatMap((i) => i[ORGS_ATTRIBUTE]?.SS ?? []))].sort();
    const items = await itemsOf(
      client,
      tableName,
      names.map((org) => statsOrgKey(org, year)),
    );
    const orgs: Record<string, YearCounters> = {};
    for (const org of names) {
      const item = items.find((it) => it['pk']?.S === statsOrgKey(org, year).pk.S);
      orgs[org] = countersOf(item ? [item] : [], options);
    }
    return { network: countersOf(shards, options), orgs };
  };

  const legacyOrg = async (org: string, year: number): Promise<YearCounters> => {
    if (year > LEGACY_COUNTERS_LAST_YEAR) return EMPTY_COUNTERS;
    const out = await client.send(new GetItemCommand({ TableName: tableName, Key: statsOrgKey(org, year) }));
    return countersOf(out.Item ? [out.Item] : [], options);
  };

  /** The year's counters: the network's and each organisation's, those kept before and the rows' fold. */
  const yearOf = async (year: number): Promise<YearGrid> => {
    const [legacy, listed] = await Promise.all([
      legacyYear(year),
      queryAllOf(statsOrgsPartition(year)).then((items) => items.map((i) => i['sk']?.S ?? '')),
    ]);
    const folded: Record<string, YearCounters> = {};
    for (let i = 0; i < listed.length; i += QUERY_CONCURRENCY) {
      const batch = listed.slice(i, i + QUERY_CONCURRENCY);
      const counters = await Promise.all(batch.map((org) => foldedOf(org, year)));
      batch.forEach((org, n) => {
        folded[org] = counters[n] ?? EMPTY_COUNTERS;
      });
    }
    const orgs: Record<string, YearCounters> = {};
    for (const org of [...new Set([...Object.keys(legacy.orgs), ...listed])].sort()) {
      orgs[org] = addCounters(legacy.orgs[org] ?? EMPTY_COUNTERS, folded[org] ?? EMPTY_COUNTERS);
    }
    return { network: addCounters(legacy.network, ...Object.values(folded)), orgs };
  };

  return {
    async get(scope, year) {
      if ('org' in scope) {
        const [before, folded] = await Promise.all([legacyOrg(scope.org, year), foldedOf(scope.org, year)]);
        return addCounters(before, folded);
      }
      return (await yearOf(year)).network;
    },

    year: yearOf,
  };
}

/** The store: the reads above, and the projection's writes (`record`). */
export function createStatsStore(
  client: DynamoDBClient,
  tableName: string,
  keyRing: KeyRing,
  options: DecodeOptions = {},
): StatsStore {
  const salts = new Map<string, Buffer>();
  const saltContext = (org: string, year: number): FieldContext => ({
    org,
    record: `stats#${year}`,
    path: SEALED_SALT,
  });
  const sealSalt = async (org: string, year: number, salt: Uint8Array): Promise<string> =>
    sealValue(await keyRing.current(org), saltContext(org, year), Buffer.from(salt).toString('base64url'));
  /** The salt an item holds: sealed, or in clear as items made before it was sealed (then sealed now). */
  const saltIn = async (
    org: string,
    year: number,
    item: Record<string, AttributeValue>,
  ): Promise<Buffer | undefined> => {
    const sealed = item[SEALED_SALT]?.S;
    if (sealed !== undefined) {
      const text = await openSealed((v) => keyRing.version(org, v), saltContext(org, year), sealed);
      return Buffer.from(text, 'base64url');
    }
    const clear = item[CLEAR_SALT]?.B;
    if (!clear) return undefined;
    // Sealed in place, once, by whichever process reads it first (the same value: the year's rows stay
    // linked); another that got there first leaves it sealed, which is all that matters.
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: statsSaltKey(`${org}#${year}`),
          UpdateExpression: 'SET #s = :s REMOVE #c',
          ConditionExpression: '#c = :c',
          ExpressionAttributeNames: { '#s': SEALED_SALT, '#c': CLEAR_SALT },
          ExpressionAttributeValues: { ':s': { S: await sealSalt(org, year, clear) }, ':c': { B: clear } },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    return Buffer.from(clear);
  };

  /**
   * The organisation-year's hashing key, made once (conditional put) and then read; the first time a
   * process needs it, it also makes sure the organisation is in the year's list (before the salt is
   * marked listed, so a crash in between lists it again rather than never). The first read is
   * eventually consistent (half the units): a salt never changes once made, and one read before it
   * was, or before it was marked listed, only takes the longer way, which ends on a strong read.
   */
  const saltOf = async (org: string, year: number): Promise<Buffer> => {
    const id = `${org}#${year}`;
    const cached = salts.get(id);
    if (cached) return cached;
    const Key = statsSaltKey(id);
    const read = async (consistent: boolean) =>
      (await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: consistent }))).Item;
    let item = await read(false);
    if (!item?.[LISTED]) {
      await client.send(new PutItemCommand({ TableName: tableName, Item: statsOrgsKey(year, org) }));
      if (item) {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key,
            UpdateExpression: 'SET #l = :t',
            ExpressionAttributeNames: { '#l': LISTED },
            ExpressionAttributeValues: { ':t': { BOOL: true } },
          }),
        );
      } else {
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: {
                ...Key,
                [SEALED_SALT]: { S: await sealSalt(org, year, randomBytes(32)) },
                [LISTED]: { BOOL: true },
                [TTL_ATTRIBUTE]: { N: String(endOfYearSeconds(year)) },
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (err) {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        }
        item = await read(true);
      }
    }
    let salt: Buffer | undefined;
    try {
      salt = item ? await saltIn(org, year, item) : undefined;
    } catch (err) {
      // A value that does not open is an unreadable item; the key ring unreachable is thrown as it is.
      if (!(err instanceof SealedValueError)) throw err;
    }
    if (!salt) return unreadable('stats-salt', item ?? Key, [SEALED_SALT], options);
    salts.set(id, salt);
    return salt;
  };

  const hash = (salt: Buffer, text: string, length: number) =>
    createHmac('sha256', salt).update(text).digest('base64url').slice(0, length);

  return {
    ...createStatsReader(client, tableName, options),
    async record({ org, year, referralId, eventId, increments, person }) {
      if (increments.length === 0 && person === undefined) return;
      const salt = await saltOf(org, year);
      const names: Record<string, string> = {};
      const values: Record<string, AttributeValue> = {};
      const sets: string[] = [];
      if (increments.length > 0) {
        names['#e'] = `${EVENT_PREFIX}${hash(salt, `event\u0000${eventId}`, EVENT_HASH_LENGTH)}`;
        values[':e'] = { S: encodeIncrements(increments) };
        sets.push('#e = :e');
      }
      if (person !== undefined) {
        // The same hash the counters' person markers used (HMAC of the pseudonym), shortened.
        names['#p'] = PERSON;
        values[':p'] = { S: hash(salt, person, PERSON_HASH_LENGTH) };
        sets.push('#p = :p');
      }
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: statsReferralKey(org, year, hash(salt, `referral\u0000${referralId}`, REFERRAL_HASH_LENGTH)),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },
  };
}

/** A referral row as the fold reads it; an attribute it cannot read makes the row unreadable. */
function rowOf(item: Record<string, AttributeValue>, options: DecodeOptions): ReferralYear {
  const events: Record<string, Increment[]> = {};
  const bad: string[] = [];
  let person: string | undefined;
  for (const [attr, value] of Object.entries(item)) {
    if (attr === PERSON) {
      if (value.S) person = value.S;
      else bad.push(attr);
    } else if (EVENT_ATTRIBUTE.test(attr)) {
      const increments = value.S === undefined ? undefined : decodeIncrements(value.S);
      if (increments) events[attr] = increments;
      else bad.push(attr);
    }
  }
  if (bad.length > 0) unreadable('stats', item, bad, options);
  return { ...(person !== undefined ? { person } : {}), events };
}

/** Sums counter items into one YearCounters; a counter that is not a number makes its item unreadable. */
function countersOf(items: readonly Record<string, AttributeValue>[], options: DecodeOptions): YearCounters {
  const fields: Record<string, number> = {};
  const maps: Record<CounterMap, Record<string, number>> = {
    bySpecialty: {},
    daysToAppointment: {},
    declineReasons: {},
  };
  for (const i of items) {
    const notNumbers = Object.entries(i)
      .filter(([attr, value]) => /^[cm]_/.test(attr) && !Number.isFinite(Number(value.N ?? Number.NaN)))
      .map(([attr]) => attr);
    if (notNumbers.length > 0) unreadable('stats', i, notNumbers, options);
    for (const [attr, value] of Object.entries(i)) {
      const n = Number(value.N ?? Number.NaN);
      if (!Number.isFinite(n)) continue;
      if (attr.startsWith('c_')) {
        const f = attr.slice(2);
        if ((FIELDS as readonly string[]).includes(f)) fields[f] = (fields[f] ?? 0) + n;
      } else if (attr.startsWith('m_')) {
        for (const m of MAPS) {
          const prefix = `m_${m}_`;
          if (attr.startsWith(prefix)) {
            const key = attr.slice(prefix.length);
            maps[m][key] = (maps[m][key] ?? 0) + n;
          }
        }
      }
    }
  }
  return {
    ...EMPTY_COUNTERS,
    ...Object.fromEntries(FIELDS.map((f) => [f, fields[f] ?? 0])),
    bySpecialty: maps.bySpecialty,
    daysToAppointment: maps.daysToAppointment,
    declineReasons: maps.declineReasons,
  } as YearCounters;
}
