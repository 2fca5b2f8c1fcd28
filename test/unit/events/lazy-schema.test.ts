import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { lazilyRetried, lazySchema } from '../../../events/lazy-schema.ts';

const build = () =>
  z.strictObject({
    id: z.string().check(z.minLength(1)),
    at: z.iso.datetime({ offset: true }),
    tags: z.optional(z.array(z.enum(['a', 'b']))),
  });

describe('lazySchema', () => {
  it('builds its schema on the first parse only, once', () => {
    let built = 0;
    const schema = lazySchema(() => {
      built++;
      return build();
    });
    expect(built).toBe(0);
    z.safeParse(schema, { id: 'x', at: '2026-01-01T00:00:00Z' });
    z.safeParse(schema, { id: '' });
    expect(built).toBe(1);
  });

  it('accepts, refuses and reports exactly as the schema it builds', () => {
    const direct = build();
    const lazy = lazySchema(build);
    const inputs: unknown[] = [
      { id: 'x', at: '2026-01-01T00:00:00+01:00', tags: ['a'] },
      { id: '', at: 'yesterday' },
      { id: 'x', at: '2026-01-01T00:00:00Z', extra: 1 },
      { id: 'x', at: '2026-01-01T00:00:00Z', tags: ['c'] },
      'not an object',
      null,
    ];
    for (const input of inputs) {
      const a = z.safeParse(direct, input);
      const b = z.safeParse(lazy, input);
      expect(b.success).toBe(a.success);
      expect(b.data).toEqual(a.data);
      expect(b.error?.issues.map((i) => [i.code, i.path, i.message])).toEqual(
        a.error?.issues.map((i) => [i.code, i.path, i.message]),
      );
    }
    expect(z.safeParse(lazy, inputs[1]).success).toBe(false);
  });

  it('gives the same JSON Schema as the schema it builds', () => {
    expect(z.toJSONSchema(lazySchema(build), { io: 'input' })).toEqual(
      z.toJSONSchema(build(), { io: 'input' }),
    );
  });
});

describe('lazilyRetried', () => {
  it('makes the promise once it resolves, with the first call’s arguments, and tries again after a failure', async () => {
    const calls: string[] = [];
    let fail = true;
    const make = lazilyRetried(async (name: string) => {
      calls.push(name);
      if (fail) throw new Error('not yet');
      return `made for ${name}`;
    });
    await expect(make('a')).rejects.toThrow('not yet');
    fail = false;
    const first = make('b');
    expect(make('c')).toBe(first);
    await expect(first).resolves.toBe('made for b');
    await expect(make('d')).resolves.toBe('made for b');
    expect(calls).toEqual(['a', 'b']);
  });
});
