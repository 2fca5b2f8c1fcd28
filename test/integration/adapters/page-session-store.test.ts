import { type DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPageSessionStore } from '../../../functions/adapters/dynamo/page-session-store.ts';
import { StoredItemError } from '../../../functions/adapters/dynamo/stored.ts';
import { TTL_ATTRIBUTE } from '../../../functions/adapters/dynamo/table.ts';
import type { StaffPrincipal } from '../../../functions/ports/staff.ts';
import { createTestTable } from '../../support/table.ts';

let dynamo: DynamoDBClient;
let tableName: string;
beforeAll(async () => {
  ({ dynamo, tableName } = await createTestTable('page-sessions'));
});

const WORKER: StaffPrincipal = { sub: 'sw-1', org: 'mdm-lu', roles: ['social_worker', 'coordinator'] };
const T0 = 1_800_000_000; // epoch seconds
const HOUR = 3600;

/** A store whose wall clock the test moves. */
function storeAt(start = T0) {
  let now = start;
  const store = createPageSessionStore(dynamo, tableName, { idleSeconds: 30 * 60, now: () => now * 1000 });
  return { store, at: (s: number) => (now = s) };
}

describe('page sessions on the table', () => {
  it('keeps a refresh token sealed, gives it back to the cookie holder, and outlives the ID token', async () => {
    const { store, at } = storeAt();
    const id = await store.open({ ...WORKER, sub: 'sw-refresh' }, T0 + HOUR, 'the-refresh-token-0123456789');
    const items = (await dynamo.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain('the-refresh-token-0123456789');
    expect(items.find((i) => i.data?.S?.includes('sw-refresh'))?.['rt']?.S).toBeTruthy();
    expect(await store.resume(id)).toEqual({
      principal: { ...WORKER, sub: 'sw-refresh' },
      tokenExpiresAt: T0 + HOUR,
      refreshToken: 'the-refresh-token-0123456789',
    });
    // In use past the ID token's hour: alive (the pages refresh it), with its expiry as it was.
    for (let minute = 20; minute <= 100; minute += 20) {
      at(T0 + minute * 60);
      expect((await store.resume(id))?.tokenExpiresAt).toBe(T0 + HOUR);
    }
  });

  it('renews a session with the refreshed roles and token, and not one signed out', async () => {
    const { store, at } = storeAt();
    const id = await store.open(WORKER, T0 + HOUR, 'refresh-one-0123456789');
    at(T0 + 25 * 60);
    await store.resume(id);
    at(T0 + 50 * 60);
    expect(
      await store.renew(id, { ...WORKER, roles: ['accompanier'] }, T0 + 2 * HOUR, 'refresh-two-0123456789'),
    ).toBe(true);
    expect(await store.resume(id)).toEqual({
      principal: { ...WORKER, roles: ['accompanier'] },
      tokenExpiresAt: T0 + 2 * HOUR,
      refreshToken: 'refresh-two-0123456789',
    });
    await store.close(id);
    expect(await store.renew(id, WORKER, T0 + 3 * HOUR)).toBe(false);
    expect(await store.resume(id)).toBeUndefined();
  });

  it('ends a refreshable session at its maximum age however busy', async () => {
    let now = T0;
    const store = createPageSessionStore(dynamo, tableName, { maxSeconds: 2 * HOUR, now: () => now * 1000 });
    const id = await store.open(WORKER, T0 + HOUR, 'refresh-max-0123456789');
    for (let minute = 20; minute < 120; minute += 20) {
      now = T0 + minute * 60;
      expect(await store.resume(id)).toBeDefined();
    }
    now = T0 + 2 * HOUR;
    expect(await store.resume(id)).toBeUndefined();
  });

  it('opens a session under an opaque 256-bit base64url id and resumes it as its principal', async () => {
    const { store } = storeAt();
    const id = await store.open(WORKER, T0 + 8 * HOUR);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await store.resume(id))?.principal).toEqual(WORKER);
    expect(await store.open(WORKER, T0 + 8 * HOUR)).not.toBe(id);
  });

  it('keeps neither the id nor anything but the principal and deadlines in the table', async () => {
    const { store } = storeAt();
    const id = await store.open({ ...WORKER, sub: 'sw-stored' }, T0 + HOUR);
    const items = (await dynamo.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    const mine = items.find((i) => i.data?.S?.includes('sw-stored'));
    expect(mine).toBeDefined();
    expect(JSON.stringify(items)).not.toContain(id);
    expect(JSON.parse(mine!.data!.S!)).toEqual({
      sub: 'sw-stored',
      org: 'mdm-lu',
      roles: ['social_worker', 'coordinator'],
      tokenExpiresAt: T0 + HOUR,
      openedAt: T0,
    });
    expect(Number(mine![TTL_ATTRIBUTE]!.N)).toBe(T0 + 30 * 60);
  });

  it('ends after 30 idle minutes, and each use pushes that back', async () => {
    const { store, at } = storeAt();
    const id = await store.open(WORKER, T0 + 8 * HOUR);
    at(T0 + 25 * 60);
    expect((await store.resume(id))?.principal).toEqual(WORKER);
    at(T0 + 50 * 60); // 25 minutes after the last use, 50 after sign-in
    expect((await store.resume(id))?.principal).toEqual(WORKER);
    at(T0 + 80 * 60 + 1); // 30 minutes and a second after the last use
    expect(await store.resume(id)).toBeUndefined();
  });

  it('never outlives the token it was opened with, however busy', async () => {
    const { store, at } = storeAt();
    const id = await store.open(WORKER, T0 + 40 * 60);
    for (const minute of [10, 20, 30, 39]) {
      at(T0 + minute * 60);
      expect((await store.resume(id))?.principal).toEqual(WORKER);
    }
    at(T0 + 40 * 60);
    expect(await store.resume(id)).toBeUndefined();
  });

  it('refuses to open a session for a token already expired', async () => {
    const { store } = storeAt();
    await expect(store.open(WORKER, T0)).rejects.toThrow();
  });

  it('is gone once closed, and closing again or an unknown id is no error', async () => {
    const { store } = storeAt();
    const id = await store.open(WORKER, T0 + HOUR);
    await store.close(id);
    expect(await store.resume(id)).toBeUndefined();
    await store.close(id);
    await store.close('not-an-id');
  });

  it('does not revive a session closed between its read and its slide', async () => {
    const { store, at } = storeAt();
    const id = await store.open(WORKER, T0 + 8 * HOUR);
    at(T0 + 10 * 60);
    const [resumed] = await Promise.all([store.resume(id), store.close(id)]);
    // Whichever came first, the session is gone afterwards.
    expect([undefined, WORKER]).toContainEqual(resumed?.principal);
    expect(await store.resume(id)).toBeUndefined();
  });

  it('takes anything not shaped like its ids for no session', async () => {
    const { store } = storeAt();
    for (const id of [
      '',
      'x',
      'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig',
      'a'.repeat(44),
      `${'a'.repeat(42)}=`,
    ]) {
      expect(await store.resume(id)).toBeUndefined();
    }
  });

  it('reports a session item that does not decode, by its key, rather than sign anyone in', async () => {
    const { store } = storeAt();
    const id = await store.open({ ...WORKER, sub: 'sw-corrupt' }, T0 + HOUR);
    const items = (await dynamo.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    const item = items.find((i) => i.data?.S?.includes('sw-corrupt'))!;
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...item, data: { S: JSON.stringify({ sub: 'sw-corrupt', org: 'mdm-lu', roles: ['root'] }) } },
      }),
    );
    const failure = await store.resume(id).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoredItemError);
    expect((failure as StoredItemError).fields).toContain('data.roles.0');
  });
});
