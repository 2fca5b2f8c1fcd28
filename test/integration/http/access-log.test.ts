import { DeleteItemCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { referralKey } from '../../../functions/adapters/dynamo/keys.ts';
import { createJsonLogger } from '../../../functions/lib/logger-json.ts';
import { publishStreamRecords } from '../../../functions/publish/publish-stream-records.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import {
  linkIn,
  linksHarness,
  mailsTo,
  openReferral,
  PSEUDONYM,
  pathOf,
  postForm,
  postJson,
  REASON,
} from '../links/support.ts';
import { type Harness, openBody, pageSessionOf, postPageForm, specialist } from './harness.ts';

/*
 * The access log over HTTP on DynamoDB Local: every read and change of a referral, through the API, the
 * pages and the links, is on record with who, when, what and through which route, read by the referring
 * organisation's coordinators only, newest first.
 */

let h: Harness;
const eyes = ['log-a', 'log-b', 'log-c'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'en', monthlyQuota: 50, languages: ['pt'] }),
);

beforeAll(async () => {
  h = await linksHarness('access-log', eyes);
});
afterAll(async () => {
  await h?.stopEvents();
});

/** Moves the service clock a second on, so that each step has its own instant. */
const tick = () => h.clock.set(new Date(h.clock.now().getTime() + 1000));

interface Entry {
  at: string;
  actor: { role: string; id: string };
  action: string;
  route: string;
}

/**
 * The whole log of a referral as its organisation's coordinator reads it, newest first, once the table's
 * stream has been read: the entries writes carried reach the log from there (access-recording.ts).
 */
async function logOf(id: string, limit = 100): Promise<Entry[]> {
  await h.drainEvents();
  const res = await h.call('GET', `/v1/referrals/${id}/access-log?limit=${limit}`, {
    role: 'coordinator',
    sub: 'log-reader',
  });
  expect(res.status).toBe(200);
  const items: Entry[] = (await res.json()).items;
  // Reading the log is itself on record: leave those out of what the tests look at.
  return items.filter((e) => e.action !== 'access_log.read');
}

const as = (role: StaffRole, sub: string, org = 'mdm-lu') => ({ role, sub, org });

/** The session cookie of a staff member signed in to the pages. */
const signedIn = (role: StaffRole, org: string, sub: string) => pageSessionOf(h, role, org, sub);

