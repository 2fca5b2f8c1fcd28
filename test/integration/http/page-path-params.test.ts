import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { createHarness, type Harness } from './harness.ts';

/*
 * The staff pages' path parameters, checked by the rule of the API's routes (schemas/params.ts,
 * organisationIdParams): an id longer than any Relais makes is the error page at 400 naming it, before
 * anything is read, never a 500 from DynamoDB's key limit, and nothing changes. Each page route with an
 * id, called by a role it lets through (the role gate answers first).
 */

let h: Harness;
const cookies = new Map<StaffRole, string>();

const signIn = async (role: StaffRole): Promise<string> => {
  const org = role === 'admin' ? 'network' : 'mdm-lu';
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(role, org, `path-params-${role}`) }).toString(),
  });
  expect(res.status).toBe(303);
  return `${(res.headers.get('set-cookie') ?? '').split(';')[0]}; relais_locale=en`;
};

beforeAll(async () => {
  h = await createHarness('page-path-params');
  for (const role of ['social_worker', 'coordinator', 'accompanier', 'admin'] as const) {
    cookies.set(role, await signIn(role));
  }
});

const call = (method: string, path: string, role: StaffRole) =>
  h.request(path, {
    method,
    headers: {
      cookie: cookies.get(role) ?? '',
      ...(method === 'POST'
        ? {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'http://localhost',
            host: 'localhost',
            'sec-fetch-site': 'same-origin',
          }
        : {}),
    },
    ...(method === 'POST' ? { body: new URLSearchParams({ version: '1', reason: 'other' }).toString() } : {}),
  });

const LONG = 'a'.repeat(2100);

/** Every page route with an id or a pseudonym in its path, `{id}` standing for it. */
const PAGE_ROUTES: readonly (readonly [string, string, StaffRole, string])[] = [
  ['GET', '/app/referrals/{id}', 'social_worker', 'id'],
  ['POST', '/app/referrals/{id}/close', 'social_worker', 'id'],
  ['POST', '/app/referrals/{id}/amend', 'social_worker', 'id'],
  ['POST', '/app/referrals/{id}/answer', 'social_worker', 'id'],
  ['POST', '/app/accompaniments/{id}/take', 'accompanier', 'id'],
  ['POST', '/app/accompaniments/{id}/departed', 'accompanier', 'id'],
  ['GET', '/app/directory/{id}', 'coordinator', 'id'],
  ['POST', '/app/directory/{id}/approve', 'admin', 'id'],
  ['POST', '/app/directory/{id}/edit', 'coordinator', 'id'],
  ['POST', '/app/directory/{id}/pause', 'coordinator', 'id'],
  ['POST', '/app/board/escalations/{id}/ack', 'coordinator', 'id'],
  ['POST', '/app/board/escalations/{id}/reoffer', 'coordinator', 'id'],
  ['POST', '/app/board/escalations/{id}/follow-up-done', 'coordinator', 'id'],
  ['POST', '/app/board/escalations/{id}/reassign', 'coordinator', 'id'],
  ['GET', '/app/organisations/{id}', 'admin', 'id'],
  ['POST', '/app/organisations/{id}', 'admin', 'id'],
  ['GET', '/app/people/{id}', 'social_worker', 'pseudonym'],
  ['GET', '/app/people/{id}/consent-withdrawal', 'social_worker', 'pseudonym'],
  ['POST', '/app/people/{id}/consent-withdrawal', 'social_worker', 'pseudonym'],
];

describe('a page id path parameter longer than any Relais makes', () => {
  it.each(PAGE_ROUTES)(
    'is the error page at 400 naming it on %s %s, never a 500',
    async (method, path, role, name) => {
      const before = h.logLines.length;
      const res = await call(method, path.replace('{id}', LONG), role);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toContain(`${name}: `);
      expect(html).not.toContain(LONG);
      // Refused before anything was read: no ValidationException from DynamoDB in the log.
      expect(h.logLines.slice(before).join('\n')).not.toContain('ValidationException');
    },
  );

  it('is read as an id at 64 characters: the page for an unknown referral (404)', async () => {
    const res = await call('GET', `/app/referrals/${'a'.repeat(64)}`, 'social_worker');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('gets the same refusal as the API at 65 characters', async () => {
    const res = await call('GET', `/app/referrals/${'a'.repeat(65)}`, 'social_worker');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id: must have at most 64 characters');
  });

  it('leaves the routes without an id as they were', async () => {
    expect((await call('GET', '/app/referrals/new', 'social_worker')).status).toBe(200);
    expect((await call('GET', '/app/directory/new', 'coordinator')).status).toBe(200);
  });
});

describe('an id in a page query longer than any Relais makes', () => {
  it.each([
    ['/app/organisations?added={id}', 'admin'],
    ['/app/organisations?cursor={id}', 'admin'],
    ['/app/organisations?cursor=abc', 'admin'],
    ['/app/people?pseudonym={id}', 'social_worker'],
    ['/app/referrals?cursor={id}', 'social_worker'],
    ['/app/directory?cursor={id}', 'coordinator'],
    ['/app/board?cursor={id}', 'coordinator'],
    ['/app/notifications?cursor={id}', 'coordinator'],
  ] as const)('is never a 500 on %s', async (path, role) => {
    const res = await call('GET', path.replace('{id}', LONG), role);
    expect(res.status).toBeLessThan(500);
  });
});
