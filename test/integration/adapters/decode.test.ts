import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';
import { sealReferral } from '../../../functions/adapters/crypto/referral-fields.ts';
import {
  escalationKey,
  notificationKey,
  organisationKey,
  orgStatusPartition,
  referralKey,
  seenEventKey,
  shardOf,
  specialistKey,
  specialistLoadKey,
  statsOrgKey,
} from '../../../functions/adapters/dynamo/keys.ts';
import { outboxTextOf } from '../../../functions/adapters/dynamo/outbox.ts';
import { jsonTextOf, packJsonAsFormat1 } from '../../../functions/adapters/dynamo/packed-json.ts';
import { createSeenEvents } from '../../../functions/adapters/dynamo/seen-events.ts';
import { StoredItemError } from '../../../functions/adapters/dynamo/stored.ts';
import { INDEX } from '../../../functions/adapters/dynamo/table.ts';
import { dispatchEvent } from '../../../functions/consumers/dispatch.ts';
import { CONSUMERS } from '../../../functions/consumers/index.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';

/*
 * Items read back from DynamoDB are decoded at the boundary. A corrupt item, put with the raw client as a
 * bug or a hand edit would leave it, is a clear error for that one record: a 500 problem for the request
 * that read it (nothing of why), a log line with its key and never its content; a list that meets one
 * fails rather than leave it out. Every other record still reads.
 */

type Item = Record<string, AttributeValue>;

let h: Harness;
let db: DynamoDBClient;
let good: Referral;
let goodItem: Item;
const PSEUDONYM = 'HERON-4471';
const REASON = 'persistent cough for three weeks';

beforeAll(async () => {
  h = await createHarness('decode');
  db = localDynamoClient(inject('dynamoEndpoint') as string);
  const res = await h.call('POST', '/v1/referrals', {
    body: openBody({ pseudonym: PSEUDONYM, reason: REASON, autoOffer: false }),
  });
  expect(res.status).toBe(201);
  good = await res.json();
  const out = await db.send(new GetItemCommand({ TableName: h.tableName, Key: referralKey(good.id) }));
  goodItem = out.Item!;
});

const put = (Item: Item) => db.send(new PutItemCommand({ TableName: h.tableName, Item }));

/** The good referral's item copied under another id, in another organisation, its data rewritten. */
async function corruptReferral(id: string, org: string, data: (json: string) => string): Promise<void> {
  const json = JSON.stringify({ ...JSON.parse(jsonTextOf(goodItem['data'])!), id, org });
  await put({
    ...goodItem,
    ...referralKey(id),
    data: { S: data(json) },
    [INDEX.byOrg.pk]: { S: org },
    [INDEX.byOrg.sk]: { S: `2026-11-25T09:00:00.000Z#${id}` },
    [INDEX.byOrgStatus.pk]: { S: orgStatusPartition(org, 'open') },
    [INDEX.byPerson.pk]: { S: `${org}#${PSEUDONYM}` },
  });
}

const edit =
  (change: (r: Record<string, unknown>) => void) =>
  (json: string): string => {
    const r = JSON.parse(json) as Record<string, unknown>;
    change(r);
    return JSON.stringify(r);
  };

const CORRUPT: [string, string, (json: string) => string, string][] = [
  ['data that is not JSON', 'REF-BADJSON', (json) => json.slice(0, json.indexOf('"timeline"') + 14), 'data'],
  ['a field missing', 'REF-NOTIMELINE', edit((r) => delete r['timeline']), 'data.timeline'],
  ['a status out of its enum', 'REF-BADSTATUS', edit((r) => (r['status'] = 'lost')), 'data.status'],
  [
    'a timeline entry with a bad instant',
    'REF-BADENTRY',
    edit((r) => ((r['timeline'] as { at: string }[])[0]!.at = 'yesterday')),
    'data.timeline.0.at',
  ],
];

