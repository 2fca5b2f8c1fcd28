import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { type DataKey, type KeyRing, type KeyWrapper, UnknownKeyVersionError } from '../../ports/key-ring.ts';
import { KEY_RING_PREFIX, keyRingKey } from './keys.ts';
import { KEY } from './table.ts';

export interface KeyRingOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly wrapper: KeyWrapper;
  readonly clock?: { now(): Date };
  /** How long a process keeps using the version it found current (after a rotation elsewhere). */
  readonly currentTtlMs?: number;
  /** How many unwrapped keys a process keeps (organisations × versions in use). */
  readonly maxKeys?: number;
}

/** A process picks up another process's rotation within this time. */
export const CURRENT_VERSION_TTL_MS = 5 * 60_000;

/**
 * The key ring on the table: `KEYRING#<org>` / `V#<version, 6 digits>` holds a data key wrapped by the
 * wrapping key (never in clear). The latest version is the current one. Unwrapped keys are cached per
 * process, bounded (least recently used out), so a warm function unwraps an organisation's key once
 * (one KMS Decrypt), not once per request.
 */
export function createKeyRing(options: KeyRingOptions): KeyRing {
  const { client, tableName, wrapper } = options;
  const now = () => (options.clock ?? { now: () => new Date() }).now().getTime();
  const ttl = options.currentTtlMs ?? CURRENT_VERSION_TTL_MS;
  const maxKeys = options.maxKeys ?? 1000;
  const keys = new Map<string, Promise<DataKey>>();
  const currents = new Map<string, { version: number; until: number }>();

  const remember = (org: string, version: number, key: Promise<DataKey>) => {
    const id = `${org}\u0000${version}`;
    keys.delete(id);
    keys.set(id, key);
    // A failed unwrap is not kept: the next use tries again.
    key.catch(() => keys.delete(id));
    while (keys.size > maxKeys) keys.delete(keys.keys().next().value as string);
    return key;
  };

  /** The latest version of `org`'s key, with the key as wrapped (the item carries it: no second read). */
  const latest = async (org: string): Promise<{ version: number; wrapped?: Uint8Array } | undefined> => {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: { ':pk': { S: `${KEY_RING_PREFIX}${org}` } },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    const n = item?.['version']?.N;
    if (n === undefined) return undefined;
    const wrapped = item?.['wrapped']?.B;
    return { version: Number(n), ...(wrapped ? { wrapped } : {}) };
  };

  /** The latest version as found by `latest`: current for the TTL, its key unwrapped from the item read. */
  const adopt = (org: string, found: { version: number; wrapped?: Uint8Array }): Promise<DataKey> => {
    currents.set(org, { version: found.version, until: now() + ttl });
    const cached = keys.get(`${org}\u0000${found.version}`);
    if (cached || !found.wrapped) return version(org, found.version);
    const { wrapped } = found;
    return remember(
      org,
      found.version,
      wrapper.unwrap(org, wrapped).then((key) => ({ version: found.version, key })),
    );
  };

  /**
   * Warm-ups under way, by organisation: a key wanted meanwhile waits for the warm-up rather than read
   * the key ring a second time.
   */
  const warming = new Map<string, Promise<void>>();

  /** Makes version `version`; undefined when another process made it first. */
  const make = async (org: string, version: number): Promise<DataKey | undefined> => {
    const generated = await wrapper.generate(org);
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...keyRingKey(org, version),
            type: { S: 'data-key' },
            version: { N: String(version) },
            wrapped: { B: generated.wrapped },
            wrappedBy: { S: wrapper.id },
            createdAt: { S: new Date(now()).toISOString() },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (
        err instanceof ConditionalCheckFailedException ||
        (err as Error).name === 'ConditionalCheckFailedException'
      )
        return undefined;
      throw err;
    }
    const key = { version, key: generated.plaintext };
    remember(org, version, Promise.resolve(key));
    currents.set(org, { version, until: now() + ttl });
    return key;
  };

  const version = (org: string, v: number): Promise<DataKey> => {
    const cached = keys.get(`${org}\u0000${v}`);
    if (cached) return remember(org, v, cached);
    const warm = warming.get(org);
    // Settled: the warm-up has left its key in the cache (or failed, and this reads the ring itself).
    if (warm) return warm.then(() => version(org, v));
    return remember(
      org,
      v,
      (async () => {
        const out = await client.send(
          new GetItemCommand({ TableName: tableName, Key: keyRingKey(org, v), ConsistentRead: true }),
        );
        const wrapped = out.Item?.['wrapped']?.B;
        if (!wrapped) throw new UnknownKeyVersionError(v);
        return { version: v, key: await wrapper.unwrap(org, wrapped) };
      })(),
    );
  };

  return {
    version,

    warm(org) {
      const known = currents.get(org);
      if ((known && known.until > now()) || warming.has(org)) return;
      const warm = latest(org)
        .then((found) => {
          if (found) adopt(org, found).catch(() => undefined);
        })
        // Only a head start: a key wanted later reads the ring itself if this failed.
        .catch(() => undefined)
        .finally(() => warming.delete(org));
      warming.set(org, warm);
    },

    async current(org) {
      await warming.get(org);
      const known = currents.get(org);
      if (known && known.until > now()) return version(org, known.version);
      for (let attempt = 0; attempt < 3; attempt++) {
        const found = await latest(org);
        if (found !== undefined) return adopt(org, found);
        const made = await make(org, 1);
        if (made) return made;
      }
      throw new Error('Could not make the first data key of an organisation');
    },

    async rotate(org) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const made = await make(org, ((await latest(org))?.version ?? 0) + 1);
        if (made) return made;
      }
      throw new Error('Could not rotate the data key: too many concurrent rotations');
    },
  };
}
