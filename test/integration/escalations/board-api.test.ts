import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Urgency } from '../../../domain/referral/model.ts';
import type { EscalationKind, EscalationLevel } from '../../../domain/timers/escalation.ts';
import { actionFor } from '../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import { open } from '../timers/support.ts';

/*
 * The board API: who sees what, in which order, page by page; acknowledging; the year's figures with
 * small counts suppressed.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('escalations-api');
  for (let i = 0; i < 3; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

let n = 0;
async function escalation(
  org: string,
  urgency: Urgency,
  since: string,
  over: { kind?: EscalationKind; level?: EscalationLevel } = {},
): Promise<BoardEscalation> {
  const kind = over.kind ?? 'outcome_missing';
  const e: BoardEscalation = {
    id: `E${String(++n).padStart(4, '0')}`,
    referralId: `ref-${org}-${n}`,
    org,
    kind,
    level: over.level ?? 'org_coordinator',
    since,
    state: 'open',
    urgency,
    action: actionFor(kind),
    version: 1,
    raisedAt: since,
  };
  await h.deps.escalations.create(e, []);
  return e;
}

const list = async (
  query: string,
  role: 'coordinator' | 'network_coordinator' | 'social_worker',
  org = 'mdm-lu',
) => h.call('GET', `/v1/escalations${query}`, { role, org });

describe('GET /v1/escalations', () => {
  let mdm: BoardEscalation[];
  let dune: BoardEscalation;
  let duneAtOrg: BoardEscalation;
  beforeAll(async () => {
    mdm = [
      await escalation('mdm-lu', 'routine', '2026-11-01T10:00:00.000Z'),
      await escalation('mdm-lu', 'urgent', '2026-11-20T10:00:00.000Z'),
      await escalation('mdm-lu', 'routine', '2026-10-01T10:00:00.000Z', { kind: 'follow_up_due' }),
      await escalation('mdm-lu', 'urgent', '2026-11-21T10:00:00.000Z', { level: 'network_coordinator' }),
    ];
    dune = await escalation('dune-bxl', 'soon', '2026-11-02T10:00:00.000Z', {
      kind: 'no_accompanier',
      level: 'network_coordinator',
    });
    duneAtOrg = await escalation('dune-bxl', 'routine', '2026-11-03T10:00:00.000Z', {
      kind: 'candidates_exhausted',
    });
  });

  it('shows a coordinator their organisation only, most urgent then oldest first', async () => {
    const res = await list('?state=open', 'coordinator');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.map((e: { id: string }) => e.id)).toEqual([
      mdm[3]!.id,
      mdm[1]!.id,
      mdm[2]!.id,
      mdm[0]!.id,
    ]);
    expect(body.items[0]).toMatchObject({
      referralId: mdm[3]!.referralId,
      kind: 'outcome_missing',
      level: 'network_coordinator',
      since: '2026-11-21T10:00:00.000Z',
      state: 'open',
      action: 'record_outcome',
      links: {
        referral: { method: 'GET', href: `/v1/referrals/${mdm[3]!.referralId}` },
        acknowledge: { method: 'POST', href: `/v1/escalations/${mdm[3]!.id}/ack` },
        outcome: { method: 'POST', href: `/v1/referrals/${mdm[3]!.referralId}/outcome` },
      },
    });
    expect(body.items.some((e: { org: string }) => e.org !== 'mdm-lu')).toBe(false);
  });

  it('shows a network coordinator what reached them across the network, and one organisation when asked', async () => {
    // Another organisation's escalation is theirs once it reached the network coordinators' level.
    const all = await (await list('', 'network_coordinator', 'network')).json();
    expect(all.items.map((e: { id: string }) => e.id)).toEqual([mdm[3]!.id, dune.id]);
    const one = await (await list('?org=dune-bxl', 'network_coordinator', 'network')).json();
    expect(one.items.map((e: { id: string }) => e.id)).toEqual([dune.id]);
    // Escalated to the network: the referral and the routes that answer it are theirs to follow.
    expect(one.items[0].links).toEqual({
      referral: { method: 'GET', href: `/v1/referrals/${dune.referralId}` },
      acknowledge: { method: 'POST', href: `/v1/escalations/${dune.id}/ack` },
      reassign: { method: 'POST', href: `/v1/referrals/${dune.referralId}/accompaniment` },
    });
    // Still with its organisation's coordinators: not on their board, and 404 to acknowledge.
    const ack = await h.call('POST', `/v1/escalations/${duneAtOrg.id}/ack`, {
      role: 'network_coordinator',
      org: 'network',
    });
    expect(ack.status).toBe(404);
    // Their own organisation's board is theirs whole, at every level.
    const own = await (await list('?org=dune-bxl', 'network_coordinator', 'dune-bxl')).json();
    expect(own.items.map((e: { id: string }) => e.id)).toEqual([dune.id, duneAtOrg.id]);
    expect(own.items[1].links).toEqual({
      referral: { method: 'GET', href: `/v1/referrals/${duneAtOrg.referralId}` },
      acknowledge: { method: 'POST', href: `/v1/escalations/${duneAtOrg.id}/ack` },
      reoffer: { method: 'POST', href: `/v1/referrals/${duneAtOrg.referralId}/offers` },
    });
  });

  it('refuses another organisation to a coordinator, and the board to a social worker', async () => {
    expect((await list('?org=dune-bxl', 'coordinator')).status).toBe(403);
    expect((await list('', 'social_worker')).status).toBe(403);
    expect(
      (await list('', 'coordinator', 'dune-bxl').then((r) => r.json())).items.map(
        (e: { id: string }) => e.id,
      ),
    ).toEqual([dune.id, duneAtOrg.id]);
    expect((await h.request('/v1/escalations')).status).toBe(401);
  });

  it('filters by kind and pages with a cursor', async () => {
    const kind = await (await list('?kind=follow_up_due', 'coordinator')).json();
    expect(kind.items.map((e: { id: string }) => e.id)).toEqual([mdm[2]!.id]);
    const first = await (await list('?limit=3', 'coordinator')).json();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBeTypeOf('string');
    const second = await (await list(`?limit=3&cursor=${first.nextCursor}`, 'coordinator')).json();
    expect(second.items.map((e: { id: string }) => e.id)).toEqual([mdm[0]!.id]);
    // A cursor of one board does not open another.
    expect((await list(`?cursor=${first.nextCursor}`, 'coordinator', 'dune-bxl')).status).toBe(400);
    expect((await list('?state=closed', 'coordinator')).status).toBe(400);
  });

  it('acknowledges: the item moves to the acknowledged list, once; other organisations get 404', async () => {
    const target = mdm[0]!;
    expect(
      (await h.call('POST', `/v1/escalations/${target.id}/ack`, { role: 'coordinator', org: 'dune-bxl' }))
        .status,
    ).toBe(404);
    expect((await h.call('POST', `/v1/escalations/${target.id}/ack`, { role: 'social_worker' })).status).toBe(
      403,
    );
    const res = await h.call('POST', `/v1/escalations/${target.id}/ack`, { role: 'coordinator' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: target.id, state: 'acknowledged' });
    const again = await h.call('POST', `/v1/escalations/${target.id}/ack`, { role: 'coordinator' });
    expect((await again.json()).state).toBe('acknowledged');

    const open = await (await list('?state=open', 'coordinator')).json();
    expect(open.items.map((e: { id: string }) => e.id)).not.toContain(target.id);
    const acked = await (await list('?state=acknowledged', 'coordinator')).json();
    expect(acked.items.map((e: { id: string }) => e.id)).toEqual([target.id]);
    const ownNetwork = await (await list('?state=acknowledged', 'network_coordinator')).json();
    expect(ownNetwork.items.map((e: { id: string }) => e.id)).toEqual([target.id]);
    // Acknowledged below the network coordinators' level: another organisation's never see it.
    const network = await (await list('?state=acknowledged', 'network_coordinator', 'network')).json();
    expect(network.items).toEqual([]);
    expect((await h.call('POST', '/v1/escalations/nope/ack', { role: 'coordinator' })).status).toBe(404);
  });
});

describe('GET /v1/stats', () => {
  it('serves the year’s figures from the projection, counts under 5 suppressed', async () => {
    for (let i = 0; i < 6; i++) await open(h, { pseudonym: `STAT-${i % 5}` }); // 6 referrals, 5 people
    for (let i = 0; i < 2; i++) await open(h, { pseudonym: `DENT-${i}`, need: { specialty: 'dental' } });
    await h.drainEvents();
    await h.drainEvents();

    const res = await h.call('GET', '/v1/stats?year=2026', { role: 'coordinator' });
    expect(res.status).toBe(200);
    const f = await res.json();
    expect(f).toMatchObject({
      year: 2026,
      scope: 'mdm-lu',
      suppressedBelow: 5,
      referrals: 8,
      distinctPeople: 7,
      // 8 − 6 would give the hidden 2 back: the 6 is hidden too (secondary suppression).
      referralsBySpecialty: { ophthalmology: null, dental: null },
      accompaniments: 0,
      medianDaysToAppointment: null,
      noShowRate: null,
    });
    const network = await (
      await h.call('GET', '/v1/stats?year=2026', { role: 'network_coordinator', org: 'elsewhere' })
    ).json();
    expect(network).toMatchObject({ scope: 'network', referrals: 8 });
    expect((await h.call('GET', '/v1/stats?year=2026', { role: 'social_worker' })).status).toBe(403);
    expect((await h.call('GET', '/v1/stats?year=2026&org=dune-bxl', { role: 'coordinator' })).status).toBe(
      403,
    );
    const empty = await (await h.call('GET', '/v1/stats?year=2020', { role: 'coordinator' })).json();
    expect(empty).toMatchObject({ referrals: 0, distinctPeople: 0, referralsBySpecialty: {} });
  });
});
