import { describe, expect, it } from 'vitest';
import { DomainError, refuse } from '../../../../domain/errors.ts';
import type { ReferralReadOptions, ReferralStore } from '../../../../domain/ports.ts';
import { ATTEMPTS, changeReferral, writeReferral } from '../../../../domain/referral/change-referral.ts';
import type { WriteDeps } from '../../../../domain/referral/deps.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import * as Rules from '../../../../domain/referral/rules/index.ts';
import { at, offered, openInput, worker } from './builders.ts';

/*
 * The retry policy of the write path, counted: the store here loses every race (someone else always
 * wrote first), which DynamoDB Local cannot be made to do on demand. The race itself against DynamoDB
 * Local: test/integration/accompaniment/races.test.ts.
 */

function losingStore(
  r: Referral,
): WriteDeps & { reads: number; saves: number; consistency: ('eventual' | 'strong')[] } {
  const deps = {
    reads: 0,
    saves: 0,
    consistency: [] as ('eventual' | 'strong')[],
    clock: { now: () => new Date(at(3)) },
    newId: () => `id-${deps.reads}-${deps.saves}`,
    store: {
      get: async (_id: string, options: ReferralReadOptions = {}) => {
        deps.reads += 1;
        deps.consistency.push(options.consistent === false ? 'eventual' : 'strong');
        return r;
      },
      save: async () => {
        deps.saves += 1;
        throw new DomainError('conflict', 'lost the race');
      },
    } as unknown as ReferralStore,
  };
  return deps;
}

const mark = (r: Referral, at: { now: string; newId: () => string }) =>
  Rules.markDoNotContact(r, { ...at, actor: worker });
const caller = { sub: worker.id, org: 'mdm-lu', roles: ['social_worker'] as const };

describe('the write path', () => {
  it('decides again on every lost race, ATTEMPTS times, then answers conflict', async () => {
    const deps = losingStore(offered());
    await expect(changeReferral(deps, 'ref-1', mark, { caller })).rejects.toMatchObject({ kind: 'conflict' });
    expect({ reads: deps.reads, saves: deps.saves }).toEqual({ reads: ATTEMPTS, saves: ATTEMPTS });
    // The first read eventually consistent, every read after a lost race strongly.
    expect(deps.consistency).toEqual(['eventual', ...Array(ATTEMPTS - 1).fill('strong')]);
  });

  it('tries once with If-Match, and as often as asked (the sweep asks once)', async () => {
    const r = offered();
    const matching = losingStore(r);
    await expect(changeReferral(matching, r.id, mark, { caller, ifMatch: r.version })).rejects.toThrow();
    expect(matching.saves).toBe(1);
    const sweep = losingStore(r);
    await expect(changeReferral(sweep, r.id, mark, { attempts: 1 })).rejects.toThrow();
    expect(sweep.saves).toBe(1);
  });

  it('never retries a refusal by the rules, nor writes a change that changed nothing', async () => {
    const deps = losingStore(offered());
    const refusing = () => refuse('conflict', 'already closed');
    await expect(changeReferral(deps, 'ref-1', refusing, { caller })).rejects.toThrow('already closed');
    // Answered on a strongly consistent read: the eventually consistent one might have been stale.
    expect({ reads: deps.reads, saves: deps.saves }).toEqual({ reads: 2, saves: 0 });
    expect(deps.consistency).toEqual(['eventual', 'strong']);
    const marked = { ...offered(), doNotContactDirectly: true };
    const again = losingStore(marked);
    expect(await changeReferral(again, marked.id, mark, { caller })).toBe(marked);
    expect(again.saves).toBe(0);
    expect(again.consistency).toEqual(['eventual', 'strong']);
  });

  it('decides again on a strongly consistent read what a stale read refused, and writes on the fresh one', async () => {
    const stale = offered();
    const fresh = { ...stale, version: stale.version + 1 };
    const saved: number[] = [];
    const deps = {
      clock: { now: () => new Date(at(3)) },
      newId: () => 'id-1',
      store: {
        get: async (_id: string, options: ReferralReadOptions = {}) =>
          options.consistent === false ? stale : fresh,
        save: async (_t: unknown, expected: number) => void saved.push(expected),
      } as unknown as ReferralStore,
    };
    // A rule that allows the change only from the fresh version on.
    const decide = (r: Referral, moment: { now: string; newId: () => string }) =>
      r.version < fresh.version ? refuse('conflict', 'not yet') : mark(r, moment);
    const written = await changeReferral(deps, stale.id, decide, { caller });
    expect(written.doNotContactDirectly).toBe(true);
    expect(saved).toEqual([fresh.version]);
  });

  it('answers "not found" for a referral of another organisation, as for a missing one', async () => {
    const deps = losingStore(offered());
    const other = { ...caller, org: 'dune-bxl' };
    await expect(changeReferral(deps, 'ref-1', mark, { caller: other })).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect(deps.saves).toBe(0);
  });

  it('spares the first read of an id made for this write, and reads strongly when the create loses', async () => {
    const created: string[] = [];
    const consistency: string[] = [];
    const deps = {
      clock: { now: () => new Date(at(3)) },
      newId: () => 'id-1',
      store: {
        get: async (_id: string, options: ReferralReadOptions = {}) => {
          consistency.push(options.consistent === false ? 'eventual' : 'strong');
          return undefined;
        },
        create: async (t: { referral: Referral }) => {
          created.push(t.referral.id);
          if (created.length === 1) throw new DomainError('conflict', 'lost the race');
        },
      } as unknown as ReferralStore,
    };
    const open = (_r: Referral | undefined, moment: { now: string; newId: () => string }) =>
      Rules.openReferral(openInput(), { ...moment, actor: worker, id: 'ref-new', org: 'mdm-lu' });
    const written = await writeReferral(deps, 'ref-new', open, { idIsNew: true });
    expect(written.written).toBe(true);
    // Nothing read before the first create; the lost create read again, strongly.
    expect(created).toEqual(['ref-new', 'ref-new']);
    expect(consistency).toEqual(['strong']);
  });
});
