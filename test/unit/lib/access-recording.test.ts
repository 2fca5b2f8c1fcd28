import { describe, expect, it } from 'vitest';
import type {
  AccessEntry,
  ChangeOnRecord,
  DirectoryAccessEntry,
  ReferralStore,
  SpecialistStore,
  Transition,
} from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { errorToProblem, HttpProblemError } from '../../../functions/edge/problem.ts';
import {
  type AccessOutcome,
  answerDisclosed,
  changeEntryOf,
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
  // Referral c's writes lose their race: nothing written.
  save: async (t) => {
    if (t.referral.id === 'c') throw new Error('conflict');
  },
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

describe('answerDisclosed, the one rule of what an answer showed', () => {
  it('is a 2xx with a body of a request that did not fail, nothing else', () => {
    for (const status of [200, 201, 204, 299]) expect(answerDisclosed('GET', status, false)).toBe(true);
    for (const status of [199, 303, 304, 400, 403, 404, 409, 410, 422, 429, 500])
      expect(answerDisclosed('GET', status, false)).toBe(false);
    expect(answerDisclosed('POST', 200, true)).toBe(false);
    expect(answerDisclosed('GET', undefined, false)).toBe(false);
    // The headers alone (a mail scanner checking a link) show nothing.
    expect(answerDisclosed('HEAD', 200, false)).toBe(false);
  });
});

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
        // Written: its entry rides on the write (below), none recorded here.
        await store.save({ referral: REFERRALS.b!, events: [{ type: 'referral.closed' }] } as never, 1);
        await store
          .save({ referral: REFERRALS.c!, events: [{ type: 'referral.closed' }] } as never, 1, undefined)
          .catch(() => undefined);
        throw failure;
      },
      outcome({ disclosed: false }),
    );
    await expect(run).rejects.toBe(failure);
    expect(r.referrals.map((e) => [e.referralId, e.action])).toEqual([['c', 'attempted:referral.closed']]);
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
  const closing = {
    referral: REFERRALS.a!,
    events: [
      {
        id: 'ev-1',
        type: 'referral.closed',
        at: '2026-11-25T08:59:59.000Z',
        referralId: 'a',
        org: 'mdm-lu',
        actor: { role: 'coordinator', id: 'sub-1' },
      },
      { id: 'ev-2', type: 'escalation.resolved', actor: { role: 'system', id: 'relais' } },
    ],
  } as unknown as Transition;

  /** A store whose writes fail as `fails` says (by attempt), keeping what each write carried. */
  const carrying = (fails: (attempt: number) => boolean = () => false) => {
    const carried: (ChangeOnRecord | undefined)[] = [];
    const store = notingReferralStore<ReferralStore>({
      ...fakeStore(),
      save: async (_t, _v, _read, onRecord) => {
        carried.push(onRecord);
        if (fails(carried.length)) throw new Error('conflict');
      },
    });
    return { store, carried };
  };

  it('carries its entry in its write (the route), and the request writes none beside it', async () => {
    const r = recorder();
    const { store: writes, carried } = carrying();
    await recordingAccess(
      r.deps,
      async () => {
        await writes.get('a');
        await writes.save(closing, 1);
      },
      outcome({ route: 'POST /v1/referrals/{id}/close' }),
    );
    expect(carried).toEqual([{ route: 'POST /v1/referrals/{id}/close' }]);
    // Nor a read: the change is this referral's entry.
    expect(r.referrals).toEqual([]);
  });

  it('carries nothing when nobody would be recorded, or outside a request', async () => {
    const r = recorder();
    const { store: writes, carried } = carrying();
    await recordingAccess(r.deps, () => writes.save(closing, 1), outcome({ actorOf: () => undefined }));
    await writes.save(closing, 1);
    expect(carried).toEqual([undefined, undefined]);
    expect(r.referrals).toEqual([]);
  });

  it('that could not be written is recorded as attempted, once, unless decided again and written', async () => {
    const lost = recorder();
    const { store: losing, carried } = carrying(() => true);
    const failure = await recordingAccess(
      lost.deps,
      async () => {
        await losing.save(closing, 1).catch(() => undefined);
        await losing.save(closing, 2);
      },
      outcome({ route: 'POST /v1/referrals/{id}/close' }),
    ).catch((e: unknown) => e);
    expect((failure as Error).message).toBe('conflict');
    expect(carried).toHaveLength(2);
    // Said to be an attempt: the change did not happen.
    expect(lost.referrals.map((e) => [e.referralId, e.action, e.actor.id, e.route])).toEqual([
      ['a', 'attempted:referral.closed', 'sub-1', 'POST /v1/referrals/{id}/close'],
    ]);

    const won = recorder();
    const { store: racing } = carrying((attempt) => attempt === 1);
    await recordingAccess(
      won.deps,
      async () => {
        await racing.save(closing, 1).catch(() => undefined);
        await racing.save(closing, 2);
      },
      outcome(),
    );
    // The written attempt's entry serves: it reaches the log from the stream.
    expect(won.referrals).toEqual([]);
  });

  it('attempted, whose entry could not be recorded, answers 503', async () => {
    const r = recorder();
    const failing = {
      ...r.deps,
      accessLog: {
        record: async () => {
          throw new Error('throttled');
        },
      },
    };
    const { store: losing } = carrying(() => true);
    const error = await recordingAccess(failing, () => losing.save(closing, 1), outcome()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorToProblem(error).status).toBe(503);
  });

  it('written, is entered from its first event and the route it carried, under that event’s id', () => {
    expect(changeEntryOf(closing.events, { route: 'POST /v1/referrals/{id}/close' })).toEqual({
      id: 'ev-1',
      entry: {
        referralId: 'a',
        org: 'mdm-lu',
        at: '2026-11-25T08:59:59.000Z',
        actor: { role: 'coordinator', id: 'sub-1' },
        action: 'referral.closed',
        route: 'POST /v1/referrals/{id}/close',
      },
    });
    expect(changeEntryOf([], { route: 'x' })).toBeUndefined();
  });
});