describe('a referral item written before its data was packed', () => {
  it('reads as it did (data a JSON string), and its next write packs it', async () => {
    expect(goodItem['data']?.B).toBeDefined();
    const packedRead = await h.deps.store.get(good.id);
    await put({ ...goodItem, data: { S: jsonTextOf(goodItem['data'])! } });
    expect(await h.deps.store.get(good.id)).toEqual(packedRead);

    const written = await h.call('POST', `/v1/referrals/${good.id}/close`, { body: { reason: 'cancelled' } });
    expect(written.status, await written.text()).toBe(200);
    const out = await db.send(
      new GetItemCommand({ TableName: h.tableName, Key: referralKey(good.id), ConsistentRead: true }),
    );
    expect(out.Item?.['data']?.S).toBeUndefined();
    expect(JSON.parse(jsonTextOf(out.Item?.['data'])!)).toMatchObject({ id: good.id, status: 'closed' });
    await put(goodItem);
  });

  it('reads as it did packed in format 1 with its outbox JSON text, and its next write packs it anew', async () => {
    const packedRead = await h.deps.store.get(good.id);
    const record = JSON.parse(jsonTextOf(goodItem['data'])!);
    await put({ ...goodItem, data: packJsonAsFormat1(record), outbox: { S: '[]' } });
    expect(await h.deps.store.get(good.id)).toEqual(packedRead);

    const written = await h.call('POST', `/v1/referrals/${good.id}/close`, { body: { reason: 'cancelled' } });
    expect(written.status, await written.text()).toBe(200);
    const out = await db.send(
      new GetItemCommand({ TableName: h.tableName, Key: referralKey(good.id), ConsistentRead: true }),
    );
    expect(out.Item?.['data']?.B?.[0]).toBe(2);
    expect(JSON.parse(outboxTextOf(out.Item)!)).toEqual([
      expect.objectContaining({ type: 'referral.closed' }),
    ]);
    await put(goodItem);
  });

  it('packed in a format no reader knows is an error for that record, not a guess', async () => {
    await put({ ...goodItem, data: { B: Uint8Array.of(9, 1, 2, 3) } });
    const err = await h.deps.store.get(good.id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoredItemError);
    expect((err as StoredItemError).fields).toEqual(['data']);
    await put(goodItem);
  });
});

describe('a corrupt referral item', () => {
  it.each(CORRUPT)(
    'with %s is an error for that record in the store, logged with its key',
    async (_l, id, data, field) => {
      await corruptReferral(id, 'corrupt-org', data);
      const before = h.logLines.length;
      const err = await h.deps.store.get(id).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StoredItemError);
      expect(err).toMatchObject({ family: 'referral', pk: `REF#${id}`, sk: 'REF' });
      expect((err as StoredItemError).fields).toContain(field);

      const lines = h.logLines.slice(before);
      const line = lines.find((l) => l.includes('stored item unreadable'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({
        level: 'error',
        pk: `REF#${id}`,
        sk: 'REF',
        family: 'referral',
      });
      // The key, never the content.
      for (const l of lines) {
        expect(l).not.toContain(PSEUDONYM);
        expect(l).not.toContain(REASON);
        expect(l).not.toContain('lost');
      }
    },
  );

  it.each(CORRUPT)('with %s is a 500 problem for GET /v1/referrals/{id}, telling nothing', async (_l, id) => {
    const before = h.logLines.length;
    const res = await h.call('GET', `/v1/referrals/${id}`, { org: 'corrupt-org' });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 500, type: 'urn:relais:problem:internal' });
    expect(problem.requestId).toEqual(expect.any(String));
    const text = JSON.stringify(problem);
    expect(problem.errors).toBeUndefined();
    for (const leak of [id, 'timeline', 'data.', 'lost', PSEUDONYM, REASON]) expect(text).not.toContain(leak);
    const lines = h.logLines.slice(before);
    expect(lines.some((l) => l.includes('stored item unreadable') && l.includes(`REF#${id}`))).toBe(true);
  });

  it('fails the list it is in, rather than leave it out', async () => {
    const res = await h.call('GET', '/v1/referrals', { org: 'corrupt-org' });
    expect(res.status).toBe(500);
    await expect(h.deps.store.listByOrg('corrupt-org', { limit: 50 })).rejects.toBeInstanceOf(
      StoredItemError,
    );
  });

  it('leaves every other referral readable, alone and in its list', async () => {
    const one = await h.call('GET', `/v1/referrals/${good.id}`);
    expect(one.status).toBe(200);
    expect((await one.json()).id).toBe(good.id);
    const list = await h.call('GET', '/v1/referrals');
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((r: Referral) => r.id)).toEqual([good.id]);
  });

  it('is found by the sweep as a failed item, not skipped, and the rest of the shard goes on', async () => {
    const id = 'REF-DUE';
    await corruptReferral(
      id,
      'corrupt-org',
      edit((r) => (r['urgency'] = 'whenever')),
    );
    const item = (await db.send(new GetItemCommand({ TableName: h.tableName, Key: referralKey(id) }))).Item!;
    await put({
      ...item,
      [INDEX.byDue.pk]: { S: `DUE#${shardOf(id)}` },
      [INDEX.byDue.sk]: { S: `2026-11-20T00:00:00.000Z#${id}` },
    });
    const page = await h.deps.dueIndex.listDue(shardOf(id), '2026-11-25T09:00:00.000Z', { limit: 10 });
    expect(page.items).toContainEqual({
      type: 'unreadable',
      error: expect.objectContaining({ name: 'StoredItemError', pk: `REF#${id}`, fields: ['data.urgency'] }),
    });
    // The sweep counts it as a failed item (logged with its key, a metric an alarm watches) and goes on.
    const swept = await runSweep(h.deps, { now: new Date('2026-11-25T09:00:00.000Z') });
    expect(swept.failed).toBeGreaterThanOrEqual(1);
    expect(h.logLines.some((l) => l.includes('sweep item failed') && l.includes(`REF#${id}`))).toBe(true);
  });
});

