import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKeyRing } from '../../../functions/adapters/dynamo/key-ring.ts';
import { referralKey } from '../../../functions/adapters/dynamo/keys.ts';
import { jsonTextOf } from '../../../functions/adapters/dynamo/packed-json.ts';
import { reEncryptOrganisation } from '../../../functions/adapters/dynamo/re-encrypt.ts';
import { StoredItemError } from '../../../functions/adapters/dynamo/stored.ts';
import { INDEX } from '../../../functions/adapters/dynamo/table.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createHarness, type Harness, openBody } from '../http/harness.ts';

/*
 * The pseudonym and free text are sealed per value (AES-256-GCM under the organisation's data key),
 * bound to their organisation, record and field; reads reveal only what they name; a rotation leaves
 * old values readable until they are re-sealed, and re-sealing loses no concurrent change.
 */

let h: Harness;
let db: DynamoDBClient;

beforeAll(async () => {
  h = await createHarness('encryption');
  db = localDynamoClient(inject('dynamoEndpoint') as string);
});
afterAll(() => db?.destroy());

async function open(org: string, pseudonym: string, reason: string): Promise<string> {
  const res = await h.call('POST', '/v1/referrals', {
    org,
    body: openBody({ pseudonym, reason, autoOffer: false }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

const rawItem = async (id: string) =>
  (await db.send(new GetItemCommand({ TableName: h.tableName, Key: referralKey(id), ConsistentRead: true })))
    .Item!;
const rawData = async (id: string) => JSON.parse(jsonTextOf((await rawItem(id))['data'])!);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('a sealed value', () => {
  it('is stored sealed and reads back in clear', async () => {
    const id = await open('enc-a', 'OTTER-1', 'abscess on the left foot');
    const data = await rawData(id);
    expect(data.pseudonym).toMatch(/^enc1\.1\./);
    expect(data.reason).toMatch(/^enc1\.1\./);
    expect(await h.deps.store.get(id)).toMatchObject({
      pseudonym: 'OTTER-1',
      reason: 'abscess on the left foot',
    });
  });

  it('copied to another record does not open: the record is unreadable at that field', async () => {
    const from = await open('enc-a', 'OTTER-2', 'first reason');
    const to = await open('enc-a', 'OTTER-3', 'second reason');
    const sealed = (await rawData(from)).reason;
    const target = await rawItem(to);
    const data = JSON.parse(jsonTextOf(target['data'])!);
    await db.send(
      new PutItemCommand({
        TableName: h.tableName,
        Item: { ...target, data: { S: JSON.stringify({ ...data, reason: sealed }) } },
      }),
    );
    const err = await failure(h.deps.store.get(to));
    expect(err).toBeInstanceOf(StoredItemError);
    expect((err as StoredItemError).fields).toEqual(['data.reason']);
  });

  it('copied to another field of the same record does not open either', async () => {
    const id = await open('enc-a', 'OTTER-4', 'a reason that must not pass for a pseudonym');
    const item = await rawItem(id);
    const data = JSON.parse(jsonTextOf(item['data'])!);
    await db.send(
      new PutItemCommand({
        TableName: h.tableName,
        Item: { ...item, data: { S: JSON.stringify({ ...data, pseudonym: data.reason }) } },
      }),
    );
    const err = await failure(h.deps.store.get(id));
    expect((err as StoredItemError).fields).toEqual(['data.pseudonym']);
  });

  it('copied to another organisation does not open (its key, and the bound organisation, differ)', async () => {
    const from = await open('enc-a', 'OTTER-5', 'reason of org a');
    const to = await open('enc-b', 'OTTER-6', 'reason of org b');
    const sealed = (await rawData(from)).reason;
    const target = await rawItem(to);
    const data = JSON.parse(jsonTextOf(target['data'])!);
    await db.send(
      new PutItemCommand({
        TableName: h.tableName,
        Item: { ...target, data: { S: JSON.stringify({ ...data, reason: sealed }) } },
      }),
    );
    expect(((await failure(h.deps.store.get(to))) as StoredItemError).fields).toEqual(['data.reason']);
  });
});

describe('a read naming the fields to reveal', () => {
  it('decrypts only those; the others read as the empty string', async () => {
    const id = await open('enc-a', 'OTTER-7', 'kept sealed for this reader');
    const r = await h.deps.store.get(id, { reveal: ['pseudonym'] });
    expect(r).toMatchObject({ pseudonym: 'OTTER-7', reason: '' });
    const page = await h.deps.store.listByOrg('enc-a', { pseudonym: 'OTTER-7', limit: 5, reveal: [] });
    expect(page.items.map((i) => [i.id, i.pseudonym, i.reason])).toEqual([[id, '', '']]);
  });
});

describe('the person index', () => {
  it('is keyed by a blind index that differs between organisations, never the pseudonym', async () => {
    const a = await open('enc-a', 'SAME-CODE', 'r');
    const b = await open('enc-b', 'SAME-CODE', 'r');
    const pkA = (await rawItem(a))[INDEX.byPerson.pk]!.S!;
    const pkB = (await rawItem(b))[INDEX.byPerson.pk]!.S!;
    expect(pkA).not.toContain('SAME-CODE');
    expect(pkA.startsWith('enc-a#')).toBe(true);
    expect(pkA.slice('enc-a#'.length)).not.toBe(pkB.slice('enc-b#'.length));
    const res = await h.call('GET', '/v1/referrals?pseudonym=SAME-CODE', { org: 'enc-a' });
    expect((await res.json()).items.map((i: { id: string }) => i.id)).toEqual([a]);
  });
});

describe('a referral cursor', () => {
  it('is opaque, and refused (400) when altered or used on another list', async () => {
    for (const p of ['CURSOR-1', 'CURSOR-1']) await open('enc-c', p, 'r');
    const first = await (
      await h.call('GET', '/v1/referrals?pseudonym=CURSOR-1&limit=1', { org: 'enc-c' })
    ).json();
    const cursor: string = first.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    expect(Buffer.from(cursor.split('.')[2] ?? '', 'base64url').toString('latin1')).not.toMatch(/enc-c|REF#/);
    const ok = await h.call('GET', `/v1/referrals?pseudonym=CURSOR-1&limit=1&cursor=${cursor}`, {
      org: 'enc-c',
    });
    expect(ok.status).toBe(200);
    // The second-to-last character, every bit of which is data, made another one (the test chose by
    // the last character before, and left one cursor in 64 as it was).
    const flipped = `${cursor.slice(0, -2)}${cursor.at(-2) === 'A' ? 'B' : 'A'}${cursor.slice(-1)}`;
    expect(flipped).not.toBe(cursor);
    for (const [query, bad] of [
      ['pseudonym=CURSOR-1', flipped],
      ['pseudonym=CURSOR-1', Buffer.from('{"pk":"REF#x"}').toString('base64url')],
      ['status=open', cursor],
    ] as const) {
      const res = await h.call('GET', `/v1/referrals?${query}&limit=1&cursor=${bad}`, { org: 'enc-c' });
      expect(res.status).toBe(400);
    }
  });
});

describe('the key ring', () => {
  it("gives two processes making an organisation's first key at once the same key", async () => {
    const ring = () => createKeyRing({ client: db, tableName: h.tableName, wrapper: h.keyWrapper });
    const [a, b, c] = await Promise.all([
      ring().current('enc-race'),
      ring().current('enc-race'),
      ring().current('enc-race'),
    ]);
    expect([a.version, b.version, c.version]).toEqual([1, 1, 1]);
    expect(Buffer.from(b.key)).toEqual(Buffer.from(a.key));
    expect(Buffer.from(c.key)).toEqual(Buffer.from(a.key));
  });

  it("warms an organisation's key with one read and one unwrap, which a key wanted meanwhile waits for", async () => {
    await h.deps.keyRing.current('enc-warm');
    const sent: string[] = [];
    const counting = {
      send: (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return db.send(command as GetItemCommand);
      },
    } as unknown as DynamoDBClient;
    let unwraps = 0;
    const wrapper = {
      ...h.keyWrapper,
      unwrap: (org: string, wrapped: Uint8Array) => {
        unwraps += 1;
        return h.keyWrapper.unwrap(org, wrapped);
      },
    };
    const ring = createKeyRing({ client: counting, tableName: h.tableName, wrapper });
    ring.warm('enc-warm');
    ring.warm('enc-warm');
    const [wanted, current] = await Promise.all([ring.version('enc-warm', 1), ring.current('enc-warm')]);
    expect(Buffer.from(wanted.key)).toEqual(Buffer.from((await h.deps.keyRing.version('enc-warm', 1)).key));
    expect(current.version).toBe(1);
    expect(sent).toEqual(['QueryCommand']);
    expect(unwraps).toBe(1);
    // Known now: warming again reads nothing.
    ring.warm('enc-warm');
    await ring.current('enc-warm');
    expect(sent).toEqual(['QueryCommand']);
  });

  it('warms nothing for an organisation without a key, and makes none', async () => {
    const ring = createKeyRing({ client: db, tableName: h.tableName, wrapper: h.keyWrapper });
    ring.warm('enc-keyless');
    await expect(ring.version('enc-keyless', 1)).rejects.toThrow(/no data key version 1/);
  });

  it('stores the data keys wrapped only', async () => {
    const { key } = await h.deps.keyRing.current('enc-wrapped');
    const item = (
      await db.send(
        new GetItemCommand({
          TableName: h.tableName,
          Key: { pk: { S: 'KEYRING#enc-wrapped' }, sk: { S: 'V#000001' } },
        }),
      )
    ).Item!;
    expect(item['wrapped']?.B).toBeDefined();
    expect(Buffer.from(item['wrapped']!.B!).includes(Buffer.from(key))).toBe(false);
    expect(JSON.stringify(item)).not.toContain(Buffer.from(key).toString('base64'));
  });
});

describe('a key rotation mid-run', () => {
  it('seals new writes under the new version, reads both, and re-seals the old ones without losing a concurrent change', async () => {
    const org = 'enc-rot';
    const before = await open(org, 'ROT-OLD', 'written under version one');
    const ring = h.deps.keyRing;
    expect((await ring.rotate(org)).version).toBe(2);
    const after = await open(org, 'ROT-NEW', 'written under version two');
    expect((await rawData(before)).reason).toMatch(/^enc1\.1\./);
    expect((await rawData(after)).reason).toMatch(/^enc1\.2\./);
    // A process that has not seen the rotation yet (its own cache) reads both too.
    const other = createKeyRing({ client: db, tableName: h.tableName, wrapper: h.keyWrapper });
    expect((await other.version(org, 1)).key).toEqual((await ring.version(org, 1)).key);
    expect((await h.deps.store.get(before))?.reason).toBe('written under version one');
    expect((await h.deps.store.get(after))?.reason).toBe('written under version two');

    // Re-sealing, while a transition lands on the old referral just before its update: the update
    // fails on the version, the item is read again, and the transition stays.
    let raced = false;
    const racing = {
      send: async (command: unknown) => {
        if (command instanceof UpdateItemCommand && !raced) {
          raced = true;
          const closed = await h.call('POST', `/v1/referrals/${before}/close`, {
            org,
            role: 'coordinator',
            body: { reason: 'cancelled' },
          });
          expect(closed.status).toBe(200);
        }
        return db.send(command as GetItemCommand);
      },
    } as unknown as DynamoDBClient;
    // A second rotation, then the re-sealing run of the command.
    expect((await ring.rotate(org)).version).toBe(3);
    const result = await reEncryptOrganisation({
      client: racing,
      tableName: h.tableName,
      keyRing: ring,
      org,
    });
    expect(raced).toBe(true);
    expect(result).toMatchObject({ scanned: 2, reEncrypted: 1, retried: 1 });
    // The closing transition was written under version 3 (current), so only the other needed re-sealing.
    const closed = await h.deps.store.get(before);
    expect(closed).toMatchObject({ status: 'closed', reason: 'written under version one' });
    for (const id of [before, after]) {
      const data = await rawData(id);
      expect([data.pseudonym, data.reason].every((v: string) => v.startsWith('enc1.3.'))).toBe(true);
    }
    expect((await rawItem(after))['outbox']?.S).toBe('[]');
    expect((await h.deps.store.get(after))?.reason).toBe('written under version two');
    // Nothing left to do on a second run.
    expect(
      await reEncryptOrganisation({ client: db, tableName: h.tableName, keyRing: ring, org }),
    ).toMatchObject({
      scanned: 2,
      reEncrypted: 0,
    });
  });
});

describe('a change written', () => {
  it('keeps the sealed values it left as read, seals what changed anew, and all anew after a rotation', async () => {
    const org = 'enc-keep';
    const id = await open(org, 'HERON-1', 'sprained wrist');
    const first = await rawData(id);
    const read = (await h.deps.store.get(id))!;
    await h.deps.store.save(
      { referral: { ...read, version: read.version + 1, reason: 'sprained left wrist' }, events: [] },
      read.version,
      read,
    );
    const second = await rawData(id);
    // The pseudonym as read, the very ciphertext; the reason changed, sealed anew (a fresh nonce).
    expect(second.pseudonym).toBe(first.pseudonym);
    expect(second.reason).not.toBe(first.reason);
    expect(second.reason).toMatch(/^enc1\.1\./);
    expect(await h.deps.store.get(id)).toMatchObject({ pseudonym: 'HERON-1', reason: 'sprained left wrist' });

    // Right after a rotation, a value the change left as it was is sealed under the new version.
    const again = (await h.deps.store.get(id))!;
    expect((await h.deps.keyRing.rotate(org)).version).toBe(2);
    await h.deps.store.save(
      { referral: { ...again, version: again.version + 1 }, events: [] },
      again.version,
      again,
    );
    const third = await rawData(id);
    expect(third.pseudonym).toMatch(/^enc1\.2\./);
    expect(third.reason).toMatch(/^enc1\.2\./);
    expect(await h.deps.store.get(id)).toMatchObject({ pseudonym: 'HERON-1', reason: 'sprained left wrist' });
  });

  it('seals anew a value read from another referral', async () => {
    const org = 'enc-keep';
    const a = (await h.deps.store.get(await open(org, 'HERON-2', 'same reason')))!;
    const b = (await h.deps.store.get(await open(org, 'HERON-3', 'same reason')))!;
    const before = (await rawData(b.id)).reason;
    await h.deps.store.save({ referral: { ...b, version: b.version + 1 }, events: [] }, b.version, a);
    const after = await rawData(b.id);
    expect(after.reason).not.toBe(before);
    expect(after.reason).not.toBe((await rawData(a.id)).reason);
    expect(await h.deps.store.get(b.id)).toMatchObject({ pseudonym: 'HERON-3', reason: 'same reason' });
  });
});
