import { describe, expect, it } from 'vitest';
import {
  rememberingVerifiedTokens,
  VERIFIED_TOKEN_MAX_AGE_MS,
  type VerifiedToken,
} from '../../../functions/adapters/tokens/verified-tokens.ts';
import { UnauthorizedError } from '../../../functions/edge/problem.ts';
import type { StaffPrincipal } from '../../../functions/ports/staff.ts';

const T0 = 1_800_000_000_000;
const alice: StaffPrincipal = { sub: 'sw-1', org: 'mdm-lu', roles: ['social_worker'] };

/** A verifier answering from a table of tokens, counting its verifications; time set by the test. */
function setUp(table: Record<string, VerifiedToken | 'refused'>, maxEntries?: number) {
  let time = T0;
  const calls: string[] = [];
  const verify = rememberingVerifiedTokens(
    async (token) => {
      calls.push(token);
      const answer = table[token];
      if (answer === undefined || answer === 'refused') throw new UnauthorizedError();
      return answer;
    },
    { now: () => time, ...(maxEntries !== undefined ? { maxEntries } : {}) },
  );
  return {
    verify,
    calls,
    at: (ms: number) => {
      time = ms;
    },
  };
}

describe('rememberingVerifiedTokens', () => {
  it('verifies a token once and answers again from memory while it is valid', async () => {
    const s = setUp({ a: { principal: alice, expiresAtMs: T0 + 3600_000 } });
    await expect(s.verify('a')).resolves.toEqual(alice);
    s.at(T0 + 30_000);
    await expect(s.verify('a')).resolves.toEqual(alice);
    expect(s.calls).toEqual(['a']);
  });

  it('never accepts a remembered token at or after its expiry: it is verified again', async () => {
    const table: Record<string, VerifiedToken | 'refused'> = {
      a: { principal: alice, expiresAtMs: T0 + 10_000 },
    };
    const s = setUp(table);
    await s.verify('a');
    s.at(T0 + 9_999);
    await s.verify('a');
    expect(s.calls).toEqual(['a']);
    // At its expiry the verification decides (here: refused, as an expired token is).
    table['a'] = 'refused';
    s.at(T0 + 10_000);
    await expect(s.verify('a')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(s.calls).toEqual(['a', 'a']);
  });

  it('verifies a long-lived token again after the maximum age (a withdrawn issuer key takes effect)', async () => {
    const table: Record<string, VerifiedToken | 'refused'> = {
      a: { principal: alice, expiresAtMs: T0 + 24 * 3600_000 },
    };
    const s = setUp(table);
    await s.verify('a');
    s.at(T0 + VERIFIED_TOKEN_MAX_AGE_MS - 1);
    await s.verify('a');
    expect(s.calls).toHaveLength(1);
    table['a'] = 'refused';
    s.at(T0 + VERIFIED_TOKEN_MAX_AGE_MS);
    await expect(s.verify('a')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(s.calls).toHaveLength(2);
  });

  it('does not remember a refusal: a refused token is verified each time', async () => {
    const s = setUp({ bad: 'refused' });
    await expect(s.verify('bad')).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(s.verify('bad')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(s.calls).toEqual(['bad', 'bad']);
  });

  it('does not remember a token already expired when verified', async () => {
    const s = setUp({ a: { principal: alice, expiresAtMs: T0 - 5_000 } });
    await s.verify('a');
    await s.verify('a');
    expect(s.calls).toEqual(['a', 'a']);
  });

  it('matches the exact token only: another token of the same holder is verified', async () => {
    const s = setUp({
      a: { principal: alice, expiresAtMs: T0 + 3600_000 },
      'a-tampered': 'refused',
    });
    await s.verify('a');
    await expect(s.verify('a-tampered')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(s.calls).toEqual(['a', 'a-tampered']);
  });

  it('hands out a copy: a caller changing its principal does not change the next answer', async () => {
    const s = setUp({ a: { principal: alice, expiresAtMs: T0 + 3600_000 } });
    await s.verify('a');
    const first = (await s.verify('a')) as unknown as { roles: string[] };
    first.roles.push('admin');
    await expect(s.verify('a')).resolves.toEqual(alice);
  });

  it('keeps a bounded number of tokens, forgetting the oldest first', async () => {
    const valid = { principal: alice, expiresAtMs: T0 + 3600_000 };
    const s = setUp({ a: valid, b: valid, c: valid }, 2);
    await s.verify('a');
    await s.verify('b');
    await s.verify('c');
    await s.verify('c');
    await s.verify('b');
    expect(s.calls).toEqual(['a', 'b', 'c']);
    await s.verify('a');
    expect(s.calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
