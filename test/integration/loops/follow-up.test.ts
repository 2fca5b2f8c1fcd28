import { afterEach, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { recordOutcome } from '../../../domain/referral/rules/index.ts';
import { SESSION_COOKIE } from '../../../functions/http/pages/session.ts';
import { formOf } from '../escalations/support.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import {
  actions,
  apply,
  count,
  HOUR,
  MDM_EN,
  open,
  plus,
  SECOND,
  schedule,
  sweepAt,
  worker,
} from '../timers/support.ts';

/*
 * `POST /v1/referrals/{id}/follow-up`, over HTTP on DynamoDB Local with the real event path: the
 * follow-up set with an outcome is done or moved, its deadline goes or moves, and the `follow_up_due`
 * escalation on the board resolves.
 */

let h: Harness;
const harnesses: Harness[] = [];

async function fresh(name: string): Promise<Harness> {
  h = await createHarness(name);
  harnesses.push(h);
  await h.deps.organisations.put(MDM_EN);
  for (let i = 0; i < 2; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
  return h;
}

afterEach(async () => {
  for (const x of harnesses.splice(0)) await x.stopEvents();
});

interface BoardItem {
  id: string;
  referralId: string;
  kind: string;
  level: string;
  state: string;
  links: Record<string, { method: string; href: string }>;
}

const board = async (state = 'open'): Promise<BoardItem[]> => {
  await h.drainEvents();
  const res = await h.call('GET', `/v1/escalations?state=${state}`, { role: 'coordinator' });
  expect(res.status).toBe(200);
  return (await res.json()).items;
};

/** Attended an hour after its appointment, with a follow-up due 14 days later, already overdue on the board. */
async function overdueFollowUp(): Promise<{ r: Referral; followUp: string }> {
  const opened = await open(h, { accompaniment: { required: false } });
  const appt = plus(opened.createdAt, 2 * 24 * HOUR);
  await schedule(h, opened.id, appt);
  h.clock.set(new Date(plus(appt, HOUR)));
  const followUp = plus(appt, 14 * 24 * HOUR);
  await apply(h, opened.id, worker, (ref, ctx) =>
    recordOutcome(ref, { attended: true, followUpDueAt: followUp }, ctx),
  );
  expect((await sweepAt(h, followUp)).fired).toMatchObject([{ kind: 'follow_up_due' }]);
  h.clock.set(new Date(plus(followUp, HOUR)));
  return { r: (await h.deps.store.get(opened.id))!, followUp };
}

const followUp = (id: string, body: unknown, opts: Parameters<Harness['call']>[2] = {}) =>
  h.call('POST', `/v1/referrals/${id}/follow-up`, { body, ...opts });

describe('a follow-up recorded as done', () => {
  it('is recorded on the timeline, resolves the escalation whose board action pointed there, and never fires again', async () => {
    await fresh('loops-follow-up-done');
    const { r, followUp: due } = await overdueFollowUp();
    const [item] = await board();
    expect(item).toMatchObject({ kind: 'follow_up_due', referralId: r.id, state: 'open' });
    expect(item?.links.followUp).toEqual({ method: 'POST', href: `/v1/referrals/${r.id}/follow-up` });
    expect(item?.links).not.toHaveProperty('outcome');

    // A stale version is refused (If-Match), and so is a change by someone outside the organisation.
    expect((await followUp(r.id, { done: true }, { headers: { 'if-match': '"1"' } })).status).toBe(409);
    expect((await followUp(r.id, { done: true }, { role: 'coordinator', org: 'dune-bxl' })).status).toBe(404);
    expect((await followUp(r.id, { done: true }, { role: 'accompanier' })).status).toBe(403);

    const res = await followUp(
      r.id,
      { done: true },
      { role: 'coordinator', sub: 'co-dora', headers: { 'if-match': `"${r.version}"` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${r.version + 1}"`);
    const done = await res.json();
    expect(done.followUp).toEqual({ dueAt: due, state: 'done', doneAt: plus(due, HOUR) });
    expect(done.timeline.at(-1)).toMatchObject({
      action: 'follow_up.recorded',
      actor: { role: 'coordinator', id: 'co-dora' },
      detail: { done: true, previousDueAt: due },
    });

    expect(await board()).toEqual([]);
    expect(await board('resolved')).toMatchObject([{ id: item?.id, kind: 'follow_up_due' }]);
    expect((await sweepAt(h, plus(due, 30 * 24 * HOUR))).fired).toEqual([]);
    // Repeating it changes nothing more.
    const again = await followUp(r.id, { done: true });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toMatch(/already recorded as done/);
  });
});

describe('the board page', () => {
  it('offers "Follow-up done" on a follow_up_due escalation, which records it and resolves the escalation', async () => {
    await fresh('loops-follow-up-board');
    const { r } = await overdueFollowUp();
    const [item] = await board();
    // Signed in through the form, as a browser is: the cookie holds a session id, never the token.
    const signedIn = await h.request('/app/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ token: await h.token('coordinator') }).toString(),
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    const html = await (await h.request('/app/board', { headers: { cookie } })).text();
    const action = `/app/board/escalations/${item?.id}/follow-up-done`;
    expect(html).toContain(`action="${action}"`);
    const res = await h.request(action, {
      method: 'POST',
      // The form as the board showed it: with the version the coordinator saw.
      body: new URLSearchParams(formOf(html, item!.id, 'follow-up-done')).toString(),
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/board?state=open&notice=followed_up');
    expect((await h.deps.store.get(r.id))?.outcome?.followUpDone?.by.role).toBe('coordinator');
    expect(await board()).toEqual([]);
  });
});

describe('a follow-up moved to another date', () => {
  it('resolves the escalation for the old date and fires once at the new one', async () => {
    await fresh('loops-follow-up-moved');
    const { r } = await overdueFollowUp();
    const [old] = await board();
    const moved = plus(h.clock.now(), 7 * 24 * HOUR);
    const res = await followUp(r.id, { dueAt: moved });
    expect(res.status).toBe(200);
    expect((await res.json()).followUp).toEqual({ dueAt: moved, state: 'pending' });
    expect(await board()).toEqual([]);
    expect((await board('resolved')).map((e) => e.id)).toEqual([old?.id]);

    expect((await sweepAt(h, plus(moved, -SECOND))).fired).toEqual([]);
    expect((await sweepAt(h, moved)).fired).toMatchObject([{ kind: 'follow_up_due' }]);
    expect((await sweepAt(h, plus(moved, HOUR))).fired).toEqual([]);
    const [again] = await board();
    expect(again).toMatchObject({ kind: 'follow_up_due', level: 'org_coordinator', state: 'open' });
    expect(again?.id).not.toBe(old?.id);
    expect(count(await actions(h, r.id), 'follow_up.recorded')).toBe(1);
  });

  it('refuses a date in the past or beyond 18 months with a 400 naming dueAt, and both fields at once', async () => {
    await fresh('loops-follow-up-refused');
    const { r } = await overdueFollowUp();
    for (const dueAt of [plus(h.clock.now(), -HOUR), plus(h.clock.now(), 19 * 31 * 24 * HOUR)]) {
      const res = await followUp(r.id, { dueAt });
      expect(res.status).toBe(400);
      expect((await res.json()).errors).toEqual([{ path: 'dueAt', message: expect.any(String) }]);
    }
    const both = await followUp(r.id, { done: true, dueAt: plus(h.clock.now(), 24 * HOUR) });
    expect(both.status).toBe(400);
    expect((await followUp(r.id, {})).status).toBe(400);
    expect((await followUp(r.id, { done: false })).status).toBe(400);
    expect((await h.deps.store.get(r.id))?.version).toBe(r.version);
  });

  it('is refused before any outcome (422)', async () => {
    await fresh('loops-follow-up-early');
    const r = await open(h);
    const res = await followUp(r.id, { dueAt: plus(h.clock.now(), 24 * HOUR) });
    expect(res.status).toBe(422);
  });
});