describe('the access log of a referral', () => {
  it('records a read with the reader’s sub, role and route, and the opening before it', async () => {
    tick();
    const r = await openReferral(h, { pseudonym: 'LOG-READ-1' });
    tick();
    expect((await h.call('GET', `/v1/referrals/${r.id}`, as('social_worker', 'reader-7'))).status).toBe(200);
    const log = await logOf(r.id);
    expect(log[0]).toEqual({
      at: h.clock.now().toISOString(),
      actor: { role: 'social_worker', id: 'reader-7' },
      action: 'read',
      route: 'GET /v1/referrals/{id}',
    });
    expect(log.at(-1)).toMatchObject({
      actor: { role: 'social_worker', id: 'social_worker-mdm-lu' },
      action: 'referral.opened',
      route: 'POST /v1/referrals',
    });
  });

  it('records each referral a list showed, and a change with its timeline action', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      tick();
      ids.push((await openReferral(h, { pseudonym: 'LOG-LIST-1', autoOffer: false })).id);
    }
    tick();
    const list = await h.call('GET', '/v1/referrals?pseudonym=LOG-LIST-1', as('coordinator', 'lister-1'));
    expect((await list.json()).items).toHaveLength(3);
    for (const id of ids) {
      expect((await logOf(id))[0]).toMatchObject({
        actor: { role: 'coordinator', id: 'lister-1' },
        action: 'listed',
        route: 'GET /v1/referrals',
      });
    }
    tick();
    const close = await h.call('POST', `/v1/referrals/${ids[0]}/close`, {
      ...as('social_worker', 'closer-1'),
      body: { reason: 'cancelled' },
    });
    expect(close.status).toBe(200);
    expect((await logOf(ids[0]!))[0]).toMatchObject({
      actor: { role: 'social_worker', id: 'closer-1' },
      action: 'referral.closed',
      route: 'POST /v1/referrals/{id}/close',
    });
  });

  it('records the referrals of a CSV export as exported, not as a page looked at', async () => {
    tick();
    const r = await openReferral(h, { pseudonym: 'LOG-CSV-1', autoOffer: false });
    tick();
    const csv = await h.call('GET', '/v1/referrals?pseudonym=LOG-CSV-1', {
      ...as('coordinator', 'exporter-1'),
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await logOf(r.id))[0]).toMatchObject({
      actor: { role: 'coordinator', id: 'exporter-1' },
      action: 'exported',
      route: 'GET /v1/referrals',
    });
  });

  it('records nothing for a HEAD, which shows no body: of a referral, or of a link (a mail scanner)', async () => {
    tick();
    const r = await openReferral(h, { pseudonym: 'LOG-HEAD-1' });
    await h.drainEvents();
    const first = eyes.find((s) => s.id === r.offers[0]?.specialistId)!;
    const link = pathOf(linkIn(mailsTo(h, first.email).at(-1)?.text));
    tick();
    const head = await h.call('HEAD', `/v1/referrals/${r.id}`, as('coordinator', 'header-1'));
    expect(head.status).toBe(200);
    expect((await h.request(link, { method: 'HEAD' })).status).toBe(200);
    const at = h.clock.now().toISOString();
    expect((await logOf(r.id)).filter((e) => e.at === at)).toEqual([]);
    // The same GETs are on record.
    tick();
    expect((await h.call('GET', `/v1/referrals/${r.id}`, as('coordinator', 'header-1'))).status).toBe(200);
    expect((await h.request(link)).status).toBe(200);
    const now = h.clock.now().toISOString();
    expect((await logOf(r.id)).filter((e) => e.at === now).map((e) => e.action)).toEqual(['read', 'read']);
  });

  it('records the specialist who opened and answered a link, never the token', async () => {
    tick();
    const r = await openReferral(h, { pseudonym: 'LOG-LINK-1' });
    await h.drainEvents();
    const first = eyes.find((s) => s.id === r.offers[0]?.specialistId)!;
    const link = pathOf(linkIn(mailsTo(h, first.email).at(-1)?.text));
    tick();
    expect((await h.request(link)).status).toBe(200);
    expect((await logOf(r.id))[0]).toEqual({
      at: h.clock.now().toISOString(),
      actor: { role: 'specialist', id: first.id },
      action: 'read',
      route: 'GET /o/{token}',
    });
    tick();
    expect((await postJson(h, `${link}/decline`, { reason: 'no_capacity' })).status).toBe(200);
    const log = await logOf(r.id);
    expect(log[0]).toMatchObject({
      actor: { role: 'specialist', id: first.id },
      action: 'offer.declined',
      route: 'POST /o/{token}/decline',
    });
    // The refused view of a link already answered shows nothing: no read recorded.
    tick();
    expect((await h.request(link)).status).toBeGreaterThanOrEqual(400);
    expect((await logOf(r.id))[0]?.at).not.toBe(h.clock.now().toISOString());
  });

  it('records a staff page that shows the referral', async () => {
    const r = await openReferral(h, { pseudonym: 'LOG-PAGE-1', autoOffer: false });
    const cookie = await signedIn('social_worker', 'mdm-lu', 'page-reader');
    tick();
    expect((await h.request(`/app/referrals/${r.id}`, { headers: { cookie } })).status).toBe(200);
    expect((await logOf(r.id))[0]).toMatchObject({
      actor: { role: 'social_worker', id: 'page-reader' },
      action: 'read',
      route: 'GET /app/referrals/{id}',
    });
  });

  it('records a close under referral.closed, the offers it withdraws beside it', async () => {
    tick();
    const r = await openReferral(h, { pseudonym: 'LOG-CLOSE-1' });
    expect(r.offers.filter((o) => o.state === 'pending').length).toBeGreaterThan(0);
    tick();
    const close = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      ...as('social_worker', 'closer-2'),
      body: { reason: 'cancelled' },
    });
    expect(close.status).toBe(200);
    expect((await logOf(r.id))[0]).toMatchObject({
      actor: { role: 'social_worker', id: 'closer-2' },
      action: 'referral.closed',
      route: 'POST /v1/referrals/{id}/close',
    });
  });

  it('records a staff page that refuses an action and shows the referral again', async () => {
    const r = await openReferral(h, { pseudonym: 'LOG-REFUSED-1', autoOffer: false });
    const cookie = await signedIn('social_worker', 'mdm-lu', 'refused-reader');
    tick();
    // No version: refused as a conflict, and the page shows the whole referral again.
    const res = await postPageForm(h, cookie, `/app/referrals/${r.id}/close`, '');
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('LOG-REFUSED-1');
    expect((await logOf(r.id))[0]).toMatchObject({
      at: h.clock.now().toISOString(),
      actor: { role: 'social_worker', id: 'refused-reader' },
      action: 'read',
      route: 'POST /app/referrals/{id}/{action}',
    });
  });

  it('records a link page shown again with a refused answer', async () => {
    tick();
    const r = await openReferral(h, { pseudonym: 'LOG-LINK-REFUSED' });
    await h.drainEvents();
    const first = eyes.find((s) => s.id === r.offers[0]?.specialistId)!;
    const link = pathOf(linkIn(mailsTo(h, first.email).at(-1)?.text));
    tick();
    const res = await postForm(h, `${link}/decline`, { reason: 'bogus' });
    expect(res.status).toBe(400);
    expect((await logOf(r.id))[0]).toEqual({
      at: h.clock.now().toISOString(),
      actor: { role: 'specialist', id: first.id },
      action: 'read',
      route: 'POST /o/{token}/decline',
    });
  });

  it('records what the accompanier’s page lists, as listed, and not for another organisation’s', async () => {
    tick();
    const r = await openReferral(h, { pseudonym: 'LOG-ACC-1' });
    await h.drainEvents();
    const first = eyes.find((s) => s.id === r.offers[0]?.specialistId)!;
    const link = pathOf(linkIn(mailsTo(h, first.email).at(-1)?.text));
    const accepted = await postJson(h, `${link}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' });
    expect(accepted.status).toBe(200);
    for (const [org, sub] of [
      ['mdm-lu', 'walker-1'],
      ['dune-bxl', 'walker-2'],
    ] as const) {
      const cookie = await signedIn('accompanier', org, sub);
      tick();
      expect((await h.request('/app/accompaniments', { headers: { cookie } })).status).toBe(200);
    }
    const log = await logOf(r.id);
    expect(log[0]).toMatchObject({
      actor: { role: 'accompanier', id: 'walker-1' },
      action: 'listed',
      route: 'GET /app/accompaniments',
    });
    expect(log.some((e) => e.actor.id === 'walker-2')).toBe(false);
    expect(log.some((e) => e.action === 'appointment.scheduled' && e.actor.id === first.id)).toBe(true);
  });

  it('is read by the referring organisation’s coordinators only; a refused read leaves no entry', async () => {
    const r = await openReferral(h, { pseudonym: 'LOG-WHO-1', autoOffer: false });
    const path = `/v1/referrals/${r.id}/access-log`;
    expect((await h.call('GET', path, as('coordinator', 'other-coord', 'dune-bxl'))).status).toBe(404);
    expect((await h.call('GET', path, as('network_coordinator', 'net-1', 'dune-bxl'))).status).toBe(403);
    expect((await h.call('GET', path, as('social_worker', 'sw-1'))).status).toBe(403);
    expect(
      (await h.call('GET', '/v1/referrals/no-such-referral/access-log', as('coordinator', 'c'))).status,
    ).toBe(404);
    expect(
      (await h.call('GET', `/v1/referrals/${r.id}`, as('coordinator', 'prying', 'dune-bxl'))).status,
    ).toBe(404);
    const log = await logOf(r.id);
    expect(log.some((e) => ['other-coord', 'prying', 'net-1'].includes(e.actor.id))).toBe(false);
  });

  it('records its own reads', async () => {
    const r = await openReferral(h, { pseudonym: 'LOG-SELF-1', autoOffer: false });
    tick();
    await h.call('GET', `/v1/referrals/${r.id}/access-log`, as('coordinator', 'auditor-1'));
    const res = await h.call('GET', `/v1/referrals/${r.id}/access-log`, as('coordinator', 'auditor-2'));
    expect((await res.json()).items[0]).toMatchObject({
      actor: { role: 'coordinator', id: 'auditor-1' },
      action: 'access_log.read',
      route: 'GET /v1/referrals/{id}/access-log',
    });
  });

  it('pages through many entries, newest first', async () => {
    const r = await openReferral(h, { pseudonym: 'LOG-MANY-1', autoOffer: false });
    for (let i = 0; i < 23; i++) {
      tick();
      expect((await h.call('GET', `/v1/referrals/${r.id}`, as('social_worker', `many-${i}`))).status).toBe(
        200,
      );
    }
    const seen: Entry[] = [];
    let cursor: string | undefined;
    do {
      const res = await h.call(
        'GET',
        `/v1/referrals/${r.id}/access-log?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        as('coordinator', 'pager'),
      );
      expect(res.status).toBe(200);
      const page = await res.json();
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const reads = seen.filter((e) => e.action === 'read').map((e) => e.actor.id);
    expect(reads).toEqual(Array.from({ length: 23 }, (_, i) => `many-${22 - i}`));
    const times = seen.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(seen.at(-1)?.action).toBe('referral.opened');
  });

  it('outlives the referral: read from its entries once the referral is gone', async () => {
    const r = await openReferral(h, { pseudonym: 'LOG-GONE-1', autoOffer: false });
    await h.call('GET', `/v1/referrals/${r.id}`, as('social_worker', 'before-erasure'));
    await h.deps.accessLog.record([
      {
        referralId: r.id,
        org: 'mdm-lu',
        at: h.clock.now().toISOString(),
        actor: { role: 'coordinator', id: 'eraser' },
        action: 'erased',
        route: 'POST /v1/people/{pseudonym}/erasure',
      },
    ]);
    await deleteReferralItem(r.id);
    expect((await h.call('GET', `/v1/referrals/${r.id}`, as('coordinator', 'c'))).status).toBe(404);
    const log = await logOf(r.id);
    expect(log.map((e) => e.action)).toContain('erased');
    expect(log.some((e) => e.actor.id === 'before-erasure')).toBe(true);
    const other = await h.call('GET', `/v1/referrals/${r.id}/access-log`, as('coordinator', 'x', 'dune-bxl'));
    expect(other.status).toBe(404);
  });

  it('has a change from its write: the item carries the route, the log the entry once, however delivered', async () => {
    const r = await openReferral(h, { pseudonym: 'LOG-ONCE-1', autoOffer: false });
    tick();
    const close = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      ...as('social_worker', 'closer-2'),
      body: { reason: 'cancelled' },
    });
    expect(close.status).toBe(200);
    const { Item: item } = await tableClient().send(
      new GetItemCommand({ TableName: h.tableName, Key: referralKey(r.id), ConsistentRead: true }),
    );
    // The route as declared: never the path, nor anything else of the request.
    expect(item?.['route']).toEqual({ S: 'POST /v1/referrals/{id}/close' });
    const closings = async () => (await logOf(r.id)).filter((e) => e.action === 'referral.closed');
    const expected = [
      {
        at: h.clock.now().toISOString(),
        actor: { role: 'social_worker', id: 'closer-2' },
        action: 'referral.closed',
        route: 'POST /v1/referrals/{id}/close',
      },
    ];
    expect(await closings()).toEqual(expected);
    // The same stream record delivered again, as Lambda retries a batch: the log adds nothing.
    const again = {
      Records: [{ eventID: 'again', eventName: 'MODIFY', dynamodb: { NewImage: item, SequenceNumber: '1' } }],
    } as unknown as DynamoDBStreamEvent;
    const silent = createJsonLogger({ level: 'silent' });
    const bus = { publish: async () => undefined };
    expect(await publishStreamRecords(again, bus, h.deps.accessLog, silent)).toEqual({
      batchItemFailures: [],
    });
    expect(await closings()).toEqual(expected);
  });

  it('holds ids and codes only: never the pseudonym, the reason or any free text', async () => {
    const r = await openReferral(h, { pseudonym: PSEUDONYM, reason: REASON });
    await h.call('GET', `/v1/referrals/${r.id}`);
    await h.call('GET', `/v1/referrals?pseudonym=${PSEUDONYM}`);
    const items = await everyLogItem();
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) {
      const text = JSON.stringify(item).toLowerCase();
      for (const secret of [PSEUDONYM, REASON, 'cataract', openBody().reason]) {
        expect(text).not.toContain(secret.toLowerCase());
      }
      const e = JSON.parse(item.data?.S ?? '{}');
      expect(Object.keys(e).sort()).toEqual(['action', 'actor', 'at', 'org', 'referralId', 'route']);
      expect(e.action).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
      expect(e.route).toMatch(/^(GET|HEAD|POST|PATCH) \/[a-z0-9/{}-]*$/);
      expect(Object.keys(e.actor).sort()).toEqual(['id', 'role']);
    }
  });
});

