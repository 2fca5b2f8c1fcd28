import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import type { EscalationKind } from '../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import {
  createHarness,
  type Harness,
  pageSessionOf,
  postPageForm,
  specialist,
  type TestResponse,
} from '../http/harness.ts';
import { HOUR, MDM_EN, MINUTE, open, plus, schedule, sweepAt } from '../timers/support.ts';
import { formOf } from './support.ts';

/*
 * Two coordinators acting at once on the same escalation, from the board or the API: each sends what it
 * saw (the board's forms the version it showed, the API If-Match), so the second is told "changed" (409)
 * and changes nothing, rather than both being told it worked while the second silently undid the first.
 * Real concurrent requests on DynamoDB Local, with the real event path keeping the board in step.
 */

let h: Harness;
let coordA: string;
let coordB: string;
let coordC: string;

beforeAll(async () => {
  h = await createHarness('escalations-board-races');
  await h.deps.organisations.put(MDM_EN);
  for (let i = 0; i < 2; i++) await h.deps.specialists.put(specialist());
  // Two accompaniers Relais has seen sign in: the board offers them by name.
  for (const sub of ['acc-ana', 'acc-ben']) {
    await h.call('GET', '/v1/me/notifications', { role: 'accompanier', sub });
  }
  await h.startEvents();
  coordA = await pageSessionOf(h, 'coordinator', 'mdm-lu', 'coord-a');
  coordB = await pageSessionOf(h, 'coordinator', 'mdm-lu', 'coord-b');
  coordC = await pageSessionOf(h, 'coordinator', 'mdm-lu', 'coord-c');
});
afterAll(async () => h.stopEvents());

const board = async (cookie: string): Promise<string> =>
  (await h.request('/app/board', { headers: { cookie } })).text();

/** Where a board action sent the browser back: the notice it shows. */
const noticeOf = (res: TestResponse): string | null => {
  expect(res.status).toBe(303);
  return new URL(res.headers.get('location') ?? '', 'http://x').searchParams.get('notice');
};

/** The open escalation of `kind` on the referral, as the board keeps it. */
async function onBoard(r: Referral, kind: EscalationKind): Promise<BoardEscalation> {
  const page = await h.deps.escalations.listBoard({ org: r.org }, 'open', { limit: 100 });
  const e = page.items.find((i) => i.referralId === r.id && i.kind === kind);
  if (!e) throw new Error(`no open ${kind} escalation on ${r.id}`);
  return e;
}

/**
 * A referral needing an accompanier, scheduled five days on, nobody assigned a day before: "no
 * accompanier" on the organisation's board. With `passed`, the appointment is over with nobody there
 * to confirm it: "arrival not confirmed" instead.
 */
async function unaccompanied(pseudonym: string, kind: 'no_accompanier' | 'arrival_unconfirmed') {
  const r = await open(h, { pseudonym });
  const appt = plus(h.clock.now(), 5 * 24 * HOUR);
  await schedule(h, r.id, appt);
  await sweepAt(h, plus(appt, kind === 'no_accompanier' ? -24 * HOUR : 31 * MINUTE));
  await h.drainEvents();
  return { r, e: await onBoard(r, kind) };
}

const assigned = (r: Referral) => r.timeline.filter((t) => t.action === 'accompaniment.assigned');

