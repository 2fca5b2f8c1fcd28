import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';
import { MDM_EN } from '../timers/support.ts';

/*
 * Absences ahead: a coordinator of the specialist's organisation sets them through
 * `PATCH /v1/specialists/{id}` (versioned, If-Match), they are kept merged and pruned on DynamoDB Local,
 * and matching offers nothing to a specialist while away.
 */

const DAY = 86_400_000;
let h: Harness;
const day = (n: number): string => new Date(h.clock.now().getTime() + n * DAY).toISOString();

const A = specialist({ id: 'derm-away', specialty: 'dermatology', organisation: 'mdm-lu' });
const B = specialist({ id: 'derm-here', specialty: 'dermatology', organisation: 'mdm-lu' });

beforeAll(async () => {
  h = await createHarness('loops-absences');
  await h.deps.organisations.put(MDM_EN);
  await h.deps.specialists.put(A);
  await h.deps.specialists.put(B);
});

const patch = (id: string, body: unknown, opts: Parameters<Harness['call']>[2] = {}) =>
  h.call('PATCH', `/v1/specialists/${id}`, { role: 'coordinator', body, ...opts });

let n = 0;
async function offeredTo(): Promise<string[]> {
  const res = await h.call('POST', '/v1/referrals', {
    body: openBody({ pseudonym: `ABS-${++n}`, need: { specialty: 'dermatology' } }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).offers.map((o: { specialistId: string }) => o.specialistId).sort();
}

describe('absences of a specialist', () => {
  it('are set by a coordinator of their organisation, merged, pruned, versioned and stored', async () => {
    const read = await h.call('GET', `/v1/specialists/${A.id}`, { role: 'coordinator' });
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await read.json()).version).toBe(1);

    const res = await patch(
      A.id,
      {
        absences: [
          { from: day(3), until: day(10) },
          { from: day(-1), until: day(3) },
          { from: day(-20), until: day(-10) },
          { from: day(30), until: day(40) },
        ],
      },
      { headers: { 'if-match': '"1"' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    const changed = await res.json();
    expect(changed.version).toBe(2);
    expect(changed.absences).toEqual([
      { from: day(-1), until: day(10) },
      { from: day(30), until: day(40) },
    ]);
    expect((await h.deps.specialists.get(A.id))?.absences).toEqual(changed.absences);

    // The version read is stale now; other organisations' coordinators find no such entry to change
    // (404), and social workers may not use the directory (403).
    expect((await patch(A.id, { absences: [] }, { headers: { 'if-match': '"1"' } })).status).toBe(409);
    expect((await patch(A.id, { absences: [] }, { org: 'dune-bxl' })).status).toBe(404);
    expect((await patch(A.id, { absences: [] }, { role: 'social_worker' })).status).toBe(403);
    expect((await h.deps.specialists.get(A.id))?.version).toBe(2);
  });

  it('refuses a period that does not end after it starts, naming it', async () => {
    const res = await patch(A.id, { absences: [{ from: day(5), until: day(5) }] });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ path: 'absences.0.until', message: expect.any(String) }]);
  });

  it('keeps matching away from the specialist during an absence, and back to them after it', async () => {
    expect(await offeredTo()).toEqual([B.id]);
    const named = await h.call('POST', '/v1/referrals', {
      body: openBody({ pseudonym: 'ABS-NAMED', need: { specialty: 'dermatology' }, autoOffer: false }),
    });
    const r = await named.json();
    const refused = await h.call('POST', `/v1/referrals/${r.id}/offers`, { body: { specialistIds: [A.id] } });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors).toEqual([
      { path: 'specialistIds.0', message: expect.stringContaining(A.id) },
    ]);

    const now = h.clock.now();
    const [back, between, during, again] = [day(10), day(25), day(35), day(40)];
    try {
      h.clock.set(new Date(back));
      expect(await offeredTo()).toEqual([A.id, B.id].sort());
      h.clock.set(new Date(between));
      expect(await offeredTo()).toEqual([A.id, B.id].sort());
      h.clock.set(new Date(during));
      expect(await offeredTo()).toEqual([B.id]);
      h.clock.set(new Date(again));
      expect(await offeredTo()).toEqual([A.id, B.id].sort());
    } finally {
      h.clock.set(now);
    }
  });

  it('leave pausedUntil working beside them', async () => {
    const res = await patch(B.id, { pausedUntil: day(2) });
    expect(res.status).toBe(200);
    expect(await offeredTo()).toEqual([]);
    expect((await patch(B.id, { pausedUntil: null })).status).toBe(200);
    expect(await offeredTo()).toEqual([B.id]);
  });
});
