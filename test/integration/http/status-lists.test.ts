import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Status } from '../../../domain/referral/model.ts';
import { createKeyRing } from '../../../functions/adapters/dynamo/key-ring.ts';
import { referralKey } from '../../../functions/adapters/dynamo/keys.ts';
import { reEncryptOrganisation } from '../../../functions/adapters/dynamo/re-encrypt.ts';
import { INDEX } from '../../../functions/adapters/dynamo/table.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import {
  ACCOMPANIER,
  acceptFirstOffer,
  accompanimentHarness,
  as,
  COORDINATOR,
  MDM,
  openReferral,
  WORKER,
} from '../accompaniment/support.ts';
import type { Harness } from './harness.ts';

/*
 * The byOrgStatus index holds a referral's status class (`<org>#active` or `<org>#closed`), so that its
 * key moves when the referral enters the index and when it closes, not at every change of status. A
 * list by one status reads the class's partition and keeps that status: every list path (the API, its
 * CSV, the pages' list and download, the accompaniers' available list) answers as by the status itself.
 */

let h: Harness;
let db: DynamoDBClient;
const ORG = MDM.id;
const byStatus: Record<string, string[]> = { open: [], offered: [], scheduled: [], closed: [] };

beforeAll(async () => {
  h = await accompanimentHarness('status-lists');
  db = localDynamoClient(inject('dynamoEndpoint') as string);
  // Interleaved, so that each status's referrals are spread over the active partition's pages.
  for (let i = 0; i < 3; i++) {
    byStatus['open']!.push((await openReferral(h, { pseudonym: `ST-OPEN-${i}`, autoOffer: false })).id);
    const offered = await openReferral(h, { pseudonym: `ST-OFFERED-${i}` });
    if (i === 0) byStatus['scheduled']!.push((await acceptFirstOffer(h, offered)).id);
    else byStatus['offered']!.push(offered.id);
    const toClose = await openReferral(h, { pseudonym: `ST-CLOSED-${i}`, autoOffer: false });
    const closed = await as(h, WORKER, 'POST', `/v1/referrals/${toClose.id}/close`, {
      reason: 'lost_contact',
    });
    expect(closed.status).toBe(200);
    byStatus['closed']!.push(toClose.id);
  }
});
afterAll(async () => {
  await h.stopEvents();
  db?.destroy();
});

/** Every id the API lists for a status, page after page of `limit`, each page checked. */
async function apiList(status: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ status, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await as(h, COORDINATOR, 'GET', `/v1/referrals?${query}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: string; status: string }[]; nextCursor?: string };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    expect(page.items.every((r) => r.status === status)).toBe(true);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids.sort();
}

const signIn = async (): Promise<string> => {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token('coordinator', ORG, COORDINATOR.sub) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
};

const everyId = () => Object.values(byStatus).flat();
const idsIn = (text: string) =>
  everyId()
    .filter((id) => text.includes(id))
    .sort();

describe('a list by status', () => {
  it.each(['open', 'offered', 'scheduled', 'closed'] as const)(
    'answers exactly the %s referrals through the API, its CSV, the page and its download',
    async (status: Status) => {
      const expected = [...byStatus[status]!].sort();
      expect(await apiList(status, 100)).toEqual(expected);
      // Small pages: a page reads on through the class's other statuses to fill, the cursor follows.
      expect(await apiList(status, 1)).toEqual(expected);
      const csvText = await (
        await h.call('GET', `/v1/referrals?status=${status}&limit=100`, {
          role: 'coordinator',
          sub: COORDINATOR.sub,
          headers: { accept: 'text/csv' },
        })
      ).text();
      expect(idsIn(csvText)).toEqual(expected);

      const cookie = await signIn();
      const html = await (await h.request(`/app/referrals?status=${status}`, { headers: { cookie } })).text();
      expect(idsIn(html)).toEqual(expected);
      const download = await h.request(`/app/referrals/export.csv?status=${status}`, { headers: { cookie } });
      expect(download.status).toBe(200);
      expect(idsIn(await download.text())).toEqual(expected);
    },
  );

  it('keeps the index key of the status class, moved only on closing', async () => {
    const keyOf = async (id: string) =>
      (
        await db.send(
          new GetItemCommand({ TableName: h.tableName, Key: referralKey(id), ConsistentRead: true }),
        )
      ).Item?.[INDEX.byOrgStatus.pk]?.S;
    for (const id of [...byStatus['open']!, ...byStatus['offered']!, ...byStatus['scheduled']!])
      expect(await keyOf(id)).toBe(`${ORG}#active`);
    for (const id of byStatus['closed']!) expect(await keyOf(id)).toBe(`${ORG}#closed`);
    // The accompaniers' list reads the active class too, and keeps the scheduled referrals needing one.
    const available = await as(h, ACCOMPANIER, 'GET', '/v1/me/available-accompaniments');
    expect(((await available.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(
      byStatus['scheduled'],
    );
  });

  it('lists a referral whose item still holds the key of before once the backfill rewrote it', async () => {
    const id = byStatus['open']![0]!;
    const before = await db.send(
      new GetItemCommand({ TableName: h.tableName, Key: referralKey(id), ConsistentRead: true }),
    );
    // As a stage deployed before issue 15 holds it: the status itself in the key.
    await db.send(
      new UpdateItemCommand({
        TableName: h.tableName,
        Key: referralKey(id),
        UpdateExpression: 'SET #k = :old',
        ExpressionAttributeNames: { '#k': INDEX.byOrgStatus.pk },
        ExpressionAttributeValues: { ':old': { S: `${ORG}#open` } },
      }),
    );
    expect(await apiList('open', 100)).not.toContain(id);

    const keyRing = createKeyRing({ client: db, tableName: h.tableName, wrapper: h.keyWrapper });
    const result = await reEncryptOrganisation({ client: db, tableName: h.tableName, keyRing, org: ORG });
    expect(result).toMatchObject({ scanned: everyId().length, reEncrypted: 1, retried: 0 });
    expect(await apiList('open', 100)).toEqual([...byStatus['open']!].sort());
    const after = await db.send(
      new GetItemCommand({ TableName: h.tableName, Key: referralKey(id), ConsistentRead: true }),
    );
    // Only the key changed (and the outbox emptied: its events went out when it was written).
    expect(after.Item?.['data']).toEqual(before.Item?.['data']);
    expect(after.Item?.['version']).toEqual(before.Item?.['version']);
    expect(after.Item?.['outbox']).toEqual({ S: '[]' });
    expect(
      await reEncryptOrganisation({ client: db, tableName: h.tableName, keyRing, org: ORG }),
    ).toMatchObject({ reEncrypted: 0 });
  });
});
