import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, openBody } from './harness.ts';

/*
 * An organisation's pending entries (waiting for approval, or for the address to be confirmed) are its
 * own business (issue 12 item 2): other organisations do not see them listed, and naming one in an offer
 * tells them only that the specialist is not available. The owning organisation and admins see them.
 */

let h: Harness;
let n = 0;
beforeAll(async () => {
  h = await createHarness('http-directory-pending-others');
  await h.startEvents();
});
afterAll(async () => {
  await h?.stopEvents();
});

const entry = () => ({
  kind: 'doctor',
  displayName: `Dr Pending ${++n}`,
  email: `pending-${n}@clinic.example`,
  specialty: 'podiatry',
  practice: '2 rue du Fort, Luxembourg',
  country: 'LU',
  languages: ['fr'],
  locale: 'fr',
  monthlyQuota: 4,
});

const listedTo = async (role: 'coordinator' | 'network_coordinator' | 'admin', org: string) => {
  const res = await h.call('GET', '/v1/specialists?limit=100', { role, org });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((s) => s.id);
};

describe('another organisation’s pending entries', () => {
  let pendingId: string;
  beforeAll(async () => {
    const res = await h.call('POST', '/v1/specialists', {
      role: 'coordinator',
      org: 'dune-bxl',
      body: entry(),
    });
    expect(res.status).toBe(201);
    pendingId = ((await res.json()) as { id: string }).id;
  });

  it('are listed to their own organisation and to admins, not to others', async () => {
    expect(await listedTo('coordinator', 'dune-bxl')).toContain(pendingId);
    expect(await listedTo('admin', 'relais')).toContain(pendingId);
    expect(await listedTo('coordinator', 'mdm-lu')).not.toContain(pendingId);
    expect(await listedTo('network_coordinator', 'mdm-lu')).not.toContain(pendingId);
  });

  it('are "not available" when named in an offer, without saying they are pending', async () => {
    const opened = await h.call('POST', '/v1/referrals', {
      role: 'social_worker',
      body: openBody({ need: { specialty: 'podiatry' }, autoOffer: false }),
    });
    expect(opened.status).toBe(201);
    const r = (await opened.json()) as { id: string };
    const res = await h.call('POST', `/v1/referrals/${r.id}/offers`, {
      role: 'coordinator',
      body: { specialistIds: [pendingId] },
    });
    expect(res.status).toBe(422);
    const text = JSON.stringify(await res.json());
    expect(text).toContain('not available');
    expect(text).not.toMatch(/approv|confirm|pending/i);
  });
});
