import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, openBody, specialist } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('referrals');
  for (const s of [specialist(), specialist(), specialist(), specialist({ specialty: 'dental' })]) {
    await h.deps.specialists.put(s);
  }
});

const open = async (
  overrides: Record<string, unknown> = {},
  opts: { org?: string; headers?: Record<string, string> } = {},
) => h.call('POST', '/v1/referrals', { body: openBody(overrides), ...opts });

describe('opening a referral', () => {
  it('opens, offers to the first two candidates and reads back with its timeline', async () => {
    const res = await open();
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r).toMatchObject({
      status: 'offered',
      version: 1,
      pseudonym: 'ZEBRA-1985',
      need: { specialty: 'ophthalmology' },
      urgency: 'routine',
      languages: ['pt', 'fr'],
      accompaniment: { required: true, accompanierId: null },
    });
    expect(r.offers).toHaveLength(2);
    expect(res.headers.get('etag')).toBe('"1"');

    const read = await h.call('GET', `/v1/referrals/${r.id}`);
    expect(read.status).toBe(200);
    const body = await read.json();
    expect(body.id).toBe(r.id);
    expect(body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'referral.opened',
      'offer.sent',
      'offer.sent',
    ]);
    expect(body.timeline[0].actor).toEqual({ role: 'social_worker', id: 'social_worker-mdm-lu' });
  });

  it('stays open when autoOffer is false', async () => {
    const res = await open({ autoOffer: false, pseudonym: 'OWL-22' });
    expect(res.status).toBe(201);
    const r = await res.json();
    expect(r.status).toBe('open');
    expect(r.offers).toEqual([]);
  });

  it('creates one referral for ten concurrent requests with one Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'open-ibis-7-once' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => open({ pseudonym: 'IBIS-7', autoOffer: false }, { headers })),
    );
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const ids = new Set(await Promise.all(results.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    const list = await (await h.call('GET', '/v1/referrals?pseudonym=IBIS-7')).json();
    expect(list.items).toHaveLength(1);
  });

  it('refuses an Idempotency-Key reused with a different body', async () => {
    const headers = { 'idempotency-key': 'reuse-1' };
    expect((await open({ pseudonym: 'LYNX-3', autoOffer: false }, { headers })).status).toBe(201);
    const again = await open({ pseudonym: 'LYNX-4', autoOffer: false }, { headers });
    expect(again.status).toBe(422);
  });
});

