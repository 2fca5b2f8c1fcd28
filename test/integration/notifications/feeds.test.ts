import { beforeAll, describe, expect, it } from 'vitest';
import type { NotificationStore } from '../../../domain/ports.ts';
import { createHarness, type Harness } from '../http/harness.ts';

let h: Harness;
let store: NotificationStore;
beforeAll(async () => {
  h = await createHarness('feeds');
  store = h.deps.notifications;
});

const note = (i: number, kind = 'outcome_recorded') => ({
  id: `n${i}`,
  at: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
  kind,
  referralId: `r${i}`,
  eventId: `e${i}`,
});

describe('staff feeds', () => {
  it('writes the same event once per recipient, however often it is delivered', async () => {
    await store.add({ sub: 'sw-1', org: 'mdm-lu' }, note(1));
    await store.add({ sub: 'sw-1', org: 'mdm-lu' }, note(1));
    expect((await store.list({ sub: 'sw-1', org: 'mdm-lu' }, { limit: 10 })).items).toHaveLength(1);
  });

  it('keeps a group feed apart from a staff member whose sub spells the group', async () => {
    await store.add({ group: 'coordinators:mdm-lu', org: 'mdm-lu' }, note(2, 'escalation'));
    expect(
      (await store.list({ sub: 'coordinators:mdm-lu', org: 'mdm-lu' }, { limit: 10 })).items,
    ).toHaveLength(0);
  });

  it('merges a coordinator’s own feed with their group’s, newest first, across pages', async () => {
    for (let i = 10; i < 16; i++) await store.add({ sub: 'co-1', org: 'mdm-lu' }, note(i));
    for (let i = 16; i < 20; i++)
      await store.add({ group: 'coordinators:dune-bxl', org: 'dune-bxl' }, note(i, 'escalation'));
    const reader = { sub: 'co-1', org: 'mdm-lu', groups: ['coordinators:dune-bxl'] };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(reader, { limit: 3, cursor });
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['n19', 'n18', 'n17', 'n16', 'n15', 'n14', 'n13', 'n12', 'n11', 'n10']);
  });

  it('shows coordinators their group feed in GET /v1/me/notifications, and social workers only theirs', async () => {
    await store.add({ group: 'coordinators:mdm-lu', org: 'mdm-lu' }, note(30, 'escalation'));
    const asCoordinator = await (
      await h.call('GET', '/v1/me/notifications', { role: 'coordinator', sub: 'co-9' })
    ).json();
    expect(asCoordinator.items.map((n: { id: string }) => n.id)).toContain('n30');
    const asWorker = await (
      await h.call('GET', '/v1/me/notifications', { role: 'social_worker', sub: 'sw-9' })
    ).json();
    expect(asWorker.items.map((n: { id: string }) => n.id)).not.toContain('n30');
  });

  it('keeps a staff member’s feed within their organisation: the same sub of another organisation reads nothing', async () => {
    await store.add({ sub: 'moved-1', org: 'mdm-lu' }, note(40));
    const own = await (
      await h.call('GET', '/v1/me/notifications', { role: 'social_worker', org: 'mdm-lu', sub: 'moved-1' })
    ).json();
    expect(own.items.map((n: { id: string }) => n.id)).toContain('n40');
    for (const role of ['social_worker', 'coordinator', 'accompanier', 'network_coordinator'] as const) {
      const borrowed = await (
        await h.call('GET', '/v1/me/notifications', { role, org: 'dune-bxl', sub: 'moved-1' })
      ).json();
      expect(borrowed.items.filter((n: { kind: string }) => n.kind !== 'escalation')).toEqual([]);
    }
  });

  it('shows the team feed to the organisation’s social workers and coordinators, once per event', async () => {
    // The creator got the notice in their own feed and the team in its feed: the creator sees it once.
    const n = note(50, 'appointment_scheduled');
    await store.add({ sub: 'creator-1', org: 'dropin-lu' }, { ...n, id: 'n50:creator-1' });
    await store.add({ group: 'team:dropin-lu', org: 'dropin-lu' }, { ...n, id: 'n50:team' });
    const ids = async (
      role: 'social_worker' | 'coordinator' | 'accompanier' | 'admin',
      org: string,
      sub: string,
    ) =>
      (await (await h.call('GET', '/v1/me/notifications', { role, org, sub })).json()).items.map(
        (x: { id: string }) => x.id,
      );
    expect(await ids('social_worker', 'dropin-lu', 'creator-1')).toEqual(['n50:creator-1']);
    expect(await ids('social_worker', 'dropin-lu', 'colleague-1')).toEqual(['n50:team']);
    expect(await ids('coordinator', 'dropin-lu', 'co-dropin')).toEqual(['n50:team']);
    // Accompaniers and admins do not see the referrals' notices; another organisation's team even less.
    expect(await ids('accompanier', 'dropin-lu', 'acc-dropin')).toEqual([]);
    expect(await ids('admin', 'dropin-lu', 'admin-dropin')).toEqual([]);
    expect(await ids('social_worker', 'dune-bxl', 'colleague-1')).toEqual([]);
  });

  it('refuses a forged cursor', async () => {
    const res = await h.call('GET', '/v1/me/notifications?cursor=bm90LWEta2V5', { role: 'coordinator' });
    expect(res.status).toBe(400);
  });
});
