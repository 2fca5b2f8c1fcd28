import { beforeAll, describe, expect, it } from 'vitest';
import { nameClaimOf } from '../../../functions/adapters/tokens/staff-tokens.ts';
import { createHarness, type Harness } from '../http/harness.ts';

/* `GET /v1/staff?role=` (issue 14 item 2): the organisation's staff as Relais saw them sign in. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('staff-list');
});

type Listed = { sub: string; name?: string; roles: string[] };
const staffOf = async (query = '', org = 'mdm-lu'): Promise<Listed[]> => {
  const res = await h.call('GET', `/v1/staff${query}`, { role: 'coordinator', sub: 'co-list', org });
  expect(res.status).toBe(200);
  return (await res.json()).items;
};

describe('GET /v1/staff', () => {
  it('lists who used a valid token in the caller’s organisation, with their roles, filtered by role', async () => {
    await h.call('GET', '/v1/me/notifications', { role: 'accompanier', sub: 'acc-1' });
    await h.call('GET', '/v1/me/notifications', { role: 'social_worker', sub: 'sw-1' });
    await h.call('GET', '/v1/me/notifications', { role: 'accompanier', sub: 'acc-x', org: 'dune-bxl' });
    const all = await staffOf();
    expect(all).toEqual(
      expect.arrayContaining([
        { sub: 'acc-1', roles: ['accompanier'] },
        { sub: 'sw-1', roles: ['social_worker'] },
        { sub: 'co-list', roles: ['coordinator'] },
      ]),
    );
    expect(all.map((s) => s.sub)).not.toContain('acc-x');
    const accompaniers = await staffOf('?role=accompanier');
    expect(accompaniers.map((s) => s.sub)).toEqual(['acc-1']);
  });

  it('records each person at most once a day: the first token of the day says their roles and name', async () => {
    await h.deps.staffSeen.seen({ sub: 'named', org: 'mdm-lu', roles: ['accompanier'], name: 'Ana Lopes' });
    await h.deps.staffSeen.seen({ sub: 'named', org: 'mdm-lu', roles: ['coordinator'] });
    expect((await staffOf()).find((s) => s.sub === 'named')).toEqual({
      sub: 'named',
      name: 'Ana Lopes',
      roles: ['accompanier'],
    });
    const today = h.clock.now();
    h.clock.set(new Date(today.getTime() + 24 * 3600_000));
    try {
      await h.deps.staffSeen.seen({ sub: 'named', org: 'mdm-lu', roles: ['coordinator'] });
      expect((await staffOf()).find((s) => s.sub === 'named')).toEqual({
        sub: 'named',
        roles: ['coordinator'],
      });
    } finally {
      h.clock.set(today);
    }
  });

  it('pages the list', async () => {
    for (let i = 0; i < 5; i++)
      await h.deps.staffSeen.seen({ sub: `page-${i}`, org: 'page-org', roles: ['accompanier'] });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await h.call('GET', `/v1/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        role: 'coordinator',
        sub: 'page-co',
        org: 'page-org',
      });
      const page = await res.json();
      seen.push(...page.items.map((s: Listed) => s.sub));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-co']);
  });

  it.each([
    ['?role=chef', 'role'],
    ['?limit=0', 'limit'],
    ['?other=1', ''],
  ])('refuses %s naming the field', async (query, field) => {
    const res = await h.call('GET', `/v1/staff${query}`, { role: 'coordinator' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (field) expect(JSON.stringify(await res.json())).toContain(field);
  });

  it.each(['social_worker', 'accompanier', 'network_coordinator', 'admin'] as const)(
    'refuses %s',
    async (role) => {
      expect((await h.call('GET', '/v1/staff', { role })).status).toBe(403);
    },
  );

  it('takes a usable name claim and ignores any other', () => {
    expect(nameClaimOf({ name: '  Ana  ' })).toEqual({ name: 'Ana' });
    expect(nameClaimOf({ name: 42 })).toEqual({});
    expect(nameClaimOf({ name: '' })).toEqual({});
    expect(nameClaimOf({ name: 'x'.repeat(201) })).toEqual({});
  });
});
