import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressLink } from '../../../functions/consumers/links.ts';
import { createHarness, type Harness, openBody } from './harness.ts';

/*
 * An organisation's pending entries (waiting for approval, or for the address to be confirmed) are its
 * own business (issue 12 item 2): other organisations do not see them listed nor read by their id (API
 * and page: one rule, domain/directory/listed.ts), and naming one in an offer tells them only that the
 * specialist is not available. The owning organisation and admins see them.
 */

let h: Harness;
let n = 0;
beforeAll(async () => {
  h = await createHarness('http-directory-pending-others');
  await h.startEvents();
});
afterAll(async () => {
  await h?.stopEvents();
});

const entry = () => ({
  kind: 'doctor',
  displayName: `Dr Pending ${++n}`,
  email: `pending-${n}@clinic.example`,
  specialty: 'podiatry',
  practice: '2 rue du Fort, Luxembourg',
  country: 'LU',
  languages: ['fr'],
  locale: 'fr',
  monthlyQuota: 4,
});

const listedTo = async (role: 'coordinator' | 'network_coordinator' | 'admin', org: string) => {
  const res = await h.call('GET', '/v1/specialists?limit=100', { role, org });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((s) => s.id);
};

describe('another organisation’s pending entries', () => {
  let pendingId: string;
  beforeAll(async () => {
    const res = await h.call('POST', '/v1/specialists', {
      role: 'coordinator',
      org: 'dune-bxl',
      body: entry(),
    });
    expect(res.status).toBe(201);
    pendingId = ((await res.json()) as { id: string }).id;
  });

  it('are listed to their own organisation and to admins, not to others', async () => {
    expect(await listedTo('coordinator', 'dune-bxl')).toContain(pendingId);
    expect(await listedTo('admin', 'relais')).toContain(pendingId);
    expect(await listedTo('coordinator', 'mdm-lu')).not.toContain(pendingId);
    expect(await listedTo('network_coordinator', 'mdm-lu')).not.toContain(pendingId);
  });

  it('are "not available" when named in an offer, without saying they are pending', async () => {
    const opened = await h.call('POST', '/v1/referrals', {
      role: 'social_worker',
      body: openBody({ need: { specialty: 'podiatry' }, autoOffer: false }),
    });
    expect(opened.status).toBe(201);
    const r = (await opened.json()) as { id: string };
    const res = await h.call('POST', `/v1/referrals/${r.id}/offers`, {
      role: 'coordinator',
      body: { specialistIds: [pendingId] },
    });
    expect(res.status).toBe(422);
    const text = JSON.stringify(await res.json());
    expect(text).toContain('not available');
    expect(text).not.toMatch(/approv|confirm|pending/i);
  });
});

type Reader = { readonly role: 'coordinator' | 'network_coordinator' | 'admin'; readonly org: string };
const OWN: Reader = { role: 'coordinator', org: 'mdm-lu' };
const ADMIN: Reader = { role: 'admin', org: 'relais' };
const OTHER_COORDINATOR: Reader = { role: 'coordinator', org: 'dune-bxl' };
const OTHER_NETWORK: Reader = { role: 'network_coordinator', org: 'dune-bxl' };

/** `GET /v1/specialists/{id}` as `who`. */
const readById = (id: string, who: Reader) => h.call('GET', `/v1/specialists/${id}`, who);

/** `/app/directory/{id}` as `who`, signed in through the form as a browser is (English). */
async function pageOf(id: string, who: Reader) {
  const signIn = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: await h.token(who.role, who.org, `${who.role}-${who.org}`),
    }).toString(),
  });
  const cookie = `${(signIn.headers.get('set-cookie') ?? '').split(';')[0]}; relais_locale=en`;
  return h.request(`/app/directory/${id}`, { headers: { cookie } });
}

const listedIds = async (who: Reader) => listedTo(who.role, who.org);

describe('another organisation’s pending entry read by its id', () => {
  let s: { id: string; displayName: string; email: string; version: number };
  beforeAll(async () => {
    const res = await h.call('POST', '/v1/specialists', { ...OWN, body: entry() });
    expect(res.status).toBe(201);
    s = await res.json();
  });

  it('is not found through the API for another organisation’s coordinator and network coordinator, as if it did not exist', async () => {
    for (const who of [OTHER_COORDINATOR, OTHER_NETWORK]) {
      const res = await readById(s.id, who);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ status: 404, detail: 'No such specialist.' });
      for (const secret of [s.displayName, s.email, '2 rue du Fort']) expect(text).not.toContain(secret);
      // Just as for an id that was never given.
      expect((await readById('never-given', who)).status).toBe(404);
    }
  });

  it('is not found on the entry page for them either', async () => {
    for (const who of [OTHER_COORDINATOR, OTHER_NETWORK]) {
      const res = await pageOf(s.id, who);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      for (const secret of [s.displayName, s.email]) expect(html).not.toContain(secret);
    }
  });

  it('is shown to its own organisation’s coordinator and to admins, API and page', async () => {
    for (const who of [OWN, ADMIN]) {
      const res = await readById(s.id, who);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: s.id, displayName: s.displayName, approval: 'pending' });
      const page = await pageOf(s.id, who);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(s.displayName);
    }
  });

  it('is read by id by another organisation exactly when the list shows it to them: approved, then confirmed', async () => {
    const seenAsListed = async () => {
      for (const who of [OTHER_COORDINATOR, OTHER_NETWORK, OWN, ADMIN]) {
        const listed = (await listedIds(who)).includes(s.id);
        expect((await readById(s.id, who)).status).toBe(listed ? 200 : 404);
        expect((await pageOf(s.id, who)).status).toBe(listed ? 200 : 404);
      }
    };
    const approved = await h.call('POST', `/v1/specialists/${s.id}/approve`, ADMIN);
    expect(approved.status).toBe(200);
    // Approved, its address still to confirm: still pending, still the owner's business.
    expect(await listedIds(OTHER_COORDINATOR)).not.toContain(s.id);
    expect((await readById(s.id, OTHER_COORDINATOR)).status).toBe(404);
    await seenAsListed();

    const stored = await h.deps.specialists.get(s.id);
    const link = await addressLink(h.deps, s.id, stored!.confirmationId!, h.clock.now());
    const confirmed = await h.request(new URL(link.url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    expect(confirmed.status).toBe(200);
    expect(await listedIds(OTHER_NETWORK)).toContain(s.id);
    const other = await readById(s.id, OTHER_COORDINATOR);
    expect(other.status).toBe(200);
    const seen = await other.json();
    expect(seen).toMatchObject({ id: s.id, displayName: s.displayName });
    // As the list shows it to them: whether it waited is the owner's concern.
    expect(seen).not.toHaveProperty('approval');
    await seenAsListed();
  });
});
