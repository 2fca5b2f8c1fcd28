import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_SETTINGS } from '../../../domain/escalations/settings.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';
import { HOUR, MINUTE, plus, schedule, sweepAt } from '../timers/support.ts';
import { DUNE } from './support.ts';

/*
 * A network coordinator (here of mdm-lu) acts on another organisation's referral (dune-bxl) while it is
 * escalated to the network coordinators: reads its coordination view (never the pseudonym, the reason,
 * notes, questions and answers), offers it again, assigns an accompanier, acknowledges the escalation.
 * Before the escalation reaches the network, and once it is resolved, the referral is 404 for them.
 */

const NETWORK = { role: 'network_coordinator' as const, org: 'mdm-lu', sub: 'net-1' };
const PSEUDONYM = 'HERON-1990';
const REASON = 'recurring seizures since the spring, twice this week';

/**
 * A network whose coordinators hear of what nobody acknowledged 12 hours on (RELAIS_NETWORK_ESCALATION_AFTER),
 * so that a missing accompanier reaches them before the appointment, while it is still theirs to find.
 */
const NETWORK_AFTER = 12 * HOUR;

let h: Harness;
beforeAll(async () => {
  h = await createHarness('escalations-network', {
    settings: { escalations: { ...DEFAULT_ESCALATION_SETTINGS, networkClimbMs: NETWORK_AFTER } },
  });
  await h.deps.organisations.put(DUNE);
  await h.deps.organisations.put({ ...DUNE, id: 'mdm-lu', name: 'MdM', city: 'Luxembourg', country: 'LU' });
  await h.deps.specialists.put(specialist({ id: 'eye-be', country: 'BE' }));
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

async function openAtDune(body: Record<string, unknown>): Promise<Referral> {
  const res = await h.call('POST', '/v1/referrals', {
    org: 'dune-bxl',
    body: openBody({ pseudonym: PSEUDONYM, reason: REASON, ...body }),
  });
  expect(res.status).toBe(201);
  return (await h.deps.store.get((await res.json()).id))!;
}

/** The network board's open items about this referral. */
async function networkItems(r: Referral) {
  await h.drainEvents();
  const res = await h.call('GET', '/v1/escalations?org=dune-bxl', NETWORK);
  expect(res.status).toBe(200);
  return (
    (await res.json()).items as {
      id: string;
      referralId: string;
      kind: string;
      level: string;
      links: Record<string, { href: string }>;
    }[]
  ).filter((e) => e.referralId === r.id);
}

const read = (href: string) => h.call('GET', href, NETWORK);

/** The coordination view, and nothing the referring organisation keeps to itself. */
async function expectCoordinationView(res: Response, r: Referral) {
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toContain(PSEUDONYM);
  expect(text).not.toContain('seizures');
  const view = JSON.parse(text);
  expect(view).toMatchObject({ view: 'coordination', id: r.id, org: 'dune-bxl' });
  for (const field of ['pseudonym', 'reason', 'outcome', 'exchanges', 'advice', 'hold', 'consent', 'offers'])
    expect(view).not.toHaveProperty(field);
  for (const entry of view.timeline) expect(Object.keys(entry).sort()).toEqual(['action', 'actor', 'at']);
  return view;
}

describe('a network coordinator on another organisation’s escalated referral', () => {
  it('reads its coordination view, acknowledges and re-offers it; 404 before and after the escalation', async () => {
    const r = await openAtDune({ need: { specialty: 'neurology' } });
    const plain = await openAtDune({ need: { specialty: 'neurology' }, autoOffer: false });
    await sweepAt(h, plus(r.createdAt, MINUTE)); // nobody matches: the coordinators are alerted
    // The organisation's coordinators' for now: not on the network coordinator's board, 404 to
    // acknowledge, and the referral routes answer 404.
    expect(await networkItems(r)).toEqual([]);
    const [atOrg] = (
      await h.deps.escalations.listBoard({ org: 'dune-bxl' }, 'open', { limit: 50 })
    ).items.filter((e) => e.referralId === r.id);
    expect(atOrg).toMatchObject({ kind: 'candidates_exhausted', level: 'org_coordinator' });
    expect((await h.call('POST', `/v1/escalations/${atOrg!.id}/ack`, NETWORK)).status).toBe(404);
    expect((await read(`/v1/referrals/${r.id}`)).status).toBe(404);
    expect((await h.call('POST', `/v1/referrals/${r.id}/offers`, { ...NETWORK, body: {} })).status).toBe(404);
    expect((await read(`/v1/referrals/${plain.id}`)).status).toBe(404);

    await sweepAt(h, plus(r.createdAt, 49 * HOUR)); // nobody acknowledged it: the network is told
    const [item] = await networkItems(r);
    expect(item).toMatchObject({ id: atOrg!.id, level: 'network_coordinator' });

    const view = await expectCoordinationView(await read(item!.links.referral!.href), r);
    expect(view).toMatchObject({
      status: 'open',
      need: { specialty: 'neurology' },
      urgency: 'routine',
      languages: ['pt', 'fr'],
      interpreterNeeded: false,
      doNotContactDirectly: false,
      accompaniment: { required: true, accompanierId: null },
    });
    expect(view.timeline.map((e: { action: string }) => e.action)).toContain('escalation.raised');
    // The referring organisation still reads it in full.
    const own = await (await h.call('GET', `/v1/referrals/${r.id}`, { org: 'dune-bxl' })).json();
    expect(own).toMatchObject({ pseudonym: PSEUDONYM, reason: REASON });
    expect(own).not.toHaveProperty('view');
    // Coordinating is not closing: what only the referring organisation does stays 404.
    const close = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      ...NETWORK,
      body: { reason: 'cancelled' },
    });
    expect(close.status).toBe(404);
    expect((await read(`/v1/referrals/${plain.id}`)).status).toBe(404);

    const ack = await h.call('POST', item!.links.acknowledge!.href, NETWORK);
    expect(ack.status).toBe(200);
    expect((await ack.json()).state).toBe('acknowledged');
    // Acknowledged, it is still theirs to act on.
    expect((await read(`/v1/referrals/${r.id}`)).status).toBe(200);

    await h.deps.specialists.put(specialist({ id: 'neuro-be', specialty: 'neurology', country: 'BE' }));
    const reoffer = await h.call('POST', item!.links.reoffer!.href, { ...NETWORK, body: {} });
    const offered = await expectCoordinationView(reoffer, r);
    expect(offered.status).toBe('offered');
    expect(offered.timeline.at(-1)).toMatchObject({
      action: 'offer.sent',
      actor: { role: 'network_coordinator', id: 'net-1' },
    });
    const stored = (await h.deps.store.get(r.id))!;
    expect(stored.offers).toMatchObject([{ specialistId: 'neuro-be', state: 'pending' }]);

    // Someone is on it again: the escalation is resolved, and the referral the network's no more.
    await h.drainEvents();
    expect((await h.deps.escalations.get(item!.id))!.state).toBe('resolved');
    const resolved = await (await read('/v1/escalations?state=resolved&org=dune-bxl')).json();
    expect(resolved.items.map((e: { id: string }) => e.id)).not.toContain(item!.id);
    expect((await read(`/v1/referrals/${r.id}`)).status).toBe(404);
    expect((await h.call('POST', `/v1/referrals/${r.id}/offers`, { ...NETWORK, body: {} })).status).toBe(404);
  });

  it('assigns an accompanier when the missing accompanier reached the network', async () => {
    const r = await openAtDune({ pseudonym: 'IBIS-1977' });
    const appt = plus(r.createdAt, 5 * 24 * HOUR);
    await schedule(h, r.id, appt);
    await sweepAt(h, plus(appt, -24 * HOUR)); // no accompanier: the organisation's coordinators
    const assign = { ...NETWORK, body: { accompanierId: 'acc-dune-1' } };
    expect((await h.call('POST', `/v1/referrals/${r.id}/accompaniment`, assign)).status).toBe(404);

    await h.drainEvents(); // on the board: the organisation's coordinators', not yet the network's
    expect(await networkItems(r)).toEqual([]);
    await sweepAt(h, plus(appt, -24 * HOUR + NETWORK_AFTER)); // nobody acknowledged it: the network
    const items = await networkItems(r);
    const noAccompanier = items.find((e) => e.kind === 'no_accompanier')!;
    expect(noAccompanier.level).toBe('network_coordinator');

    const res = await h.call('POST', noAccompanier.links.reassign!.href, assign);
    const view = await expectCoordinationView(res, r);
    expect(view).toMatchObject({ status: 'scheduled', accompaniment: { accompanierId: 'acc-dune-1' } });
    expect(view.appointment).toMatchObject({ at: appt, specialistId: 'eye-be' });
    expect(view.timeline.at(-1)).toMatchObject({ actor: { role: 'network_coordinator', id: 'net-1' } });
    expect((await h.deps.store.get(r.id))!.accompaniment.accompanierId).toBe('acc-dune-1');
    await h.drainEvents();
    expect((await h.deps.escalations.get(noAccompanier.id))!.state).toBe('resolved');
  });
});
