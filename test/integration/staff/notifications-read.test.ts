import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../http/harness.ts';

/* `POST /v1/me/notifications/read` (issue 14 item 1): read is per reader, also on shared group feeds. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('notifications-read');
});

const note = (i: number) => ({
  id: `nr${i}`,
  at: new Date(Date.UTC(2026, 10, 2, 8, i)).toISOString(),
  kind: 'outcome_recorded',
  referralId: `r${i}`,
  eventId: `e${i}`,
});

const feed = async (sub: string, role: 'coordinator' | 'social_worker' = 'coordinator') => {
  const res = await h.call('GET', '/v1/me/notifications', { role, sub });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { id: string; read: boolean }[] };
  return Object.fromEntries(body.items.map((n) => [n.id, n.read]));
};

describe('POST /v1/me/notifications/read', () => {
  it('marks items read by id, for the caller only, on their own and on their group’s feed', async () => {
    await h.deps.notifications.add({ sub: 'co-a', org: 'mdm-lu' }, note(1));
    await h.deps.notifications.add({ group: 'team:mdm-lu', org: 'mdm-lu' }, note(2));
    expect(await feed('co-a')).toMatchObject({ nr1: false, nr2: false });
    const res = await h.call('POST', '/v1/me/notifications/read', {
      role: 'coordinator',
      sub: 'co-a',
      body: { ids: ['nr1', 'nr2'] },
    });
    expect(res.status).toBe(204);
    expect(await feed('co-a')).toMatchObject({ nr1: true, nr2: true });
    // The team's item stays unread for a colleague who reads the same group feed.
    expect(await feed('co-b')).toMatchObject({ nr2: false });
  });

  it('marks everything at or before an instant read, and never moves the mark back', async () => {
    for (const i of [10, 11, 12]) await h.deps.notifications.add({ sub: 'sw-a', org: 'mdm-lu' }, note(i));
    const mark = (before: string) =>
      h.call('POST', '/v1/me/notifications/read', { sub: 'sw-a', body: { before } });
    expect((await mark(note(11).at)).status).toBe(204);
    expect(await feed('sw-a', 'social_worker')).toMatchObject({ nr10: true, nr11: true, nr12: false });
    await mark(note(10).at);
    expect(await feed('sw-a', 'social_worker')).toMatchObject({ nr11: true });
  });

  it('keeps marks apart between organisations for the same sub', async () => {
    await h.deps.notifications.add({ sub: 'same', org: 'dune-bxl' }, note(20));
    await h.call('POST', '/v1/me/notifications/read', { sub: 'same', body: { ids: ['nr20'] } });
    const res = await h.call('GET', '/v1/me/notifications', { sub: 'same', org: 'dune-bxl' });
    expect((await res.json()).items).toEqual([expect.objectContaining({ id: 'nr20', read: false })]);
  });

  it.each([
    [{ ids: [] }, 'ids'],
    [{ before: 'yesterday' }, 'before'],
    [{ ids: ['x'], other: 1 }, ''],
  ])('refuses %j with a problem', async (body, field) => {
    const res = await h.call('POST', '/v1/me/notifications/read', { body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (field) expect(JSON.stringify(await res.json())).toContain(field);
  });

  it('refuses a caller without a token', async () => {
    const res = await h.request('/v1/me/notifications/read', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });
});
