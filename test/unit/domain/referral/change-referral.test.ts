import { describe, expect, it } from 'vitest';
import { DomainError, refuse } from '../../../../domain/errors.ts';
import type { ReferralStore } from '../../../../domain/ports.ts';
import { ATTEMPTS, changeReferral } from '../../../../domain/referral/change-referral.ts';
import type { WriteDeps } from '../../../../domain/referral/deps.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import * as Rules from '../../../../domain/referral/rules/index.ts';
import { at, offered, worker } from './builders.ts';

/*
 * The retry policy of the write path, counted: the store here loses every race (someone else always
 * wrote first), which DynamoDB Local cannot be made to do on demand. The race itself against DynamoDB
 * Local: test/integration/accompaniment/races.test.ts.
 */

function losingStore(r: Referral): WriteDeps & { reads: number; saves: number } {
  const deps = {
    reads: 0,
    saves: 0,
    clock: { now: () => new Date(at(3)) },
    newId: () => `id-${deps.reads}-${deps.saves}`,
    store: {
      get: async () => {
        deps.reads += 1;
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
    expect({ reads: deps.reads, saves: deps.saves }).toEqual({ reads: 1, saves: 0 });
    const marked = { ...offered(), doNotContactDirectly: true };
    const again = losingStore(marked);
    expect(await changeReferral(again, marked.id, mark, { caller })).toBe(marked);
    expect(again.saves).toBe(0);
  });

  it('answers "not found" for a referral of another organisation, as for a missing one', async () => {
    const deps = losingStore(offered());
    const other = { ...caller, org: 'dune-bxl' };
    await expect(changeReferral(deps, 'ref-1', mark, { caller: other })).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect(deps.saves).toBe(0);
  });
});
