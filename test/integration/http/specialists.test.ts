import { beforeAll, describe, expect, it } from 'vitest';
import { specialistVersion } from '../../../domain/directory/model.ts';
import { createHarness, type Harness } from './harness.ts';

/*
 * The governed directory over HTTP on DynamoDB Local: an entry belongs to the organisation that added
 * it and only its coordinators (or an admin) change it; POST honours Idempotency-Key; emails are unique
 * in the network whatever their case, claimed in the same write as the entry.
 */

let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await createHarness('http-specialists');
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  kind: 'doctor',
  displayName: 'Dr Example',
  email: `doctor-${++n}@clinic.example`,
  specialty: 'dermatology',
  practice: '1 rue de la Gare, Luxembourg',
  country: 'LU',
  languages: ['fr'],
  locale: 'fr',
  monthlyQuota: 4,
  ...overrides,
});

const post = (body: unknown, opts: Parameters<Harness['call']>[2] = {}) =>
  h.call('POST', '/v1/specialists', { role: 'coordinator', org: 'mdm-lu', body, ...opts });
const patch = (id: string, body: unknown, opts: Parameters<Harness['call']>[2] = {}) =>
  h.call('PATCH', `/v1/specialists/${id}`, { role: 'coordinator', org: 'mdm-lu', body, ...opts });

async function added(body: unknown = entry()): Promise<{ id: string; email: string; organisation: string }> {
  const res = await post(body);
  expect(res.status).toBe(201);
  return res.json();
}