describe('two coordinators assigning an accompanier from the board at once', () => {
  it.each(['no_accompanier', 'arrival_unconfirmed'] as const)(
    'on "%s": one is told it was assigned, the other that it changed, and the first one stands',
    async (kind) => {
      const { r, e } = await unaccompanied(`RACE-${kind}`, kind);
      // Both look at the board, and both choose someone.
      const [formA, formB] = [
        formOf(await board(coordA), e.id, 'reassign'),
        formOf(await board(coordB), e.id, 'reassign'),
      ];
      expect(formA.version).toBe(String((await h.deps.store.get(r.id))!.version));
      const path = `/app/board/escalations/${e.id}/reassign`;
      const [resA, resB] = await Promise.all([
        postPageForm(h, coordA, path, { ...formA, accompanierId: 'acc-ana' }),
        postPageForm(h, coordB, path, { ...formB, accompanierId: 'acc-ben' }),
      ]);
      const notices = [noticeOf(resA), noticeOf(resB)];
      expect([...notices].sort()).toEqual(['changed', 'reassigned']);

      const after = (await h.deps.store.get(r.id))!;
      const winner = notices[0] === 'reassigned' ? 'acc-ana' : 'acc-ben';
      expect(after.accompaniment.accompanierId).toBe(winner);
      expect(assigned(after)).toHaveLength(1);
      expect(after.version).toBe(Number(formA.version) + 1); // one write since the board showed it
      // The loser's page says so.
      const loser = notices[0] === 'changed' ? coordA : coordB;
      const shown = await (
        await h.request('/app/board?notice=changed', { headers: { cookie: loser } })
      ).text();
      expect(shown).toContain('Someone changed it meanwhile: look again.');
    },
  );

  it('sends the version the board shows now, which follows the referral as it moves', async () => {
    const { r, e } = await unaccompanied('RACE-FOLLOW', 'no_accompanier');
    const before = formOf(await board(coordA), e.id, 'reassign');
    expect(before.version).toBe(String((await h.deps.store.get(r.id))!.version));

    // The referring organisation amends it: the board shows it as it is now, urgent.
    const amend = await h.call('PATCH', `/v1/referrals/${r.id}`, {
      body: { urgency: 'urgent' },
      headers: { 'if-match': before.version! },
    });
    expect(amend.status).toBe(200);
    await h.drainEvents();
    const html = await board(coordA);
    const now = formOf(html, e.id, 'reassign');
    expect(Number(now.version)).toBe(Number(before.version) + 1);
    const row = html.slice(html.indexOf(`data-escalation-id="${e.id}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('Urgent');

    // The form shown before the change is stale: told so, nothing assigned.
    const stale = await postPageForm(h, coordA, `/app/board/escalations/${e.id}/reassign`, {
      ...before,
      accompanierId: 'acc-ana',
    });
    expect(noticeOf(stale)).toBe('changed');
    expect((await h.deps.store.get(r.id))!.accompaniment.accompanierId).toBeUndefined();
    // A form without a version is stale by definition.
    const bare = await postPageForm(h, coordA, `/app/board/escalations/${e.id}/reassign`, {
      back: '/app/board',
      accompanierId: 'acc-ana',
    });
    expect(noticeOf(bare)).toBe('changed');
    // The one shown now works.
    const fresh = await postPageForm(h, coordA, `/app/board/escalations/${e.id}/reassign`, {
      ...now,
      accompanierId: 'acc-ana',
    });
    expect(noticeOf(fresh)).toBe('reassigned');
    expect((await h.deps.store.get(r.id))!.accompaniment.accompanierId).toBe('acc-ana');
  });
});

describe('two coordinators acknowledging the same escalation', () => {
  it('tells the second it changed, at once or later, and keeps who acknowledged it first', async () => {
    const { e } = await unaccompanied('RACE-ACK', 'no_accompanier');
    const [seenA, seenB, seenC] = [await board(coordA), await board(coordB), await board(coordC)];
    const path = `/app/board/escalations/${e.id}/ack`;
    const [resA, resB] = await Promise.all([
      postPageForm(h, coordA, path, formOf(seenA, e.id, 'ack')),
      postPageForm(h, coordB, path, formOf(seenB, e.id, 'ack')),
    ]);
    const notices = [noticeOf(resA), noticeOf(resB)];
    expect([...notices].sort()).toEqual(['acknowledged', 'changed']);
    const acked = (await h.deps.escalations.get(e.id))!;
    expect(acked).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: notices[0] === 'acknowledged' ? 'coord-a' : 'coord-b',
      version: e.version + 1,
    });
    // A third, from the board as it showed it before: not told it acknowledged it.
    const late = await postPageForm(h, coordC, path, formOf(seenC, e.id, 'ack'));
    expect(noticeOf(late)).toBe('changed');
    expect(await h.deps.escalations.get(e.id)).toEqual(acked);
  });
});

describe('the API', () => {
  it('answers the second of two assignments on the same version 409, and a stale acknowledgement too', async () => {
    const { r, e } = await unaccompanied('RACE-API', 'no_accompanier');
    const listed = await h.call('GET', '/v1/escalations', { role: 'coordinator' });
    const item = (await listed.json()).items.find((i: { id: string }) => i.id === e.id);
    expect(item).toMatchObject({ id: e.id, version: e.version });

    const { version } = (await h.deps.store.get(r.id))!;
    const assign = (sub: string, accompanierId: string) =>
      h.call('POST', item.links.reassign.href, {
        role: 'coordinator',
        sub,
        body: { accompanierId },
        headers: { 'if-match': `"${version}"` },
      });
    const answers = await Promise.all([assign('coord-a', 'acc-ana'), assign('coord-b', 'acc-ben')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(assigned((await h.deps.store.get(r.id))!)).toHaveLength(1);

    // Acknowledging on the version listed: refused once it moved on (here: resolved, someone is assigned).
    await h.drainEvents();
    const stale = await h.call('POST', item.links.acknowledge.href, {
      role: 'coordinator',
      headers: { 'if-match': `"${item.version}"` },
    });
    expect(stale.status).toBe(409);
    expect((await h.deps.escalations.get(e.id))!.state).toBe('resolved');
  });
});
