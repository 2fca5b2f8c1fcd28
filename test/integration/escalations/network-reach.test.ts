import { beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../../domain/directory/model.ts';
import type { Referral, StaffRole } from '../../../domain/referral/model.ts';
import {
  actionFor,
  ESCALATION_STATES,
  type EscalationKind,
  type EscalationLevel,
  type EscalationState,
} from '../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { createHarness, type Harness, openBody } from '../http/harness.ts';

/*
 * Whose board an escalation is on (README "Network coordination"): a network coordinator of another
 * organisation (here dune-bxl's, on mdm-lu's escalations) gets one only while it is at the network
 * coordinators' level and unresolved, like the referral behind it; before and after, it is 404 for them
 * on every path: the board API (any state, any organisation filter), acknowledging, the board page and
 * its forms, and nothing of it reaches the referral's access log. The referring organisation's
 * coordinators and network coordinators keep the whole of their own board.
 */

const ORGS: Organisation[] = [
  {
    id: 'mdm-lu',
    name: 'MdM',
    city: 'Luxembourg',
    country: 'LU',
    contact: { email: 'desk@mdm.example' },
    locale: 'en',
  },
  {
    id: 'dune-bxl',
    name: 'DUNE',
    city: 'Brussels',
    country: 'BE',
    contact: { email: 'desk@dune.example' },
    locale: 'en',
  },
];
type Who = { readonly role: StaffRole; readonly org: string; readonly sub: string };
/** Another organisation's network coordinator: the one the rule is about. */
const OTHER_NETWORK: Who = { role: 'network_coordinator', org: 'dune-bxl', sub: 'net-dune' };
const OWN_COORDINATOR: Who = { role: 'coordinator', org: 'mdm-lu', sub: 'coord-mdm' };
const OWN_NETWORK: Who = { role: 'network_coordinator', org: 'mdm-lu', sub: 'net-mdm' };

let h: Harness;
beforeAll(async () => {
  h = await createHarness('escalations-network-reach');
  for (const o of ORGS) await h.deps.organisations.put(o);
});

async function openAtMdm(pseudonym: string): Promise<Referral> {
  const res = await h.call('POST', '/v1/referrals', {
    org: 'mdm-lu',
    body: openBody({ pseudonym, autoOffer: false }),
  });
  expect(res.status).toBe(201);
  return (await h.deps.store.get((await res.json()).id))!;
}

let n = 0;
/** An escalation of mdm-lu on the board, at `level` and in `state`, about a referral of its own. */
async function escalation(
  kind: EscalationKind,
  level: EscalationLevel,
  state: EscalationState = 'open',
): Promise<BoardEscalation> {
  const r = await openAtMdm(`REACH-${++n}`);
  const since = '2026-11-10T10:00:00.000Z';
  const e: BoardEscalation = {
    id: `NR${String(n).padStart(4, '0')}`,
    referralId: r.id,
    org: 'mdm-lu',
    kind,
    level,
    since,
    state,
    urgency: 'soon',
    action: actionFor(kind),
    version: 1,
    raisedAt: since,
    ...(state === 'acknowledged' ? { acknowledgedAt: since, acknowledgedBy: 'coord-mdm' } : {}),
    ...(state === 'resolved' ? { resolvedAt: since } : {}),
  };
  expect(await h.deps.escalations.create(e, [])).toBe(true);
  return e;
}

/** The ids on a caller's board through the API, in one state, optionally of one organisation. */
async function listed(who: Who, state: EscalationState, org?: string): Promise<string[]> {
  const res = await h.call('GET', `/v1/escalations?state=${state}${org ? `&org=${org}` : ''}`, who);
  expect(res.status).toBe(200);
  return (await res.json()).items.map((e: { id: string }) => e.id);
}

/** Every board the caller may ask for through the API, in every state: the ids found on any. */
async function everywhere(who: Who): Promise<string[]> {
  const ids: string[] = [];
  for (const state of ESCALATION_STATES)
    for (const org of [undefined, 'mdm-lu']) ids.push(...(await listed(who, state, org)));
  return ids;
}

const ack = (who: Who, id: string) => h.call('POST', `/v1/escalations/${id}/ack`, { ...who, body: {} });

/** The board page as the caller's browser gets it (signed in through the form). */
async function session(who: Who): Promise<string> {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(who.role, who.org, who.sub) }).toString(),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function boardPages(who: Who): Promise<string> {
  const cookie = await session(who);
  let html = '';
  for (const query of [
    '',
    '?state=acknowledged',
    '?state=resolved',
    '?org=mdm-lu',
    '?state=open&org=mdm-lu',
  ]) {
    const res = await h.request(`/app/board${query}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    html += await res.text();
  }
  return html;
}

/** A board form posted from the page: where the board sends the browser back to. */
async function pageAction(who: Who, id: string, action: string, fields: Record<string, string> = {}) {
  const res = await h.request(`/app/board/escalations/${id}/${action}`, {
    method: 'POST',
    body: new URLSearchParams({ back: '/app/board', ...fields }).toString(),
    headers: {
      cookie: await session(who),
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
    },
  });
  expect(res.status).toBe(303);
  return res.headers.get('location');
}

/** Who read the referral, as its organisation's coordinator reads its access log. */
async function readers(referralId: string): Promise<string[]> {
  const res = await h.call('GET', `/v1/referrals/${referralId}/access-log?limit=100`, OWN_COORDINATOR);
  expect(res.status).toBe(200);
  return (await res.json()).items.map((e: { actor: { id: string } }) => e.actor.id);
}

describe('another organisation’s escalation below the network coordinators’ level', () => {
  let orgLevel: BoardEscalation;
  let assigneeLevel: BoardEscalation;
  let acknowledgedAtOrg: BoardEscalation;
  let resolvedAtNetwork: BoardEscalation;
  let hidden: BoardEscalation[];
  beforeAll(async () => {
    orgLevel = await escalation('no_accompanier', 'org_coordinator');
    assigneeLevel = await escalation('outcome_missing', 'assignee');
    acknowledgedAtOrg = await escalation('arrival_unconfirmed', 'org_coordinator', 'acknowledged');
    resolvedAtNetwork = await escalation('candidates_exhausted', 'network_coordinator', 'resolved');
    hidden = [orgLevel, assigneeLevel, acknowledgedAtOrg, resolvedAtNetwork];
  });

  it('is on no board of the API for them, in any state, and their listing reads nothing of it', async () => {
    const seen = await everywhere(OTHER_NETWORK);
    for (const e of hidden) expect(seen).not.toContain(e.id);
    for (const e of hidden) expect(await readers(e.referralId)).not.toContain(OTHER_NETWORK.sub);
  });

  it('is 404 to acknowledge for them, and stays as it was', async () => {
    for (const e of hidden) {
      const res = await ack(OTHER_NETWORK, e.id);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ status: 404 });
      expect(await h.deps.escalations.get(e.id)).toMatchObject({ state: e.state, version: e.version });
    }
    expect(await listed(OWN_COORDINATOR, 'open')).toEqual(
      expect.arrayContaining([orgLevel.id, assigneeLevel.id]),
    );
  });

  it('is not on their board page, whose forms answer "not found" and change nothing', async () => {
    const html = await boardPages(OTHER_NETWORK);
    expect(hidden.filter((e) => html.includes(e.id)).map((e) => e.id)).toEqual([]);
    for (const e of [orgLevel, assigneeLevel]) {
      expect(await pageAction(OTHER_NETWORK, e.id, 'ack')).toBe('/app/board?notice=not_found');
      expect(await pageAction(OTHER_NETWORK, e.id, 'reoffer')).toBe('/app/board?notice=not_found');
      expect(await pageAction(OTHER_NETWORK, e.id, 'follow-up-done')).toBe('/app/board?notice=not_found');
      expect(await pageAction(OTHER_NETWORK, e.id, 'reassign', { accompanierId: 'acc-mdm-1' })).toBe(
        '/app/board?notice=not_found',
      );
      expect(await h.deps.escalations.get(e.id)).toMatchObject({ state: 'open', version: 1 });
      const r = (await h.deps.store.get(e.referralId))!;
      expect(r.accompaniment.accompanierId ?? null).toBeNull();
    }
    for (const e of hidden) expect(await readers(e.referralId)).not.toContain(OTHER_NETWORK.sub);
  });

  it('stays on its own organisation’s boards, for its coordinators and network coordinators alike', async () => {
    for (const own of [OWN_COORDINATOR, OWN_NETWORK]) {
      const seen = await everywhere(own);
      for (const e of hidden) expect(seen).toContain(e.id);
      // Their listing is on record, as every listing of a referral is.
      expect(await readers(orgLevel.referralId)).toContain(own.sub);
      const html = await boardPages(own);
      expect(html.includes(`action="/app/board/escalations/${orgLevel.id}/ack"`)).toBe(true);
      expect(html.includes(`action="/app/board/escalations/${assigneeLevel.id}/ack"`)).toBe(true);
    }
    const res = await ack(OWN_NETWORK, assigneeLevel.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: assigneeLevel.id, state: 'acknowledged' });
    // The page's form sends the version the board showed.
    const seen = { version: String((await h.deps.escalations.get(orgLevel.id))!.version) };
    expect(await pageAction(OWN_COORDINATOR, orgLevel.id, 'ack', seen)).toBe(
      '/app/board?notice=acknowledged',
    );
    expect((await h.deps.escalations.get(orgLevel.id))!.state).toBe('acknowledged');
  });
});

describe('another organisation’s escalation at the network coordinators’ level', () => {
  it('is theirs to see and acknowledge until it is resolved, on the API and the page', async () => {
    const below = await escalation('no_accompanier', 'org_coordinator');
    const other = await escalation('no_accompanier', 'org_coordinator');
    expect(await everywhere(OTHER_NETWORK)).not.toContain(below.id);

    // Nobody acknowledged them: both climb to the network coordinators.
    const climbed = { ...below, level: 'network_coordinator' as const, version: 2 };
    await h.deps.escalations.save(climbed, 1, []);
    await h.deps.escalations.save({ ...other, level: 'network_coordinator', version: 2 }, 1, []);
    const res = await h.call('GET', '/v1/escalations?state=open&org=mdm-lu', OTHER_NETWORK);
    const item = (await res.json()).items.find((e: { id: string }) => e.id === below.id);
    expect(item).toMatchObject({ level: 'network_coordinator', state: 'open' });
    expect(item.links).toEqual({
      referral: { method: 'GET', href: `/v1/referrals/${below.referralId}` },
      acknowledge: { method: 'POST', href: `/v1/escalations/${below.id}/ack` },
      reassign: { method: 'POST', href: `/v1/referrals/${below.referralId}/accompaniment` },
    });
    expect(await listed(OTHER_NETWORK, 'open')).toContain(below.id);
    const html = await boardPages(OTHER_NETWORK);
    expect(html.includes(`action="/app/board/escalations/${other.id}/ack"`)).toBe(true);

    const acked = await ack(OTHER_NETWORK, below.id);
    expect(acked.status).toBe(200);
    expect(await acked.json()).toMatchObject({ id: below.id, state: 'acknowledged' });
    expect(await listed(OTHER_NETWORK, 'acknowledged')).toContain(below.id);
    expect(await pageAction(OTHER_NETWORK, other.id, 'ack', { version: '2' })).toBe(
      '/app/board?notice=acknowledged',
    );
    expect((await h.deps.escalations.get(other.id))!.state).toBe('acknowledged');
    // The referring organisation sees who acknowledged it.
    expect(await listed(OWN_COORDINATOR, 'acknowledged')).toEqual(
      expect.arrayContaining([below.id, other.id]),
    );

    // Resolved, it is theirs no more.
    const now = (await h.deps.escalations.get(below.id))!;
    await h.deps.escalations.save(
      { ...now, state: 'resolved', resolvedAt: '2026-11-12T10:00:00.000Z', version: now.version + 1 },
      now.version,
      [],
    );
    expect(await everywhere(OTHER_NETWORK)).not.toContain(below.id);
    expect((await ack(OTHER_NETWORK, below.id)).status).toBe(404);
    expect(await listed(OWN_COORDINATOR, 'resolved')).toContain(below.id);
  });
});

describe('their board, page by page', () => {
  it('fills each page with what they see, however many of the others come first', async () => {
    // Hidden ones first on the network's partition (the same time, lower ids), then those they see.
    for (let i = 0; i < 6; i++) await escalation('arrival_unconfirmed', 'org_coordinator');
    for (let i = 0; i < 3; i++) await escalation('outcome_missing', 'network_coordinator');
    const seen = await listed(OTHER_NETWORK, 'open');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const paged: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await h.call(
        'GET',
        `/v1/escalations?state=open&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        OTHER_NETWORK,
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { id: string }[]; nextCursor?: string };
      // A page is full unless it is the last: never a page of none with a "next" link.
      if (body.nextCursor) expect(body.items).toHaveLength(2);
      paged.push(...body.items.map((e) => e.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeUndefined();
    expect(paged).toEqual(seen);
  });
});
