import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { parseDuration } from '../../../domain/timers/settings.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';
import { coordinatorsFeed, NETWORK_COORDINATORS_FEED } from '../../../functions/lib/feeds.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { createHarness, type Harness, openBody } from '../http/harness.ts';
import { DUNE } from './support.ts';

/*
 * An escalation is told once per level: a `dune-bxl` referral nobody can take (neurology, no
 * neurologist in the directory) raises `candidates_exhausted` at the organisation's coordinators, climbs
 * to the network coordinators 48 hours later, and then stays there however many sweeps run, with one
 * event, one feed item and one desk email per level.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('escalations-climb-once');
  await h.deps.organisations.put(DUNE);
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

/** What `POST /dev/clock` does: moves the service clock by an ISO 8601 duration and sweeps once. */
async function advance(duration: string): Promise<void> {
  h.clock.set(new Date(h.clock.now().getTime() + parseDuration(duration)));
  await runSweep(h.deps);
  await h.drainEvents();
}

const raisedFor = (r: Referral): Extract<RelaisEvent, { type: 'escalation.raised' }>[] =>
  h.events.filter(
    (e): e is Extract<RelaisEvent, { type: 'escalation.raised' }> =>
      e.type === 'escalation.raised' && e.referralId === r.id,
  );

/** The escalation's notices in a group feed: the organisation's coordinators', or the network's. */
async function escalationNotes(group: string, id: string) {
  const page = await h.deps.notifications.list(
    { sub: 'reader', org: 'reader-org', groups: [group] },
    { limit: 100 },
  );
  return page.items.filter((n) => n.kind === 'escalation' && n.escalationId === id);
}

const deskEmails = () => h.sent.filter((m) => m.to === DUNE.contact.email);

describe('an escalation nobody acknowledges', () => {
  it('climbs once per level, tells each level once, and stays at the top', async () => {
    const res = await h.call('POST', '/v1/referrals', {
      org: 'dune-bxl',
      body: openBody({ pseudonym: 'HERON-1990', need: { specialty: 'neurology' } }),
    });
    expect(res.status).toBe(201);
    const r = (await h.deps.store.get((await res.json()).id))!;
    expect(r.candidatesExhaustedAt).toBe(r.createdAt);
    await h.drainEvents();
    const before = deskEmails().length;

    await advance('PT49H');
    const [first] = raisedFor(r);
    expect(first?.data).toMatchObject({ kind: 'candidates_exhausted', level: 'org_coordinator' });
    const id = first!.data.escalationId;
    for (let i = 0; i < 10; i++) await advance('PT1M');
    expect(raisedFor(r)).toHaveLength(1);

    await advance('PT49H');
    expect(raisedFor(r).map((e) => e.data.level)).toEqual(['org_coordinator', 'network_coordinator']);
    // The bug this guards: every sweep after the climb to the network climbed it again.
    for (let i = 0; i < 25; i++) await advance('PT1M');
    for (let i = 0; i < 5; i++) await advance('PT24H');

    const raised = raisedFor(r);
    expect(raised.map((e) => e.data.level)).toEqual(['org_coordinator', 'network_coordinator']);
    expect(new Set(raised.map((e) => e.data.escalationId))).toEqual(new Set([id]));
    expect(await escalationNotes(coordinatorsFeed('dune-bxl'), id)).toHaveLength(1);
    expect(await escalationNotes(NETWORK_COORDINATORS_FEED, id)).toHaveLength(1);
    // And a network coordinator of another organisation sees it in theirs, once.
    const feed = await h.call('GET', '/v1/me/notifications?limit=100', { role: 'network_coordinator' });
    const mine = (await feed.json()).items.filter((n: { escalationId?: string }) => n.escalationId === id);
    expect(mine).toHaveLength(1);
    expect(deskEmails().length - before).toBe(2);

    const item = (await h.deps.escalations.get(id))!;
    expect(item).toMatchObject({ level: 'network_coordinator', state: 'open' });
    expect(item.climbAt).toBeUndefined();
    // Still on the board for both, as one item.
    const board = await h.call('GET', '/v1/escalations?org=dune-bxl', {
      role: 'network_coordinator',
      org: 'mdm-lu',
    });
    expect((await board.json()).items.filter((e: { id: string }) => e.id === id)).toHaveLength(1);
  });
});
