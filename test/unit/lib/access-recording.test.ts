import { describe, expect, it } from 'vitest';
import type {
  AccessEntry,
  DirectoryAccessEntry,
  ReferralStore,
  SpecialistStore,
} from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { errorToProblem, HttpProblemError } from '../../../functions/edge/problem.ts';
import {
  type AccessOutcome,
  LOG_READ,
  noteAccess,
  notingReferralStore,
  notingSpecialistStore,
  RECORDING_RETRY_AFTER_SECONDS,
  recordingAccess,
} from '../../../functions/lib/access-recording.ts';

/*
 * The recording of a request, without a table: what the stores note becomes entries, reads only when
 * the answer disclosed them, changes whatever the answer, one entry per referral and action.
 */

const referral = (id: string, org = 'mdm-lu') => ({ id, org, offers: [] }) as unknown as Referral;

const REFERRALS: Record<string, Referral> = {
  a: referral('a'),
  b: referral('b'),
  c: referral('c', 'dune-bxl'),
};

const fakeStore = (): ReferralStore => ({
  get: async (id) => REFERRALS[id],
  reveal: async (r) => r,
  listByOrg: async () => ({ items: [REFERRALS.a!, REFERRALS.b!] }),
  listByAccompanier: async () => ({ items: Object.values(REFERRALS) }),
  listNeedingAccompanier: async () => [],
  create: async () => {},
  save: async () => {},
});

function recorder() {
  const referrals: AccessEntry[] = [];
  const specialists: DirectoryAccessEntry[] = [];
  return {
    referrals,
    specialists,
    deps: {
      accessLog: {
        record: async (e: readonly AccessEntry[]) => void referrals.push(...e),
        list: async () => ({ items: [] }),
      },
      directoryLog: {
        record: async (e: readonly DirectoryAccessEntry[]) => void specialists.push(...e),
        list: async () => ({ items: [] }),
      },
      clock: { now: () => new Date('2026-11-25T09:00:00Z') },
    },
  };
}

const outcome =
  (over: Partial<AccessOutcome> = {}) =>
  (): AccessOutcome => ({
    route: 'GET /v1/referrals/{id}',
    disclosed: true,
    actorOf: () => ({ role: 'coordinator', id: 'sub-1' }),
    ...over,
  });

const store = notingReferralStore(fakeStore());

describe('recording a request', () => {
  it('records one read per referral, the strongest one, with who, when and the route', async () => {
    const r = recorder();
    await recordingAccess(
      r.deps,
      async () => {
        await store.listByOrg('mdm-lu', { limit: 5 });
        await store.get('a');
        await store.get('a');
      },
      outcome(),
    );
    expect(r.referrals).toEqual([
      {
        referralId: 'a',
        org: 'mdm-lu',
        at: '2026-11-25T09:00:00.000Z',
        actor: { role: 'coordinator', id: 'sub-1' },
        action: 'read',
        route: 'GET /v1/referrals/{id}',
      },
      expect.objectContaining({ referralId: 'b', action: 'listed' }),
    ]);
  });

  it('records no read the answer did not disclose, but every change, and rethrows', async () => {
    const r = recorder();
    const failure = new Error('refused after the write');
    const run = recordingAccess(
      r.deps,
      async () => {
        await store.get('a');
        await store.get('b');
        await store.save({ referral: REFERRALS.b!, events: [{ type: 'referral.closed' }] } as never, 1);
        throw failure;
      },
      outcome({ disclosed: false }),
    );
    await expect(run).rejects.toBe(failure);
    expect(r.referrals.map((e) => [e.referralId, e.action])).toEqual([['b', 'referral.closed']]);
  });

  it('keeps only what the outcome keeps, and records nobody’s read without an actor', async () => {
    const r = recorder();
    await recordingAccess(
      r.deps,
      async () => void (await store.listByAccompanier('acc', { from: '', limit: 5 })),
      outcome({ keep: (n) => n.subject === 'referral' && n.org === 'mdm-lu' }),
    );
    expect(r.referrals.map((e) => e.referralId)).toEqual(['a', 'b']);
    const nobody = recorder();
    await recordingAccess(
      nobody.deps,
      async () => void (await store.get('a')),
      outcome({ actorOf: () => undefined }),
    );
    expect(nobody.referrals).toEqual([]);
  });

  it('notes nothing outside a request', async () => {
    const r = recorder();
    await store.get('a');
    noteAccess({ subject: 'referral', id: 'a', org: 'mdm-lu', action: LOG_READ });
    await recordingAccess(r.deps, async () => {}, outcome());
    expect(r.referrals).toEqual([]);
  });

  it('records a directory change in the specialist’s log', async () => {
    const r = recorder();
    const specialists = notingSpecialistStore({
      create: async () => 'created',
      save: async () => {},
    } as unknown as SpecialistStore);
    await recordingAccess(
      r.deps,
      async () => {
        await specialists.create({ id: 's1', organisation: 'mdm-lu' } as never);
        await specialists.save({ id: 's2' } as never, 1);
      },
      outcome({ route: 'POST /v1/specialists', disclosed: false }),
    );
    expect(r.specialists.map((e) => [e.specialistId, e.org, e.action])).toEqual([
      ['s1', 'mdm-lu', 'specialist.created'],
      ['s2', undefined, 'specialist.changed'],
    ]);
  });
});

