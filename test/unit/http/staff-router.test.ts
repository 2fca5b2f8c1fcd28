import { describe, expect, it } from 'vitest';
import { createStaffApp } from '../../../functions/http/staff-app.ts';
import type { Deps } from '../../../functions/lib/deps.ts';

/** Deps that answer anything: building the app reads them, matching a route calls none. */
const anything = (): unknown =>
  new Proxy(() => anything(), { get: (_target, key) => (key === 'then' ? undefined : anything()) });

describe('the staff app router', () => {
  it('matches with the trie router from the first request, building no RegExp router to throw away', () => {
    const app = createStaffApp(anything() as Deps, { apiDocument: () => ({}), eventDocument: () => ({}) });
    const [handlers, params] = app.router.match('POST', '/v1/referrals/r-1/arrived') as unknown as [
      [unknown, Record<string, string>][],
      unknown,
    ];
    expect(app.router.name).toBe('TrieRouter');
    expect(params).toBeUndefined();
    expect(handlers.some(([, p]) => p['id'] === 'r-1')).toBe(true);
  });
});