describe('a consumer reading a corrupt referral', () => {
  it('fails its delivery, and a retry once the item is repaired runs the reaction', async () => {
    const id = 'REF-CONSUMER';
    await corruptReferral(
      id,
      'corrupt-org',
      edit((r) => delete r['consent']),
    );
    const event = {
      id: 'evt-corrupt-1',
      type: 'outcome.recorded',
      version: 1,
      at: '2026-11-25T09:00:00.000Z',
      referralId: id,
      org: 'corrupt-org',
      actor: { role: 'social_worker', id: 'sw-1' },
      data: { attended: false },
    } as RelaisEvent;
    const seen = createSeenEvents(db, h.tableName);
    const failed = await dispatchEvent(event, CONSUMERS, seen, h.deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    const errors = failed instanceof AggregateError ? failed.errors : [failed];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e instanceof StoredItemError && e.pk === `REF#${id}`)).toBe(true);

    // Repaired (the good referral under this id, sealed for it: a sealed value copied from another record
    // does not open): the retried delivery runs the consumers that failed.
    const stored = await h.deps.store.get(good.id);
    const repaired = JSON.stringify(
      await sealReferral(h.deps.keyRing, { ...stored!, id, org: 'corrupt-org' }),
    );
    await corruptReferral(id, 'corrupt-org', () => repaired);
    const outcomes = await dispatchEvent(event, CONSUMERS, seen, h.deps);
    expect(outcomes.some((o) => o.outcome === 'done')).toBe(true);
  });
});

