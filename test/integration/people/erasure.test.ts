import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eraseReferral } from '../../../domain/people/erasure.ts';
import type { AccessEntry } from '../../../domain/ports.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  as,
  COORDINATOR,
  everythingIn,
  mailsTo,
  openReferral,
  specialistEmail,
  WORKER,
} from '../accompaniment/support.ts';
import type { Harness } from '../http/harness.ts';
import { builtReferral, HOUR, plus } from '../timers/support.ts';

/*
 * Erasure over HTTP on DynamoDB Local with the real event path: a person's referrals, with feed items,
 * an escalation on both boards and an accompaniment, are erased; a scan of the whole table then finds
 * nothing of them but tombstones (key, type, expiry), the others' data is intact and the yearly figures
 * are unchanged. The end of the retention period erases the same way, by the sweep.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('people-erasure');
});
afterAll(async () => {
  await h.stopEvents();
});

const T0 = '2026-11-25T09:00:00.000Z';
const PERSON = 'WREN-4411';
const OTHER = 'KITE-2200';
const REASON = 'recurrent marigold rash after the ferryman incident';
const REASON_WORDS = ['marigold', 'ferryman'];

type Item = Record<string, { S?: string; N?: string }>;
async function scan(): Promise<Item[]> {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const items: Item[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: h.tableName, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return items;
}

/** A tombstone holds its key, its type and its expiry, nothing else. */
const isTombstone = (i: Item) =>
  i['type']?.S === 'erased' && Object.keys(i).sort().join() === 'expiresAt,pk,sk,type';

const isAccessLogEntry = (i: Item) => i['pk']?.S?.startsWith('ACCESS#') === true;

const figures = async (who = COORDINATOR) => (await as(h, who, 'GET', '/v1/stats?year=2026')).json();
const status = async (id: string) => (await as(h, WORKER, 'GET', `/v1/referrals/${id}`)).status;
const byPseudonym = async (p: string) =>
  (await (await as(h, WORKER, 'GET', `/v1/referrals?pseudonym=${p}`)).json()).items as { id: string }[];

