import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { ACTION_ROLES } from '../../../functions/http/pages/referrals/routes.tsx';
import { ACCOMPANIER, accompaniedReferral, accompanimentHarness } from '../accompaniment/support.ts';
import { type Harness, openBody, pageSessionOf, postPageForm } from './harness.ts';

/*
 * The staff pages let through the roles the JSON API does, action by action: a form is the same use
 * case as its route, so a role the route refuses (403) is refused by the page too (a 403 page), before
 * anything is read or changed. The roles come from one list per action (functions/http/routes/roles.ts).
 */

let h: Harness;
// biome-ignore lint/suspicious/noExplicitAny: the document is read field by field
let doc: any;

beforeAll(async () => {
  h = await accompanimentHarness('page-roles');
  doc = await (await h.request('/openapi.json')).json();
});

const signedIn = (role: StaffRole, sub: string) => pageSessionOf(h, role, 'mdm-lu', sub);
const post = (cookie: string, path: string, fields: Record<string, string>) =>
  postPageForm(h, cookie, path, fields);

const referral = async (id: string) =>
  (await h.call('GET', `/v1/referrals/${id}`, { role: 'coordinator', sub: 'checker' })).json();

/** The JSON route each page action calls the use case of. */
const ROUTE_OF: Readonly<Record<keyof typeof ACTION_ROLES, string>> = {
  answer: 'post /v1/referrals/{id}/answer',
  amend: 'patch /v1/referrals/{id}',
  close: 'post /v1/referrals/{id}/close',
  offer: 'post /v1/referrals/{id}/offers',
  'offer-named': 'post /v1/referrals/{id}/offers',
  'seen-again': 'post /v1/referrals/{id}/seen-again',
  'follow-up': 'post /v1/referrals/{id}/follow-up',
  'follow-up-moved': 'post /v1/referrals/{id}/follow-up',
  reschedule: 'post /v1/referrals/{id}/reschedule',
  accompaniment: 'post /v1/referrals/{id}/accompaniment',
};

describe('the roles of the staff pages', () => {
  it('are, for each action of the referral page, the roles its JSON route lets through', () => {
    for (const [action, route] of Object.entries(ROUTE_OF)) {
      const [method, path] = route.split(' ') as [string, string];
      const declared = doc.paths[path]?.[method]?.['x-relais-roles'];
      expect(declared, route).toBeDefined();
      expect([...ACTION_ROLES[action as keyof typeof ROUTE_OF]].sort(), action).toEqual([...declared].sort());
    }
  });

  it('refuse opening a referral to a role the API refuses, and open nothing', async () => {
    for (const role of ['accompanier', 'coordinator', 'admin'] as const) {
      const cookie = await signedIn(role, `${role}-opener`);
      expect((await h.request('/app/referrals/new', { headers: { cookie } })).status, role).toBe(403);
      const res = await post(cookie, '/app/referrals/new', {
        pseudonym: `NOT-${role.toUpperCase()}`,
        'need.specialty': 'dental',
        urgency: 'routine',
        reason: 'pain',
        languages: 'fr',
        socialCheckDone: 'true',
        consentToShare: 'true',
      });
      expect(res.status, role).toBe(403);
      expect(await res.text()).toContain('role');
      const found = await h.call('GET', `/v1/referrals?pseudonym=NOT-${role.toUpperCase()}`, {
        role: 'coordinator',
        sub: 'checker',
      });
      expect((await found.json()).items, role).toEqual([]);
    }
  });

  it('refuse the assigned accompanier amending or closing the referral, and change nothing', async () => {
    const { id } = await accompaniedReferral(h);
    const before = await referral(id);
    const cookie = await signedIn('accompanier', ACCOMPANIER.sub);
    const version = String(before.version);
    expect(
      (await post(cookie, `/app/referrals/${id}/close`, { version, reason: 'lost_contact' })).status,
    ).toBe(403);
    expect(
      (await post(cookie, `/app/referrals/${id}/amend`, { version, urgency: 'urgent', reason: 'changed' }))
        .status,
    ).toBe(403);
    const after = await referral(id);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe(before.status);
    expect(after.reason).toBe(before.reason);
  });

  it('refuse an accompanier setting do-not-contact or withdrawing consent for a person', async () => {
    const opened = await h.call('POST', '/v1/referrals', {
      body: openBody({ autoOffer: false, pseudonym: 'PERSON-ROLES-1' }),
    });
    const { id } = await opened.json();
    const cookie = await signedIn('accompanier', 'acc-person');
    for (const action of ['do-not-contact', 'consent-withdrawal']) {
      expect((await post(cookie, `/app/people/PERSON-ROLES-1/${action}`, {})).status, action).toBe(403);
    }
    const after = await referral(id);
    expect(after.status).not.toBe('closed');
    expect(after.doNotContact ?? false).toBe(false);
  });

  it('find no action under a name every object has', async () => {
    const cookie = await signedIn('social_worker', 'sw-proto');
    const opened = await h.call('POST', '/v1/referrals', { body: openBody({ autoOffer: false }) });
    const { id } = await opened.json();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await post(cookie, `/app/referrals/${id}/${name}`, { version: '1' })).status, name).toBe(404);
      expect((await post(cookie, `/app/people/SOMEONE-1/${name}`, {})).status, name).toBe(404);
      expect((await post(cookie, `/app/accompaniments/${id}/${name}`, {})).status, name).toBe(404);
      const shown = await h.request(`/app/referrals/${id}?done=${name}`, { headers: { cookie } });
      expect(shown.status, name).toBe(200);
    }
  });
});

describe('a page address that is no page', () => {
  it('is the error page in the staff member’s language, not a JSON problem', async () => {
    const cookie = await signedIn('social_worker', 'sw-lost');
    const opened = await h.call('POST', '/v1/referrals', { body: openBody({ autoOffer: false }) });
    const { id } = await opened.json();
    for (const [method, path] of [
      ['GET', '/app/nope'],
      ['GET', `/app/referrals/${id}/amend`],
      ['POST', `/app/referrals/${id}/bogus`],
    ] as const) {
      const res =
        method === 'GET'
          ? await h.request(path, { headers: { cookie, accept: 'text/html' } })
          : await post(cookie, path, {});
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toContain('<h1>');
    }
    // The API's own unknown paths stay problems.
    const api = await h.call('GET', '/v1/nope');
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