describe('the directory', () => {
  it('keeps an entry changeable by its organisation’s coordinators only: others find nothing (404)', async () => {
    const s = await added();
    expect(s.organisation).toBe('mdm-lu');
    expect((await patch(s.id, { monthlyQuota: 9 }, { org: 'dune-bxl' })).status).toBe(404);
    // Network coordinators and social workers never change the directory, whichever organisation.
    for (const org of ['dune-bxl', 'mdm-lu']) {
      for (const role of ['network_coordinator', 'social_worker'] as const) {
        expect((await patch(s.id, { monthlyQuota: 9 }, { role, org })).status).toBe(403);
        expect((await post(entry(), { role, org })).status).toBe(403);
      }
    }
    expect((await h.deps.specialists.get(s.id))?.monthlyQuota).toBe(4);
    // Reading follows the list: still pending, the entry is its organisation's (and the admins') to read
    // (directory-pending-others.test.ts reads it again once approved and confirmed).
    expect(
      (await h.call('GET', `/v1/specialists/${s.id}`, { role: 'coordinator', org: 'dune-bxl' })).status,
    ).toBe(404);

    const res = await patch(s.id, { monthlyQuota: 9 });
    expect(res.status).toBe(200);
    expect((await h.deps.specialists.get(s.id))?.monthlyQuota).toBe(9);
    expect((await patch(s.id, { monthlyQuota: 8 }, { role: 'admin', org: 'dune-bxl' })).status).toBe(200);
  });

  it('refuses (403) a coordinator’s entry for another organisation, creating nothing and claiming no email', async () => {
    const body = entry({ organisation: 'mdm-lu' });
    const res = await post(body, { org: 'dune-bxl' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 403 });
    expect(problem.detail).not.toMatch(/specialist/i);
    const all = (await h.deps.specialists.list({ limit: 1000 })).items;
    expect(all.map((s) => s.email)).not.toContain(body.email);
    // With an Idempotency-Key too; the email stays free for its own organisation.
    const keyed = await post(body, { org: 'dune-bxl', headers: { 'idempotency-key': `foreign-${n}` } });
    expect(keyed.status).toBe(403);
    const own = await post(body);
    expect(own.status).toBe(201);
    expect((await own.json()).organisation).toBe('mdm-lu');
    // Naming their own organisation is naming none; an admin names any.
    expect((await post(entry({ organisation: 'dune-bxl' }), { org: 'dune-bxl' })).status).toBe(201);
    const byAdmin = await post(entry({ organisation: 'dune-bxl' }), { role: 'admin', org: 'relais' });
    expect(byAdmin.status).toBe(201);
  });

  it('takes If-Match on PATCH: a stale version is a 409 changing nothing, the current one or none is applied', async () => {
    const s = await added();
    const v = specialistVersion((await h.deps.specialists.get(s.id))!);
    const stale = await patch(s.id, { monthlyQuota: 7 }, { headers: { 'if-match': `"${v + 3}"` } });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect((await h.deps.specialists.get(s.id))?.monthlyQuota).toBe(4);
    const current = await patch(s.id, { monthlyQuota: 7 }, { headers: { 'if-match': `"${v}"` } });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe(`"${v + 1}"`);
    // API.md lists If-Match for this route without requiring it (unlike PATCH /v1/referrals/{id}).
    const without = await patch(s.id, { monthlyQuota: 6 });
    expect(without.status).toBe(200);
    expect((await h.deps.specialists.get(s.id))?.monthlyQuota).toBe(6);
  });

  it('creates one entry for a POST repeated with one Idempotency-Key, and refuses the key with another body', async () => {
    const body = entry();
    const headers = { 'idempotency-key': `dir-${n}` };
    const first = await post(body, { headers });
    expect(first.status).toBe(201);
    const again = await post(body, { headers });
    expect(again.status).toBe(200);
    const [a, b] = [await first.json(), await again.json()];
    expect(b.id).toBe(a.id);
    expect(b.createdAt).toBe(a.createdAt);
    const other = await post({ ...body, displayName: 'Dr Other' }, { headers });
    expect(other.status).toBe(422);
    expect((await h.deps.specialists.get(a.id))?.displayName).toBe('Dr Example');
  });

  it('refuses an email another specialist has, whatever its case, on POST and on PATCH, storing nothing', async () => {
    const first = await added(entry({ email: 'Shared.Doctor@Clinic.example' }));
    const dup = await post(entry({ email: 'shared.doctor@clinic.EXAMPLE', displayName: 'Dr Twin' }));
    expect(dup.status).toBe(409);
    expect((await dup.json()).detail).toContain('email');
    const names = (
      await h.call('GET', '/v1/specialists?limit=100', { role: 'coordinator' }).then((r) => r.json())
    ).items.map((s: { displayName: string }) => s.displayName);
    expect(names).not.toContain('Dr Twin');

    const second = await added();
    const moved = await patch(second.id, { email: 'SHARED.doctor@clinic.example' });
    expect(moved.status).toBe(409);
    expect((await moved.json()).detail).toContain('email');
    expect((await h.deps.specialists.get(second.id))?.email).toBe(second.email);
    expect((await h.deps.specialists.get(first.id))?.email).toBe(first.email);
  });

  it('frees the former email when an entry changes address, and claims the new one', async () => {
    const s = await added(entry({ email: 'moving@clinic.example' }));
    const res = await patch(s.id, { email: 'Moved@clinic.example' });
    expect(res.status).toBe(200);
    expect((await h.deps.specialists.get(s.id))?.email).toBe('Moved@clinic.example');
    expect((await post(entry({ email: 'moved@CLINIC.example' }))).status).toBe(409);
    expect((await post(entry({ email: 'MOVING@clinic.example' }))).status).toBe(201);
    // A change of case only keeps the claim.
    expect((await patch(s.id, { email: 'moved@clinic.example' })).status).toBe(200);
  });

  it('creates exactly one entry out of ten concurrent POSTs of the same email', async () => {
    const email = 'race@clinic.example';
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(entry({ email, displayName: `Dr Race ${i}` }))),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const listed = (
      await h.call('GET', '/v1/specialists?limit=100', { role: 'coordinator' }).then((r) => r.json())
    ).items.filter((s: { email: string }) => s.email === email);
    expect(listed).toHaveLength(1);
  });
});
