import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  as,
  atTime,
  COORDINATOR,
  linkToken,
  openReferral,
  read,
  scheduledReferral,
  WORKER,
} from '../accompaniment/support.ts';
import type { Harness, TestResponse } from './harness.ts';

/*
 * What the write path refuses (issue 10, item 6), each over HTTP: the staff API and, where it applies,
 * the specialist link. Each refusal is a problem naming the field (or a 422 when the request carries no
 * field: arrival) and stores nothing.
 */

let h: Harness;
beforeAll(async () => {
  // The harness's clock: 2026-11-25T09:00Z. Appointments: 2026-11-27T10:00Z unless moved.
  h = await accompanimentHarness('refusals');
});
afterAll(async () => {
  await h.stopEvents();
});

/** Expects a 400 problem whose errors name `field`. */
async function expectFieldProblem(res: TestResponse, field: string): Promise<void> {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = await res.json();
  expect(problem.errors.map((e: { path: string }) => e.path)).toContain(field);
}

const linkPost = (path: string, body: unknown) =>
  h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });

const acceptedOffer = (r: Referral) => {
  const offer = r.offers.find((o) => o.state === 'accepted');
  if (!offer) throw new Error('no accepted offer');
  return offer.id;
};

describe('instants are stored in UTC', () => {
  it('stores and lists a reschedule sent with an offset as the same instant in UTC', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'UTC-1' });
    const res = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, {
      appointmentAt: '2027-03-01T14:00:00+01:00',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).appointment.at).toBe('2027-03-01T13:00:00.000Z');
    expect((await h.deps.store.get(r.id))?.appointment?.at).toBe('2027-03-01T13:00:00.000Z');
    expect((await read(h, r.id)).appointment?.at).toBe('2027-03-01T13:00:00.000Z');
    const list = await as(h, WORKER, 'GET', '/v1/referrals?pseudonym=UTC-1');
    expect((await list.json()).items[0].appointment.at).toBe('2027-03-01T13:00:00.000Z');
  });

  it('orders an accompanier’s appointments by the instant, whatever offset each was sent with', async () => {
    const early = await accompaniedReferral(h, { pseudonym: 'UTC-2' });
    const late = await accompaniedReferral(h, { pseudonym: 'UTC-3' });
    // 14:00 in Luxembourg is 13:00Z, before 13:30Z; as written, "…T14:00:00+01:00" sorts after "…T13:30:00Z".
    for (const [r, at] of [
      [early, '2027-04-01T14:00:00+01:00'],
      [late, '2027-04-01T13:30:00Z'],
    ] as const) {
      const res = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, { appointmentAt: at });
      expect(res.status).toBe(200);
    }
    const mine = await as(h, ACCOMPANIER, 'GET', '/v1/me/accompaniments');
    const ids = (await mine.json()).items.map(
      (a: { referralId?: string; id?: string }) => a.referralId ?? a.id,
    );
    expect(ids.indexOf(early.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(early.id)).toBeLessThan(ids.indexOf(late.id));
  });

  it('stores a link acceptance sent with an offset in UTC', async () => {
    const r = await openReferral(h, { pseudonym: 'UTC-4' });
    const token = await linkToken(h, r, r.offers[0]!.id, 'offer');
    const res = await linkPost(`/o/${token}/accept`, { appointmentAt: '2026-12-01T10:30:00+01:00' });
    expect(res.status).toBe(200);
    expect((await h.deps.store.get(r.id))?.appointment?.at).toBe('2026-12-01T09:30:00.000Z');
  });
});

describe('an appointment more than 18 months ahead, or in the past', () => {
  const FAR = ['9999-12-31T00:00:00Z', '2028-05-25T10:00:00Z'];
  const PAST = '2026-11-24T09:00:00Z';

  it.each([...FAR, PAST])('is refused by a staff reschedule to %s, nothing stored', async (at) => {
    const r = await scheduledReferral(h, { pseudonym: `FAR-S-${at.slice(0, 4)}` });
    await expectFieldProblem(
      await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, { appointmentAt: at }),
      'appointmentAt',
    );
    expect((await read(h, r.id)).version).toBe(r.version);
  });

  it('is accepted up to 18 months ahead', async () => {
    const r = await scheduledReferral(h, { pseudonym: 'FAR-OK' });
    const res = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, {
      appointmentAt: '2028-05-25T08:00:00Z',
    });
    expect(res.status).toBe(200);
  });

  it.each([...FAR, PAST])('is refused by a link acceptance at %s, nothing stored', async (at) => {
    const r = await openReferral(h, { pseudonym: `FAR-A-${at.slice(0, 4)}` });
    const token = await linkToken(h, r, r.offers[0]!.id, 'offer');
    await expectFieldProblem(await linkPost(`/o/${token}/accept`, { appointmentAt: at }), 'appointmentAt');
    expect((await read(h, r.id)).version).toBe(r.version);
  });

  it('is accepted by a link up to 18 months ahead, as by a staff member (one booking window)', async () => {
    // 13 months ahead: the link once held its own one-year limit.
    const r = await openReferral(h, { pseudonym: 'FAR-A-OK' });
    const token = await linkToken(h, r, r.offers[0]!.id, 'offer');
    const res = await linkPost(`/o/${token}/accept`, { appointmentAt: '2027-12-27T09:00:00Z' });
    expect(res.status).toBe(200);
    expect((await read(h, r.id)).appointment?.at).toBe('2027-12-27T09:00:00.000Z');
  });

  it.each([...FAR, PAST])('is refused by a link reschedule to %s, nothing stored', async (at) => {
    const r = await scheduledReferral(h, { pseudonym: `FAR-L-${at.slice(0, 4)}` });
    const token = await linkToken(h, r, acceptedOffer(r), 'outcome');
    await expectFieldProblem(
      await linkPost(`/o/${token}/reschedule`, { appointmentAt: at }),
      'appointmentAt',
    );
    expect((await read(h, r.id)).version).toBe(r.version);
  });
});