describe('the other item families', () => {
  it('refuse a specialist with a locale out of its enum, and still read the others', async () => {
    const ok = specialist({ id: 'spec-ok', specialty: 'dental' });
    await h.deps.specialists.put(ok);
    await h.deps.specialists.put(specialist({ id: 'spec-bad', specialty: 'dental' }));
    const out = await db.send(new GetItemCommand({ TableName: h.tableName, Key: specialistKey('spec-bad') }));
    const data = { ...JSON.parse(out.Item!['data']!.S!), locale: 'xx' };
    await put({ ...out.Item!, data: { S: JSON.stringify(data) } });

    await expect(h.deps.specialists.get('spec-bad')).rejects.toMatchObject({
      name: 'StoredItemError',
      pk: 'SPEC#spec-bad',
      fields: ['data.locale'],
    });
    expect(await h.deps.specialists.get('spec-ok')).toEqual(ok);
    await expect(h.deps.specialists.listBySpecialty('dental')).rejects.toBeInstanceOf(StoredItemError);
    await expect(h.deps.specialists.list({ limit: 50, specialty: 'dental' })).rejects.toBeInstanceOf(
      StoredItemError,
    );
    const res = await h.call('GET', '/v1/specialists/spec-bad', { role: 'coordinator' });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuse an organisation without its contact', async () => {
    await put({
      ...organisationKey('org-bad'),
      type: { S: 'organisation' },
      data: { S: '{"id":"org-bad"}' },
    });
    await expect(h.deps.organisations.get('org-bad')).rejects.toMatchObject({
      pk: 'ORG#org-bad',
      fields: expect.arrayContaining(['data.contact', 'data.locale']),
    });
  });

  it('refuse an escalation with a level out of its enum, on its own and on its board', async () => {
    const e: BoardEscalation = {
      id: 'ESC-BAD',
      referralId: 'ref-x',
      org: 'esc-org',
      kind: 'outcome_missing',
      level: 'org_coordinator',
      since: '2026-11-20T10:00:00.000Z',
      state: 'open',
      urgency: 'routine',
      action: 'record_outcome',
      version: 1,
      raisedAt: '2026-11-20T10:00:00.000Z',
    };
    expect(await h.deps.escalations.create(e, [])).toBe(true);
    const out = await db.send(new GetItemCommand({ TableName: h.tableName, Key: escalationKey(e.id) }));
    await put({ ...out.Item!, data: { S: JSON.stringify({ ...e, level: 'president' }) } });
    await expect(h.deps.escalations.get(e.id)).rejects.toMatchObject({
      pk: 'ESC#ESC-BAD',
      fields: ['data.level'],
    });
    await expect(
      h.deps.escalations.listBoard({ org: 'esc-org' }, 'open', { limit: 10 }),
    ).rejects.toBeInstanceOf(StoredItemError);
  });

  it('refuse a notification without its event id, failing the feed that holds it', async () => {
    const recipient = { sub: 'feed-reader', org: 'mdm-lu' };
    await h.deps.notifications.add(recipient, {
      id: 'n-1',
      at: '2026-11-25T08:00:00.000Z',
      kind: 'outcome_recorded',
      eventId: 'evt-1',
    });
    const key = notificationKey(recipient, '2026-11-25T09:00:00.000Z', 'evt-2');
    await put({
      ...key,
      type: { S: 'notification' },
      data: { S: '{"id":"n-2","at":"2026-11-25T09:00:00.000Z"}' },
    });
    await expect(h.deps.notifications.list(recipient, { limit: 10 })).rejects.toMatchObject({
      pk: 'USER#mdm-lu#feed-reader',
      fields: expect.arrayContaining(['data.kind', 'data.eventId']),
    });
  });
  it('refuse a yearly counter that is not a number', async () => {
    await put({ ...statsOrgKey('stats-org', 2026), c_referrals: { S: 'many' }, c_outcomes: { N: '2' } });
    await expect(h.deps.stats.get({ org: 'stats-org' }, 2026)).rejects.toMatchObject({
      name: 'StoredItemError',
      pk: 'STATS#stats-org#2026',
      fields: ['c_referrals'],
    });
  });

  it('refuse a specialist load whose last offer is not an instant', async () => {
    await put({ ...specialistLoadKey('load-bad'), lastOfferedAt: { N: '5' } });
    await h.deps.specialistLoad.recordOffer('load-ok', '2026-11-20T10:00:00.000Z');
    await expect(h.deps.specialistLoad.loadOf(['load-ok', 'load-bad'], h.clock.now())).rejects.toMatchObject({
      pk: 'LOAD#load-bad',
      fields: ['lastOfferedAt'],
    });
    const ok = await h.deps.specialistLoad.loadOf(['load-ok'], h.clock.now());
    expect(ok.get('load-ok')).toEqual({ monthCount: 0, lastOfferedAt: '2026-11-20T10:00:00.000Z' });
  });

  it('refuse a consumer marker in no state it is written in, without running the consumer', async () => {
    await put({ ...seenEventKey('notify', 'evt-odd'), seenState: { S: 'weird' } });
    let ran = false;
    const seen = createSeenEvents(db, h.tableName);
    await expect(
      seen.once('notify', 'evt-odd', async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ name: 'StoredItemError', pk: 'SEEN#notify#evt-odd', fields: ['seenState'] });
    expect(ran).toBe(false);
  });
});
