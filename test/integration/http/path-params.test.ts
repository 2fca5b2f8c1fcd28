import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROUTES } from '../../../functions/http/routes/index.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('path-params');
});

// Every /v1 route with an {id}, from the declarations the app registers, each called by a role it lets
// through (the role gate answers first).
const ID_ROUTES = STAFF_ROUTES.filter((r) => r.path.startsWith('/v1/') && r.path.includes('{id}')).map(
  (r) =>
    [
      `${r.method.toUpperCase()} ${r.path}`,
      r.method.toUpperCase(),
      r.path,
      r.roles?.[0] ?? 'coordinator',
    ] as const,
);

describe('an id path parameter longer than 64 characters', () => {
  it('is part of every referral, escalation and specialist route', () => {
    expect(ID_ROUTES.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'GET /v1/referrals/{id}',
        'POST /v1/referrals/{id}/close',
        'POST /v1/referrals/{id}/departed',
        'POST /v1/escalations/{id}/ack',
        'GET /v1/specialists/{id}',
        'PATCH /v1/specialists/{id}',
      ]),
    );
  });

  it.each(ID_ROUTES)('gets a 400 naming it on %s, never a 500', async (_name, method, path, role) => {
    const res = await h.call(method, path.replace('{id}', 'A'.repeat(65)), {
      role,
      ...(method === 'GET' ? {} : { body: {} }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem.errors).toEqual([{ path: 'id', message: 'must have at most 64 characters' }]);
    expect(JSON.stringify(problem)).not.toContain('A'.repeat(65));
  });

  it('is read as an id at 64 characters (no such referral: 404)', async () => {
    const res = await h.call('GET', `/v1/referrals/${'A'.repeat(64)}`, { role: 'social_worker' });
    expect(res.status).toBe(404);
  });
});

describe('a pseudonym path parameter that is not a pseudonym', () => {
  it('gets a 400 naming it', async () => {
    const res = await h.call('POST', `/v1/people/${'P'.repeat(41)}/do-not-contact`, { role: 'coordinator' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ path: 'pseudonym', message: expect.any(String) }]);
  });
});
