import { describe, expect, it } from 'vitest';
import { newId } from '../../../functions/lib/ids.ts';

describe('a new id', () => {
  it('is 26 Crockford base32 characters, sorts by its instant, and never repeats (past a pool refill)', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newId(1_700_000_000_000 + i));
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The same instant: the random parts alone tell them apart.
    const same = Array.from({ length: 600 }, () => newId(1_700_000_000_000).slice(10));
    expect(new Set(same).size).toBe(same.length);
  });
});
