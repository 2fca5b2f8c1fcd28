import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoClient, localStreamsClient } from '../../../local/dynamodb.ts';
import { createStreamTap, type ReferralRecord, type StreamTap } from '../../support/stream-tap.ts';
import { type Harness, specialist } from '../http/harness.ts';
import { linkIn, linksHarness, openReferral, pathOf, postForm, postJson, stored } from '../links/support.ts';

/*
 * THE CHECK of issue 13: after a full flow over HTTP (open, offers, a question answered, accepted,
 * accompanied from a meeting point, departed, arrived, an outcome with a note, closed; a second referral
 * of the same person returned with advice), a dump of the table (every item, every attribute, key and
 * index key) and the stream records the publisher read show neither the pseudonym nor any word of the
 * free text sent. Yet every route still reads them back in clear.
 */

const PSEUDONYM = 'KESTREL-5532';
const TEXTS = {
  reason: 'persistent wheezing since the Hollerich shelter shut down',
  question: 'Does the wheezing worsen during nightshifts outdoors?',
  answer: 'Mostly after nightshifts spent near Gasperich roundabout',
  place: 'Polyclinique Kirchberg, consultation corridor',
  meetingPoint: 'bakery Schueberfouer entrance',
  note: 'inhaler prescribed, salbutamol twice daily',
  advice: 'Pharmacist Bonnevoie can renew salbutamol without visit',
};
/** Every word of the free text long enough to give something away on its own. */
const WORDS = [
  PSEUDONYM,
  ...new Set(
    Object.values(TEXTS)
      .flatMap((t) => t.split(/[^\p{L}\p{N}-]+/u))
      .filter((w) => w.length >= 6),
  ),
];

const eyes = ['dump-a', 'dump-b'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'en', monthlyQuota: 50, languages: ['pt'] }),
);

let h: Harness;
let dynamo: DynamoDBClient;
let streams: DynamoDBStreamsClient;
let tap: StreamTap;
const records: ReferralRecord[] = [];

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint') as string;
  dynamo = localDynamoClient(endpoint);
  streams = localStreamsClient(endpoint);
  h = await linksHarness('table-dump', eyes);
  tap = createStreamTap({ dynamo, streams, tableName: h.tableName });
});

afterAll(async () => {
  await h?.stopEvents();
  dynamo?.destroy();
  streams?.destroy();
});

const latestLink = (email: string) => pathOf(linkIn(h.sent.filter((m) => m.to === email).at(-1)?.text));
const emailOf = (id: string | undefined) => eyes.find((s) => s.id === id)!.email;

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const out = await dynamo.send(new ScanCommand({ TableName: h.tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The words of WORDS found in `text`, case-insensitively. */
const leaked = (text: string) => WORDS.filter((w) => text.toLowerCase().includes(w.toLowerCase()));

describe('a table dump after a full flow', () => {
  it('shows neither the pseudonym nor a word of the free text, which every route still reads', async () => {
    records.push(...(await tap.poll()));
    // Opened: on offer to both specialists.
    const r = await openReferral(h, { pseudonym: PSEUDONYM, reason: TEXTS.reason });
    await h.drainEvents();
    const asker = r.offers[0]!.specialistId;

    // A question by link, answered by the worker: a fresh link to the same specialist.
    expect(
      (await postForm(h, `${latestLink(emailOf(asker))}/more-info`, { question: TEXTS.question })).status,
    ).toBe(200);
    const answered = await h.call('POST', `/v1/referrals/${r.id}/answer`, { body: { answer: TEXTS.answer } });
    expect(answered.status).toBe(200);
    await h.drainEvents();

    // Accepted by the fresh link, at a place.
    const accepted = await postJson(h, `${latestLink(emailOf(asker))}/accept`, {
      appointmentAt: '2026-11-27T10:00:00Z',
      place: TEXTS.place,
    });
    expect(accepted.status).toBe(200);
    await h.drainEvents();

    // Accompanied from a meeting point, departed, arrived, an outcome with a note, closed.
    const acc = { role: 'accompanier', sub: 'acc-dump' } as const;
    const assigned = await h.call('POST', `/v1/referrals/${r.id}/accompaniment`, {
      ...acc,
      body: { accompanierId: acc.sub, meetingPoint: TEXTS.meetingPoint },
    });
    expect(assigned.status).toBe(200);
    h.clock.set(new Date('2026-11-27T09:20:00Z'));
    expect((await h.call('POST', `/v1/referrals/${r.id}/departed`, acc)).status).toBe(200);
    h.clock.set(new Date('2026-11-27T09:55:00Z'));
    expect((await h.call('POST', `/v1/referrals/${r.id}/arrived`, acc)).status).toBe(200);
    h.clock.set(new Date('2026-11-27T11:00:00Z'));
    const outcome = await h.call('POST', `/v1/referrals/${r.id}/outcome`, {
      ...acc,
      body: { attended: true, note: TEXTS.note },
    });
    expect(outcome.status).toBe(200);
    const closed = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      role: 'coordinator',
      body: { reason: 'completed' },
    });
    expect(closed.status).toBe(200);
    await h.drainEvents();

    // A second referral of the same person, returned with advice.
    const second = await openReferral(h, { pseudonym: PSEUDONYM, reason: TEXTS.reason });
    await h.drainEvents();
    const adviser = second.offers[0]!.specialistId;
    expect(
      (await postJson(h, `${latestLink(emailOf(adviser))}/advice`, { advice: TEXTS.advice })).status,
    ).toBe(200);
    await h.drainEvents();

    // Everything reads back in clear through the store and the API.
    const first = await stored(h, r.id);
    expect(first).toMatchObject({
      pseudonym: PSEUDONYM,
      reason: TEXTS.reason,
      appointment: { place: TEXTS.place },
      accompaniment: { meetingPoint: TEXTS.meetingPoint },
      outcome: { note: TEXTS.note },
      exchanges: [expect.objectContaining({ question: TEXTS.question, answer: TEXTS.answer })],
    });
    expect((await stored(h, second.id)).advice).toBe(TEXTS.advice);
    const byPerson = await h.call('GET', `/v1/referrals?pseudonym=${PSEUDONYM}&limit=1`);
    expect(byPerson.status).toBe(200);
    const page = await byPerson.json();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await h.call(
      'GET',
      `/v1/referrals?pseudonym=${PSEUDONYM}&limit=1&cursor=${page.nextCursor}`,
    );
    expect(next.status).toBe(200);
    const ids = [page.items[0].id, (await next.json()).items[0].id].sort();
    expect(ids).toEqual([r.id, second.id].sort());

    // The cursor says nothing either, even decoded.
    expect(leaked(Buffer.from(page.nextCursor.replaceAll('.', ''), 'base64url').toString('latin1'))).toEqual(
      [],
    );
    expect(leaked(page.nextCursor)).toEqual([]);

    // The dump: every item, every attribute; and the stream's images.
    const items = await scanAll();
    expect(items.length).toBeGreaterThan(10);
    const dump = JSON.stringify(items);
    expect(dump).toContain(r.id); // the dump is of the right table
    expect(leaked(dump)).toEqual([]);
    records.push(...(await tap.poll()));
    expect(records.length).toBeGreaterThan(5);
    expect(leaked(JSON.stringify(records))).toEqual([]);
    expect(leaked(JSON.stringify(h.events))).toEqual([]);
  });
});
