import { createHmac, randomBytes } from 'node:crypto';
import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { EMPTY_COUNTERS, type YearCounters } from '../../../domain/stats/figures.ts';
import {
  COUNTER_FIELDS,
  type CounterField,
  type CounterMap,
  type Increment,
} from '../../../domain/stats/increments.ts';
import type { StatsStore } from '../../../domain/stats/ports.ts';
import { statsEventKey, statsNetworkKey, statsOrgKey, statsPersonKey, statsSaltKey } from './keys.ts';
import { REPLAY_WINDOW_DAYS } from './seen-events.ts';
import { type DecodeOptions, unreadable } from './stored.ts';
import { TTL_ATTRIBUTE } from './table.ts';
import { cancellationCodes } from './transaction-codes.ts';

/*
 * The yearly activity counters on the single table:
 *   STATS#<org>#<year> / STATS                one organisation's counters
 *   STATS#NETWORK#<year>#<n> / STATS          the network's, in STATS_SHARDS items (no hot item): summed on read;
 *                                             each with the set of organisations it counts (`orgs`)
 *   STATSEV#<eventId> / STATSEV               an event already counted (TTL): counting is exactly once
 *   STATSSALT#<org>#<year> / SALT             a random key per organisation and year (TTL)
 *   STATSPERSON#<org>#<year>#<hmac> / P       a person counted this year: HMAC of the pseudonym under that
 *                                             year's key, never the pseudonym (TTL after the year)
 * Each event is ONE transaction: its marker, the person's marker if any, and ADD on both counter items;
 * a repeated event fails on its marker and changes nothing.
 */

export const STATS_SHARDS = 4;
/** The network shard's set of the organisations it counts. */
const ORGS_ATTRIBUTE = 'orgs';
/** BatchGetItem reads at most this many keys per call. */
const BATCH_GET_MAX = 100;
/**
 * An event's marker lasts as long as the archive can replay it (seen-events.ts): a replayed event is then
 * still recognised, never counted twice.
 */
const EVENT_MARKER_SECONDS = REPLAY_WINDOW_DAYS * 24 * 3600;
/** Person markers and salts outlive their year by this much (late events still count right). */
const YEAR_GRACE_SECONDS = 62 * 24 * 3600;

const FIELDS: readonly CounterField[] = COUNTER_FIELDS;
const MAPS: readonly CounterMap[] = ['bySpecialty', 'daysToAppointment', 'declineReasons'];
const SAFE_KEY = /^[a-z0-9_]{1,40}$/;

/** The attribute holding a counter: `c_referrals`, `m_bySpecialty_dental`. */
function attributeOf(inc: Increment): string {
  if ('field' in inc) return `c_${inc.field}`;
  if (!SAFE_KEY.test(inc.key)) throw new Error('unexpected counter key');
  return `m_${inc.map}_${inc.key}`;
}

function shardOfOrg(org: string): number {
  let h = 0;
  for (let i = 0; i < org.length; i++) h = (h * 31 + org.charCodeAt(i)) >>> 0;
  return h % STATS_SHARDS;
}

const endOfYearSeconds = (year: number) => Math.floor(Date.UTC(year + 1, 0, 1) / 1000) + YEAR_GRACE_SECONDS;

