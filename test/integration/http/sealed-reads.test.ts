import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  as,
  OTHER_ACCOMPANIER,
  scheduledReferral,
  WORKER,
} from '../accompaniment/support.ts';
import type { Harness } from './harness.ts';

/*
 * Reading a referral decrypts only what the caller's view shows (issue 13 item 1): the cipher is
 * watched, and each read route and list is checked for the sealed fields it opened, by their paths.
 */

const opened = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('../../../functions/adapters/crypto/field-cipher.ts', async (importOriginal) => {
  const cipher = await importOriginal<typeof import('../../../functions/adapters/crypto/field-cipher.ts')>();
  return {
    ...cipher,
    // Every read opens through openSealed (the one rule: the key of the version the value names).
    openSealed: (...args: Parameters<typeof cipher.openSealed>) => {
      opened.paths.push(args[1].path);
      return cipher.openSealed(...args);
    },
  };
});

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('sealed-reads');
});
afterAll(async () => {
  await h.stopEvents();
});

/** The sealed fields `call` opened, by their paths (the exchanges' index dropped). */
async function openedBy(call: () => Promise<Response>): Promise<Set<string>> {
  // The event path (emails) reads referrals in full: let it settle before watching.
  await h.drainEvents();
  opened.paths.length = 0;
  const res = await call();
  expect(res.status).toBe(200);
  return new Set(opened.paths.map((p) => p.replace(/^exchanges\.\d+\./, 'exchanges.')));
}

describe('a read opens the sealed fields of the caller’s view, and no other', () => {
  it('opens everything for the referring worker’s full view', async () => {
    const r = await accompaniedReferral(h);
    const paths = await openedBy(() => as(h, WORKER, 'GET', `/v1/referrals/${r.id}`));
    expect(paths).toContain('pseudonym');
    expect(paths).toContain('reason');
  });

  it('opens no reason for the assigned accompanier, on a read and on their list', async () => {
    const r = await accompaniedReferral(h);
    const one = await openedBy(() => as(h, ACCOMPANIER, 'GET', `/v1/referrals/${r.id}`));
    expect(one).toContain('pseudonym');
    expect(one).not.toContain('reason');
    const list = await openedBy(() => as(h, ACCOMPANIER, 'GET', '/v1/me/accompaniments'));
    expect(list).toContain('pseudonym');
    expect(list).not.toContain('reason');
  });

  it('opens no pseudonym nor reason for an accompanier reading one open to take, on a read and on the list', async () => {
    const r = await scheduledReferral(h);
    const one = await openedBy(() => as(h, OTHER_ACCOMPANIER, 'GET', `/v1/referrals/${r.id}`));
    expect(one).toEqual(new Set(['appointment.place']));
    const list = await openedBy(() => as(h, OTHER_ACCOMPANIER, 'GET', '/v1/me/available-accompaniments'));
    expect(list.size).toBeGreaterThan(0);
    expect([...list].every((p) => p === 'appointment.place')).toBe(true);
  });

  it('opens nothing for a caller who gets no view (404)', async () => {
    const r = await accompaniedReferral(h);
    await h.drainEvents();
    opened.paths.length = 0;
    const res = await as(
      h,
      { role: 'social_worker', sub: 'sw-x', org: 'dune-bxl' },
      'GET',
      `/v1/referrals/${r.id}`,
    );
    expect(res.status).toBe(404);
    expect(opened.paths).toEqual([]);
  });

  it('opens the accompaniment fields only of an accompanier’s own in the organisation’s list', async () => {
    await accompaniedReferral(h);
    const list = await openedBy(() => as(h, ACCOMPANIER, 'GET', '/v1/referrals?limit=100'));
    expect(list).not.toContain('reason');
    expect(list).not.toContain('exchanges.question');
  });
});
