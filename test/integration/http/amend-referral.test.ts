import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, openBody } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('amend-referral');
});

const opened = async (org = 'mdm-lu') => {
  const res = await h.call('POST', '/v1/referrals', { org, body: openBody({ autoOffer: false }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; version: number; reason: string };
};

const amend = (
  id: string,
  body: unknown,
  ifMatch?: string,
  opts: { role?: 'coordinator' | 'accompanier' | 'network_coordinator' | 'admin'; org?: string } = {},
) =>
  h.call('PATCH', `/v1/referrals/${id}`, {
    body,
    ...opts,
    ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}),
  });

describe('PATCH /v1/referrals/{id}', () => {
  it('amends the fields, bumps the version and records the field names on the timeline', async () => {
    const r = await opened();
    const body = {
      urgency: 'urgent',
      languages: ['ar'],
      interpreterNeeded: true,
      accompaniment: { required: false },
      reason: 'Pain worse since Monday, needs an earlier slot.',
    };
    const res = await amend(r.id, body, `"${r.version}"`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${r.version + 1}"`);
    const after = await res.json();
    expect(after).toMatchObject({ ...body, version: r.version + 1 });
    const entry = after.timeline.at(-1);
    expect(entry.action).toBe('referral.amended');
    expect(entry.detail).toEqual({
      urgency: true,
      languages: true,
      interpreterNeeded: true,
      accompanimentRequired: true,
      reason: true,
    });
    expect(JSON.stringify(entry)).not.toContain('Pain worse');
  });

  it('is a 428 without If-Match (RFC 6585), and changes nothing', async () => {
    const r = await opened();
    const res = await amend(r.id, { urgency: 'soon' });
    expect(res.status).toBe(428);
    expect((await res.json()).errors).toEqual([{ path: 'If-Match', message: 'required' }]);
    expect((await h.deps.store.get(r.id))?.version).toBe(r.version);
  });

  it('is a 409 on a stale If-Match, and changes nothing', async () => {
    const r = await opened();
    expect((await amend(r.id, { urgency: 'soon' }, `"${r.version}"`)).status).toBe(200);
    const stale = await amend(r.id, { urgency: 'urgent' }, `"${r.version}"`);
    expect(stale.status).toBe(409);
    expect((await h.deps.store.get(r.id))?.urgency).toBe('soon');
  });

  it('refuses a reason holding a phone number, naming the field, and keeps the old reason', async () => {
    const r = await opened();
    const res = await amend(r.id, { reason: 'Call her on +352 621 123 456 first.' }, `"${r.version}"`);
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    expect(JSON.stringify(problem)).not.toContain('621');
    expect((await h.deps.store.get(r.id))?.reason).toBe(r.reason);
  });

  it('refuses an empty amendment and unknown fields (400)', async () => {
    const r = await opened();
    expect((await amend(r.id, {}, `"${r.version}"`)).status).toBe(400);
    expect((await amend(r.id, { pseudonym: 'OTHER-1' }, `"${r.version}"`)).status).toBe(400);
  });

  it('changes nothing when amended to what it already says', async () => {
    const r = await opened();
    const res = await amend(r.id, { urgency: 'routine' }, `"${r.version}"`);
    expect(res.status).toBe(200);
    expect((await res.json()).version).toBe(r.version);
  });

  it('lets the coordinator of the referring org amend, refuses other roles and other orgs', async () => {
    const r = await opened();
    const byCoordinator = await amend(r.id, { urgency: 'soon' }, `"${r.version}"`, { role: 'coordinator' });
    expect(byCoordinator.status).toBe(200);
    const v = `"${r.version + 1}"`;
    expect((await amend(r.id, { urgency: 'urgent' }, v, { role: 'accompanier' })).status).toBe(403);
    expect((await amend(r.id, { urgency: 'urgent' }, v, { role: 'admin', org: 'relais' })).status).toBe(403);
    expect((await amend(r.id, { urgency: 'urgent' }, v, { role: 'network_coordinator' })).status).toBe(403);
    expect(
      (await amend(r.id, { urgency: 'urgent' }, v, { role: 'coordinator', org: 'other-org' })).status,
    ).toBe(404);
    expect((await h.deps.store.get(r.id))?.urgency).toBe('soon');
  });

  it('refuses to amend a closed referral (422)', async () => {
    const r = await opened();
    const closed = await h.call('POST', `/v1/referrals/${r.id}/close`, { body: { reason: 'withdrawn' } });
    expect(closed.status).toBe(200);
    const res = await amend(r.id, { urgency: 'urgent' }, `"${r.version + 1}"`);
    expect(res.status).toBe(422);
  });
});