describe('POST /v1/people/{pseudonym}/erasure', () => {
  it('withdraws, holds what was just closed, erases everything of the person, and the sweep erases the rest', async () => {
    h.clock.set(new Date(T0));
    // An overdue outcome: the sweep raises an escalation (on both boards, in the coordinators' feed).
    const overdue = { ...builtReferral(T0), pseudonym: PERSON, reason: REASON };
    await h.deps.store.create({ referral: overdue, events: [] });
    await runSweep(h.deps);
    // One closed long before the erasure, one on offer, one scheduled with an accompanier.
    const done = await openReferral(h, { pseudonym: PERSON, reason: REASON, autoOffer: false });
    expect(
      (await as(h, WORKER, 'POST', `/v1/referrals/${done.id}/close`, { reason: 'completed' })).status,
    ).toBe(200);
    const onOffer = await openReferral(h, { pseudonym: PERSON, reason: REASON });
    const accompanied = await accompaniedReferral(h, { pseudonym: PERSON, reason: REASON });
    const other = await openReferral(h, { pseudonym: OTHER });
    await h.drainEvents();
    const mine = [overdue.id, done.id, onOffer.id, accompanied.id];
    const escalations = h.events.filter((e) => e.type === 'escalation.raised' && e.referralId === overdue.id);
    expect(escalations).toHaveLength(1);
    // Before: the person's referrals are there (their pseudonym sealed, never in clear: privacy/table-dump).
    const dumped = JSON.stringify(await scan());
    for (const id of mine) expect(dumped).toContain(id);
    expect(dumped).not.toContain(PERSON);

    // Two hours later: the completed one is past the hold, the others are closed by the erasure itself.
    h.clock.set(new Date(plus(T0, 2 * HOUR)));
    const before = h.sent.length;
    const res = await as(h, COORDINATOR, 'POST', `/v1/people/${PERSON}/erasure`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(JSON.stringify(body)).not.toContain(PERSON);
    expect(body.erased).toEqual([done.id]);
    expect(body.held.map((x: { id: string }) => x.id).sort()).toEqual(
      [overdue.id, onOffer.id, accompanied.id].sort(),
    );
    expect(body.items).toEqual({ referrals: 1, escalations: 0, feedItems: expect.any(Number) });
    expect(await status(done.id)).toBe(404);

    // The closing is told before the held referrals go: neutrally, to the specialists concerned.
    await h.drainEvents();
    const specialist = await specialistEmail(h, accompanied.appointment!.specialistId);
    const told = mailsTo(h, specialist, before);
    expect(told.length).toBeGreaterThan(0);
    for (const m of told) {
      for (const word of [PERSON, ...REASON_WORDS]) expect(everythingIn(m)).not.toContain(word);
    }
    const withdrawnCounted = await figures();

    // The sweep erases the held referrals once the hold is over, and not before.
    h.clock.set(new Date(plus(T0, 2 * HOUR + 30 * 60_000)));
    expect((await runSweep(h.deps)).fired.filter((f) => f.kind === 'erasure')).toEqual([]);
    h.clock.set(new Date(plus(T0, 3 * HOUR + 60_000)));
    const swept = await runSweep(h.deps);
    expect(
      swept.fired
        .filter((f) => f.kind === 'erasure')
        .map((f) => f.kind === 'erasure' && f.referralId)
        .sort(),
    ).toEqual([overdue.id, onOffer.id, accompanied.id].sort());
    await h.drainEvents();

    for (const id of mine) expect(await status(id)).toBe(404);
    expect(await byPseudonym(PERSON)).toEqual([]);
    expect(await figures()).toEqual(withdrawnCounted);
    const feed = await (await as(h, WORKER, 'GET', '/v1/me/notifications?limit=100')).json();
    expect(feed.items.filter((n: { referralId?: string }) => mine.includes(n.referralId ?? ''))).toEqual([]);
    const accFeed = await (await as(h, ACCOMPANIER, 'GET', '/v1/me/notifications?limit=100')).json();
    expect(accFeed.items.filter((n: { referralId?: string }) => mine.includes(n.referralId ?? ''))).toEqual(
      [],
    );
    for (const path of ['/v1/escalations', '/v1/escalations?state=acknowledged']) {
      const board = await as(h, COORDINATOR, 'GET', path);
      expect(JSON.stringify(await board.json())).not.toContain(overdue.id);
    }

    // The whole table: nothing of the person but tombstones; the other person's referral intact.
    const items = await scan();
    for (const item of items) {
      const text = JSON.stringify(item);
      for (const word of [PERSON, ...REASON_WORDS]) expect(text).not.toContain(word);
      const mentions = [...mine, (escalations[0]!.data as { escalationId: string }).escalationId].some((id) =>
        text.includes(id),
      );
      // The access log outlives the referral by design (ids and codes only, checked above): who read,
      // changed and erased it stays on record.
      if (mentions && !isAccessLogEntry(item)) expect(item, text).toSatisfy(isTombstone);
    }
    const erasedEntries = items
      .filter(isAccessLogEntry)
      .map(
        (i) =>
          JSON.parse(i['data']?.S ?? '{}') as { action: string; referralId: string; actor: { id: string } },
      )
      .filter((e) => e.action === 'erased');
    expect(new Set(erasedEntries.map((e) => e.referralId))).toEqual(new Set(mine));
    expect(erasedEntries.every((e) => e.actor.id === COORDINATOR.sub || e.actor.id === 'sweep')).toBe(true);
    expect(items.filter(isTombstone).length).toBeGreaterThanOrEqual(mine.length + 2);
    expect(await status(other.id)).toBe(200);
    expect((await byPseudonym(OTHER)).map((r) => r.id)).toEqual([other.id]);

    // Repeating it: the person is unknown now.
    expect((await as(h, COORDINATOR, 'POST', `/v1/people/${PERSON}/erasure`)).status).toBe(404);
  });

  it('is for a coordinator of the organisation: 403 for a social worker, 404 for another organisation or an unknown pseudonym', async () => {
    const r = await openReferral(h, { pseudonym: 'MOTH-9' });
    expect((await as(h, WORKER, 'POST', '/v1/people/MOTH-9/erasure')).status).toBe(403);
    const foreign = { ...COORDINATOR, org: 'dune-bxl' };
    const refused = await as(h, foreign, 'POST', '/v1/people/MOTH-9/erasure');
    const unknown = await as(h, COORDINATOR, 'POST', '/v1/people/NOBODY-0/erasure');
    expect(refused.status).toBe(404);
    expect(unknown.status).toBe(404);
    // The same answer whether another organisation knows the pseudonym or nobody does.
    const { requestId: _a, ...refusal } = await refused.json();
    const { requestId: _b, ...unknownRefusal } = await unknown.json();
    expect(refusal).toEqual(unknownRefusal);
    expect(await status(r.id)).toBe(200);
  });

  it('records each erasure in the access log with who and how, and no pseudonym', async () => {
    const r = { ...builtReferral(T0), pseudonym: 'LOG-PERSON-1' };
    await h.deps.store.create({ referral: r, events: [] });
    const entries: AccessEntry[] = [];
    const accessLog = {
      record: async (e: readonly AccessEntry[]) => void entries.push(...e),
      list: async () => ({ items: [] }),
    };
    const by = {
      actor: { role: 'coordinator' as const, id: COORDINATOR.sub },
      route: 'POST /v1/people/{pseudonym}/erasure',
    };
    await eraseReferral({ ...h.deps, accessLog }, r, by);
    expect(entries).toEqual([
      { referralId: r.id, org: 'mdm-lu', at: h.clock.now().toISOString(), action: 'erased', ...by },
    ]);
    expect(JSON.stringify(entries)).not.toContain('LOG-PERSON-1');
    expect(await h.deps.store.get(r.id)).toBeUndefined();
  });
});

describe('retention of closed referrals', () => {
  it('erases a closed referral by the sweep once the retention period (24 months) is over, the figures unchanged', async () => {
    h.clock.set(new Date(T0));
    const r = await openReferral(h, { pseudonym: 'HARE-31', reason: REASON, autoOffer: false });
    await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/close`, { reason: 'completed' });
    await h.drainEvents();
    const counted = await figures();

    h.clock.set(new Date('2028-11-24T09:00:00.000Z'));
    expect((await runSweep(h.deps)).fired.some((f) => f.kind === 'erasure')).toBe(false);
    expect(await status(r.id)).toBe(200);

    h.clock.set(new Date('2028-11-25T09:00:01.000Z'));
    const swept = await runSweep(h.deps);
    expect(swept.fired).toContainEqual({ kind: 'erasure', referralId: r.id, why: 'retention' });
    await h.drainEvents();
    expect(await status(r.id)).toBe(404);
    expect(await byPseudonym('HARE-31')).toEqual([]);
    expect(await figures()).toEqual(counted);
    expect(JSON.stringify(await scan())).not.toContain('HARE-31');
  });
});