describe('arrival and attendance before their time', () => {
  it('refuses arrival more than 12 h before the appointment (422), then takes it from then', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'EARLY-1' });
    // The appointment is at 2026-11-27T10:00Z: arrival opens at 2026-11-26T22:00Z.
    const early = await atTime(
      h,
      () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/arrived`),
      '2026-11-26T21:59:00Z',
    );
    expect(early.status).toBe(422);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect((await early.json()).detail).toMatch(/12 hours/);
    expect((await read(h, r.id)).version).toBe(r.version);
    const inTime = await atTime(
      h,
      () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/arrived`),
      '2026-11-26T22:00:00Z',
    );
    expect(inTime.status).toBe(200);
  });

  it('refuses attended: true before the appointment’s time over the API, naming the field', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'EARLY-2' });
    const early = await atTime(
      h,
      () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, { attended: true }),
      '2026-11-27T09:59:00Z',
    );
    await expectFieldProblem(early, 'attended');
    expect((await read(h, r.id)).version).toBe(r.version);
    const inTime = await atTime(h, () =>
      as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, { attended: true }),
    );
    expect(inTime.status).toBe(200);
  });

  it('refuses attended: true before the appointment’s time by the outcome link', async () => {
    const r = await scheduledReferral(h, { pseudonym: 'EARLY-3' });
    const token = await linkToken(h, r, acceptedOffer(r), 'outcome');
    await expectFieldProblem(await linkPost(`/o/${token}/outcome`, { attended: true }), 'attended');
    expect((await read(h, r.id)).version).toBe(r.version);
  });
});

describe('a list cursor with missing or extra keys', () => {
  const cursorOf = (flat: Record<string, string>) => Buffer.from(JSON.stringify(flat)).toString('base64url');
  const CURSORS: [string, string, Record<string, string>][] = [
    ['/v1/referrals', 'missing keys', { orgPk: 'mdm-lu' }],
    ['/v1/referrals', 'an extra key', { orgPk: 'mdm-lu', orgSk: 'x', pk: 'REF#a', sk: 'REF', more: 'y' }],
    [
      '/v1/referrals',
      'another index’s keys',
      { statusPk: 'mdm-lu#open', orgSk: 'x', pk: 'REF#a', sk: 'REF' },
    ],
    ['/v1/escalations', 'missing keys', { boardPk: 'mdm-lu#open' }],
    [
      '/v1/specialists',
      'an extra key',
      { orgPk: 'DIRECTORY#SPECIALISTS', orgSk: 'x', pk: 'a', sk: 'b', c: 'd' },
    ],
  ];

  it.each(CURSORS)('is a 400 naming the cursor on %s (%s)', async (path, _label, flat) => {
    const res = await as(h, COORDINATOR, 'GET', `${path}?cursor=${cursorOf(flat)}`);
    await expectFieldProblem(res, 'cursor');
  });

  it('still pages with the cursors the lists hand out', async () => {
    const first = await as(h, WORKER, 'GET', '/v1/referrals?limit=1');
    const { nextCursor } = await first.json();
    expect(nextCursor).toEqual(expect.any(String));
    expect((await as(h, WORKER, 'GET', `/v1/referrals?limit=1&cursor=${nextCursor}`)).status).toBe(200);
  });
});

describe('a malformed Origin on a page’s POST', () => {
  it.each(['not a url', 'http://', '://relais.test', 'http://[::1'])(
    'is refused as cross-site (403), not a 500: %s',
    async (origin) => {
      const signIn = await h.request('/app/sign-in', {
        method: 'POST',
        headers: { origin, host: 'relais.test', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: 'x'.repeat(30) }).toString(),
      });
      expect(signIn.status).toBe(403);
      const tap = await h.request('/app/accompaniments/some-id/arrived', {
        method: 'POST',
        headers: { origin, host: 'relais.test', 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(tap.status).toBe(403);
    },
  );
});