describe('the directory’s log', () => {
  const entry = (email: string) => ({
    kind: 'doctor',
    displayName: 'Dr Log',
    email,
    specialty: 'dermatology',
    practice: '1 rue de la Gare, Luxembourg',
    country: 'LU',
    languages: ['fr'],
    locale: 'fr',
    monthlyQuota: 4,
  });

  it('records who added and changed a specialist, read by those who may change it', async () => {
    tick();
    const added = await h.call('POST', '/v1/specialists', {
      ...as('coordinator', 'recruiter'),
      body: entry('dr-log@clinic.example'),
    });
    expect(added.status).toBe(201);
    const s = await added.json();
    tick();
    const patched = await h.call('PATCH', `/v1/specialists/${s.id}`, {
      ...as('admin', 'admin-1', 'dune-bxl'),
      body: { monthlyQuota: 6 },
    });
    expect(patched.status).toBe(200);
    const res = await h.call('GET', `/v1/specialists/${s.id}/access-log`, as('coordinator', 'c-1'));
    expect(res.status).toBe(200);
    expect((await res.json()).items.map((e: Entry) => [e.action, e.actor.role, e.actor.id, e.route])).toEqual(
      [
        ['specialist.changed', 'admin', 'admin-1', 'PATCH /v1/specialists/{id}'],
        ['specialist.created', 'coordinator', 'recruiter', 'POST /v1/specialists'],
      ],
    );
    const other = await h.call(
      'GET',
      `/v1/specialists/${s.id}/access-log`,
      as('coordinator', 'c', 'dune-bxl'),
    );
    expect(other.status).toBe(404);
  });
});

/** The table as a client of its own (the harness keeps its client to itself). */
const tableClient = () => localDynamoClient(inject('dynamoEndpoint'));

async function deleteReferralItem(id: string): Promise<void> {
  await tableClient().send(
    new DeleteItemCommand({ TableName: h.tableName, Key: { pk: { S: `REF#${id}` }, sk: { S: 'REF' } } }),
  );
}

/** Every access log item of this file's table. */
async function everyLogItem() {
  const out = await tableClient().send(
    new ScanCommand({
      TableName: h.tableName,
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': { S: 'ACCESS#' } },
    }),
  );
  return out.Items ?? [];
}