describe('a read whose recording fails', () => {
  it('answers a 503 problem with Retry-After, not a 500', async () => {
    const r = recorder();
    const failing = {
      ...r.deps,
      accessLog: {
        ...r.deps.accessLog,
        record: async () => {
          throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
        },
      },
    };
    const run = recordingAccess(failing, async () => void (await store.get('a')), outcome());
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpProblemError);
    const res = errorToProblem(error);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(RECORDING_RETRY_AFTER_SECONDS));
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.text()).not.toContain('throttled');
  });
});

describe('a change', () => {
  const closing = { referral: REFERRALS.a!, events: [{ type: 'referral.closed' }] } as never;

  it('is recorded beside its write: the entry goes out before the write has answered', async () => {
    const r = recorder();
    let release!: () => void;
    const gated = notingReferralStore<ReferralStore>({
      ...fakeStore(),
      save: () => new Promise<void>((ok) => (release = ok)),
    });
    let entriesWhileWriting: string[] = [];
    await recordingAccess(
      r.deps,
      async () => {
        await store.get('a');
        const writing = gated.save(closing, 1);
        await Promise.resolve();
        entriesWhileWriting = r.referrals.map((e) => e.action);
        release();
        await writing;
      },
      outcome({ route: 'POST /v1/referrals/{id}/close' }),
    );
    expect(entriesWhileWriting).toEqual(['referral.closed']);
    // One entry: the change, no read beside it.
    expect(r.referrals.map((e) => [e.referralId, e.action, e.route])).toEqual([
      ['a', 'referral.closed', 'POST /v1/referrals/{id}/close'],
    ]);
  });

  it('decided again after a lost race is one entry; a change that could not be recorded answers 503', async () => {
    const r = recorder();
    let attempts = 0;
    const racing = notingReferralStore<ReferralStore>({
      ...fakeStore(),
      save: async () => {
        if (attempts++ === 0) throw new Error('conflict');
      },
    });
    await recordingAccess(
      r.deps,
      async () => {
        await racing.save(closing, 1).catch(() => undefined);
        await racing.save(closing, 2);
      },
      outcome(),
    );
    expect(r.referrals.map((e) => e.action)).toEqual(['referral.closed']);

    const failing = {
      ...r.deps,
      accessLog: {
        ...r.deps.accessLog,
        record: async () => {
          throw new Error('throttled');
        },
      },
    };
    let written = false;
    const writes = notingReferralStore<ReferralStore>({
      ...fakeStore(),
      save: async () => {
        written = true;
      },
    });
    const error = await recordingAccess(failing, () => writes.save(closing, 1), outcome()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(written).toBe(true);
    expect(errorToProblem(error).status).toBe(503);
  });
});
