import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import { HOUR, MDM_EN, MINUTE, open, plus, SECOND, schedule, sweepAt } from './support.ts';

/*
 * An unconfirmed arrival with nobody assigned to accompany the person has no assignee to ask: it reaches
 * the organisation's coordinators at once (feed and desk email), not 30 minutes later.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('timers-arrival-unassigned');
  await h.deps.organisations.put(MDM_EN);
  for (let i = 0; i < 2; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

describe('arrival not confirmed, nobody assigned', () => {
  it('is raised at the organisation coordinator level and tells the coordinators at once', async () => {
    const r = await open(h);
    const appt = plus(r.createdAt, 5 * 24 * HOUR);
    await schedule(h, r.id, appt);
    expect((await sweepAt(h, plus(appt, -24 * HOUR))).fired).toMatchObject([{ kind: 'no_accompanier' }]);
    // Acknowledged so that its own climb does not blur what the arrival does.
    await h.drainEvents();
    const [noAcc] = (await h.deps.escalations.listBoard({ org: 'mdm-lu' }, 'open', { limit: 10 })).items;
    expect((await h.call('POST', `/v1/escalations/${noAcc!.id}/ack`, { role: 'coordinator' })).status).toBe(
      200,
    );
    const desk = () => h.sent.filter((m) => m.to === MDM_EN.contact.email).length;
    const before = desk();

    expect((await sweepAt(h, plus(appt, 30 * MINUTE - SECOND))).fired).toEqual([]);
    const fired = await sweepAt(h, plus(appt, 30 * MINUTE));
    expect(fired.fired).toMatchObject([{ kind: 'arrival_unconfirmed' }]);
    const escalationId = (fired.fired[0] as { escalationId?: string }).escalationId!;
    await h.drainEvents();

    const board = await (
      await h.call('GET', '/v1/escalations?kind=arrival_unconfirmed', { role: 'coordinator' })
    ).json();
    expect(board.items).toMatchObject([{ id: escalationId, level: 'org_coordinator', state: 'open' }]);
    const feed = await (
      await h.call('GET', '/v1/me/notifications', { role: 'coordinator', sub: 'co-1' })
    ).json();
    expect(feed.items).toContainEqual(expect.objectContaining({ kind: 'escalation', escalationId }));
    expect(desk() - before).toBe(1);
    // From the coordinators it climbs to the network after the usual wait, not the assignee's 30 minutes.
    expect(
      (await sweepAt(h, plus(appt, 60 * MINUTE))).fired.filter((f) => f.kind === 'escalation_climb'),
    ).toEqual([]);
  });
});
