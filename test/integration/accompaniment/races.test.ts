import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmDeparture } from '../../../domain/accompaniment/confirm-departure.ts';
import type { Caller } from '../../../domain/caller.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { ReferralStore } from '../../../domain/ports.ts';
import { closeReferral } from '../../../domain/referral/close-referral.ts';
import type { WriteDeps } from '../../../domain/referral/deps.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import * as Rules from '../../../domain/referral/rules/index.ts';
import { useCaseDeps } from '../../../functions/lib/use-case-deps.ts';
import type { Harness } from '../http/harness.ts';
import { plus } from '../timers/support.ts';
import {
  ACCOMPANIER,
  APPOINTMENT_AT,
  accompaniedReferral,
  accompanimentHarness,
  atTime,
  COORDINATOR,
} from './support.ts';

/*
 * `/departed` and `/close` answer the same race the same way: a write that lost to someone else's (the
 * sweep, a colleague) is decided again on the fresh state and succeeds when the rules still allow it;
 * with If-Match the client asked for exactly that version, so both answer 409 at once.
 */

let h: Harness;

beforeAll(async () => {
  h = await accompanimentHarness('races');
});

afterAll(async () => {
  await h?.stopEvents();
});

const accompanier: Caller = { sub: ACCOMPANIER.sub, org: 'mdm-lu', roles: ['accompanier'] };
const coordinator: Caller = { sub: COORDINATOR.sub, org: 'mdm-lu', roles: ['coordinator'] };

/** A colleague marks the person "do not contact directly", on the version they read. */
async function colleagueWrites(id: string): Promise<void> {
  const r = (await h.deps.store.get(id))!;
  const t = Rules.markDoNotContact(r, {
    now: h.clock.now().toISOString(),
    actor: { role: 'social_worker', id: 'sw-colleague' },
    newId: h.deps.newId,
  });
  await h.deps.store.save(t, r.version);
}

/** The use cases' deps, whose store lets a colleague write first, just before the first save. */
function racing(): WriteDeps & { saves: number } {
  const store = h.deps.store;
  const deps = {
    ...useCaseDeps(h.deps),
    saves: 0,
    store: Object.assign(Object.create(store) as ReferralStore, {
      save: async (...args: Parameters<ReferralStore['save']>) => {
        deps.saves += 1;
        if (deps.saves === 1) await colleagueWrites(args[0].referral.id);
        return store.save(...args);
      },
    }),
  };
  return deps;
}

const stored = async (id: string): Promise<Referral> => (await h.deps.store.get(id))!;

const paths = {
  // A departure is confirmed from 12 h before the appointment: an hour before it.
  departed: (deps: WriteDeps, r: Referral, ifMatch?: number) =>
    atTime(h, () => confirmDeparture(deps, accompanier, r.id, ifMatch), plus(APPOINTMENT_AT, -3_600_000)),
  close: (deps: WriteDeps, r: Referral, ifMatch?: number) =>
    closeReferral(deps, coordinator, r.id, 'cancelled', ifMatch),
};
const expectedStatus = { departed: 'departed', close: 'closed' } as const;

describe.each(Object.keys(paths) as (keyof typeof paths)[])('%s racing a colleague', (path) => {
  it('decides again on the fresh state and succeeds: both writes kept, one version each', async () => {
    const r = await stored((await accompaniedReferral(h, { pseudonym: `RACE-${path}` })).id);
    const deps = racing();
    const after = await paths[path](deps, r);
    expect(deps.saves).toBe(2);
    expect(after.status).toBe(expectedStatus[path]);
    const now = await stored(r.id);
    expect(now.version).toBe(r.version + 2);
    expect(now.status).toBe(expectedStatus[path]);
    expect(now.doNotContactDirectly).toBe(true);
  });

  it('with If-Match, answers 409 at once, never decided again', async () => {
    const r = await stored((await accompaniedReferral(h, { pseudonym: `MATCH-${path}` })).id);
    const deps = racing();
    await expect(paths[path](deps, r, r.version)).rejects.toMatchObject({
      constructor: DomainError,
      kind: 'conflict',
    });
    expect(deps.saves).toBe(1);
    const now = await stored(r.id);
    expect(now.version).toBe(r.version + 1);
    expect(now.status).toBe('scheduled');
  });

  it('with a stale If-Match over HTTP, answers 409 and changes nothing', async () => {
    const r = await stored((await accompaniedReferral(h, { pseudonym: `STALE-${path}` })).id);
    await colleagueWrites(r.id);
    const who = path === 'departed' ? ACCOMPANIER : COORDINATOR;
    const res = await h.call('POST', `/v1/referrals/${r.id}/${path}`, {
      role: who.role,
      sub: who.sub,
      headers: { 'if-match': `"${r.version}"` },
      ...(path === 'close' ? { body: { reason: 'cancelled' } } : {}),
    });
    expect(res.status).toBe(409);
    expect((await stored(r.id)).version).toBe(r.version + 1);
  });
});