export function createStatsStore(
  client: DynamoDBClient,
  tableName: string,
  options: DecodeOptions = {},
): StatsStore {
  const salts = new Map<string, Buffer>();

  /** The organisation-year's hashing key: made once (conditional put), then read. */
  const saltOf = async (org: string, year: number): Promise<Buffer> => {
    const id = `${org}#${year}`;
    const cached = salts.get(id);
    if (cached) return cached;
    const Key = statsSaltKey(id);
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...Key,
            salt: { B: randomBytes(32) },
            [TTL_ATTRIBUTE]: { N: String(endOfYearSeconds(year)) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    const out = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
    const salt = out.Item?.salt?.B;
    if (!salt) return unreadable('stats-salt', out.Item ?? Key, ['salt'], options);
    const buf = Buffer.from(salt);
    salts.set(id, buf);
    return buf;
  };

  /** Items by key, consistently, the unprocessed ones asked again. */
  const batchGet = async (keys: Record<string, AttributeValue>[]) => {
    const items: Record<string, AttributeValue>[] = [];
    let pending: Record<string, AttributeValue>[] = keys;
    while (pending.length > 0) {
      const out = await client.send(
        new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
    return items;
  };
  const networkShards = (year: number) =>
    batchGet(Array.from({ length: STATS_SHARDS }, (_, n) => statsNetworkKey(year, n)));

  const transact = async (items: TransactWriteItem[]): Promise<string[] | undefined> => {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return undefined;
    } catch (err) {
      const codes = cancellationCodes(err);
      if (!codes.includes('ConditionalCheckFailed')) throw err;
      return codes;
    }
  };

  return {
    async apply({ eventId, org, year, increments, person }) {
      const build = (withPerson: string | undefined): TransactWriteItem[] => {
        const all = withPerson ? [...increments, { field: 'distinctPeople' } as const] : increments;
        const names: Record<string, string> = {};
        const values: Record<string, AttributeValue> = { ':one': { N: '1' } };
        const adds = [...new Set(all.map(attributeOf))].map((attr, i) => {
          names[`#a${i}`] = attr;
          return `#a${i} :one`;
        });
        const update = (Key: Record<string, AttributeValue>, network = false): TransactWriteItem => ({
          Update: {
            TableName: tableName,
            Key,
            // The network's shard also keeps which organisations it counts (a set): the year's figures
            // are suppressed together, network and organisations (domain/stats/suppression.ts).
            UpdateExpression: `ADD ${adds.join(', ')}${network ? `, ${ORGS_ATTRIBUTE} :org` : ''}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: network ? { ...values, ':org': { SS: [org] } } : values,
          },
        });
        return [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...statsEventKey(eventId),
                [TTL_ATTRIBUTE]: { N: String(Math.floor(Date.now() / 1000) + EVENT_MARKER_SECONDS) },
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(withPerson
            ? [
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...statsPersonKey(org, year, withPerson),
                      [TTL_ATTRIBUTE]: { N: String(endOfYearSeconds(year)) },
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]
            : []),
          update(statsOrgKey(org, year)),
          update(statsNetworkKey(year, shardOfOrg(org)), true),
        ];
      };
      const personKey = person
        ? createHmac('sha256', await saltOf(org, year))
            .update(person)
            .digest('base64url')
        : undefined;
      if (increments.length === 0 && !personKey) return 'duplicate';
      const failed = await transact(build(personKey));
      if (!failed) return 'applied';
      if (failed[0] === 'ConditionalCheckFailed') return 'duplicate';
      // The person was already counted this year: count the event without them.
      const again = await transact(build(undefined));
      return again ? 'duplicate' : 'applied';
    },

    async get(scope, year) {
      if ('org' in scope) {
        const out = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: statsOrgKey(scope.org, year),
            ConsistentRead: true,
          }),
        );
        return countersOf(out.Item ? [out.Item] : [], options);
      }
      return countersOf(await networkShards(year), options);
    },

    async year(year) {
      const shards = await networkShards(year);
      const orgs = [...new Set(shards.flatMap((i) => i[ORGS_ATTRIBUTE]?.SS ?? []))].sort();
      const found: Record<string, YearCounters> = {};
      for (let i = 0; i < orgs.length; i += BATCH_GET_MAX) {
        const batch = orgs.slice(i, i + BATCH_GET_MAX);
        const items = await batchGet(batch.map((org) => statsOrgKey(org, year)));
        for (const org of batch) {
          const item = items.find((it) => it['pk']?.S === statsOrgKey(org, year)['pk'].S);
          found[org] = countersOf(item ? [item] : [], options);
        }
      }
      return { network: countersOf(shards, options), orgs: found };
    },
  };
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