describe('listing', () => {
  it('lists only the caller organisation, by status and pseudonym, paginated', async () => {
    await open({ pseudonym: 'OTHER-ORG-1', autoOffer: false }, { org: 'dune-bxl' });
    for (let i = 0; i < 3; i++) await open({ pseudonym: 'PAGED-1', autoOffer: false });
    const first = await (await h.call('GET', '/v1/referrals?pseudonym=PAGED-1&limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (
      await h.call(
        'GET',
        `/v1/referrals?pseudonym=PAGED-1&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
      )
    ).json();
    expect(second.items).toHaveLength(1);
    const all = await (await h.call('GET', '/v1/referrals?status=open&limit=100')).json();
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.every((r: { status: string }) => r.status === 'open')).toBe(true);
    expect(all.items.some((r: { pseudonym: string }) => r.pseudonym === 'OTHER-ORG-1')).toBe(false);
  });

  it('refuses a cursor forged for another partition', async () => {
    const forged = Buffer.from(JSON.stringify({ orgPk: 'dune-bxl', orgSk: 'x', pk: 'x', sk: 'x' })).toString(
      'base64url',
    );
    const res = await h.call('GET', `/v1/referrals?cursor=${forged}`);
    expect(res.status).toBe(400);
  });
});

describe('organisations never see each other', () => {
  it('answers 404 to another organisation, for reading and closing', async () => {
    const r = await (await open({ pseudonym: 'MOTH-5', autoOffer: false })).json();
    expect((await h.call('GET', `/v1/referrals/${r.id}`, { org: 'dune-bxl' })).status).toBe(404);
    const close = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      org: 'dune-bxl',
      role: 'coordinator',
      body: { reason: 'cancelled' },
    });
    expect(close.status).toBe(404);
    expect((await (await h.call('GET', `/v1/referrals/${r.id}`)).json()).status).toBe('open');
  });
});

describe('closing', () => {
  it('closes with a reason and withdraws the open offers', async () => {
    const r = await (await open({ pseudonym: 'HERON-9' })).json();
    const res = await h.call('POST', `/v1/referrals/${r.id}/close`, { body: { reason: 'lost_contact' } });
    expect(res.status).toBe(200);
    const closed = await res.json();
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'lost_contact', version: 2 });
    expect(closed.offers.every((o: { state: string }) => o.state === 'withdrawn')).toBe(true);
  });

  it('gives exactly one success and 409s to 20 concurrent closes', async () => {
    const r = await (await open({ pseudonym: 'CRANE-20', autoOffer: false })).json();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.call('POST', `/v1/referrals/${r.id}/close`, { body: { reason: 'completed' } }),
      ),
    );
    const statuses = results.map((x) => x.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const final = await (await h.call('GET', `/v1/referrals/${r.id}`)).json();
    expect(final.version).toBe(2);
    expect(final.timeline.filter((e: { action: string }) => e.action === 'referral.closed')).toHaveLength(1);
  });

  it('refuses a stale If-Match with 409 and accepts the current one', async () => {
    const r = await (await open({ pseudonym: 'STORK-1', autoOffer: false })).json();
    const stale = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      body: { reason: 'completed' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(409);
    const ok = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      body: { reason: 'completed' },
      headers: { 'if-match': `"${r.version}"` },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses an accompanier closing a referral (403)', async () => {
    const r = await (await open({ pseudonym: 'WREN-2', autoOffer: false })).json();
    const res = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      role: 'accompanier',
      body: { reason: 'completed' },
    });
    expect(res.status).toBe(403);
  });
});

describe('logs', () => {
  it('logs each request as JSON with its route pattern and ids, never the pseudonym, reason or token', async () => {
    const before = h.logLines.length;
    const r = await (
      await open({ pseudonym: 'SECRET-PSEUDO-77', reason: 'chest pain when climbing stairs' })
    ).json();
    await h.call('GET', `/v1/referrals/${r.id}`);
    const lines = h.logLines.slice(before).map((l) => JSON.parse(l));
    const requests = lines.filter((l) => l.message === 'request');
    expect(requests.map((l) => l.route)).toEqual(['/v1/referrals', '/v1/referrals/:id']);
    expect(requests.every((l) => typeof l.requestId === 'string' && l.org === 'mdm-lu')).toBe(true);
    const text = h.logLines.slice(before).join('\n');
    expect(text).not.toContain('SECRET-PSEUDO-77');
    expect(text).not.toContain('chest pain');
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
  });
});

describe('offers stay within reach', () => {
  it('offers a referral only to specialists in the referring organisation’s country', async () => {
    await h.deps.organisations.put({
      id: 'dune-bxl',
      name: 'DUNE asbl',
      city: 'Bruxelles',
      country: 'BE',
      contact: { email: 'accueil@dune-bxl.example' },
      locale: 'fr',
    });
    await h.deps.specialists.put(specialist({ id: 'derm-lu', specialty: 'dermatology', country: 'LU' }));
    await h.deps.specialists.put(specialist({ id: 'derm-be', specialty: 'dermatology', country: 'BE' }));
    const r = await (
      await open({ pseudonym: 'FOX-31', need: { specialty: 'dermatology' } }, { org: 'dune-bxl' })
    ).json();
    expect(r.offers.map((o: { specialistId: string }) => o.specialistId)).toEqual(['derm-be']);
  });
});
