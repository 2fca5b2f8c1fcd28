import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../../domain/directory/model.ts';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { formOf } from '../escalations/support.ts';
import { HOUR, MDM_EN, open, plus, schedule, sweepAt } from '../timers/support.ts';
import { createHarness, type Harness, specialist } from './harness.ts';

/*
 * The coordinator's pages (issue 14 item 2) on the real app and DynamoDB Local, signed in through the
 * sign-in form as a browser is, forms posted same-origin as a browser posts them: /app/staff (the
 * organisation's staff as seen signing in), assigning an accompanier by name on the board and on the
 * referral page, and /app/notifications (the feed, marked read on view).
 */

const ORG: Organisation = {
  ...MDM_EN,
  // Far from UTC, so that a date in the organisation's time zone is not the UTC one.
  timeZone: 'Pacific/Auckland',
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness('coordinator-pages');
  await h.deps.organisations.put(ORG);
  for (let i = 0; i < 2; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

/** Signs in through the form with a token (named when `name` is given): the session cookie. */
async function signIn(role: StaffRole, sub: string, name?: string): Promise<string> {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ token: await h.token(role, ORG.id, sub, name) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const get = (path: string, cookie: string, locale?: string) =>
  h.request(path, { headers: { cookie: locale ? `${cookie}; relais_locale=${locale}` : cookie } });

const post = (path: string, cookie: string, fields: Record<string, string>) =>
  h.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
    },
  });

/** A scheduled referral needing an accompanier, with its `no_accompanier` escalation on the board. */
async function needingAnAccompanier(): Promise<{ referralId: string; escalationId: string }> {
  const r = await open(h);
  const appt = plus(r.createdAt, 5 * 24 * HOUR);
  await schedule(h, r.id, appt);
  const fired = await sweepAt(h, plus(appt, -24 * HOUR));
  expect(fired.fired).toContainEqual(expect.objectContaining({ kind: 'no_accompanier', referralId: r.id }));
  await h.drainEvents();
  const e = (await h.deps.escalations.listBoard({ org: ORG.id }, 'open', { limit: 50 })).items.find(
    (x) => x.referralId === r.id && x.kind === 'no_accompanier',
  );
  expect(e).toBeDefined();
  return { referralId: r.id, escalationId: e!.id };
}

describe('the staff page', () => {
  it('is the coordinators’: signed out it sends to sign in, a social worker is told, the invite page stays the admins’', async () => {
    const out = await h.request('/app/staff');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Fstaff');
    const worker = await get('/app/staff', await signIn('social_worker', 'sw-staff'));
    expect(worker.status).toBe(403);
    expect(worker.headers.get('content-type')).toContain('text/html');
    expect(await worker.text()).toContain('The staff list is for coordinators.');

    const admin = await signIn('admin', 'admin-staff');
    expect((await get('/app/staff/invite', admin)).status).toBe(200);
    expect((await get('/app/staff', admin)).status).toBe(403);
    const coordinator = await signIn('coordinator', 'co-staff');
    expect((await get('/app/staff/invite', coordinator)).status).toBe(403);
  });

  it('gives an invitation refused for what was typed back as the form: each refusal by its field, in the administrator’s words, what was typed kept', async () => {
    const admin = await signIn('admin', 'admin-invite');
    const res = await h.request('/app/staff/invite', {
      method: 'POST',
      body: 'email=not-an-address&org=MDM+LU&roles=accompanier&roles=coordinator',
      headers: {
        cookie: `${admin}; relais_locale=fr`,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/app/staff/invite"');
    expect(html).toMatch(/<p class="error" id="email-error" role="alert">Saisissez une adresse e-mail/);
    expect(html).toMatch(/<p class="error" id="org-error" role="alert">Saisissez l(&#39;|')identifiant/);
    expect(html).not.toContain('id="roles-error"');
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('value="MDM LU"');
    expect(html.match(/<input type="checkbox" name="roles" value="(\w+)" checked=""/g)).toHaveLength(2);
    // No role ticked: told next to the roles.
    const none = await h.request('/app/staff/invite', {
      method: 'POST',
      body: 'email=ana%40example.org&org=mdm-lu',
      headers: {
        cookie: admin,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(none.status).toBe(400);
    const noneHtml = await none.text();
    expect(noneHtml).toContain(
      '<p class="error" id="roles-error" role="alert">Choose at least one role.</p>',
    );
    expect(noneHtml).not.toContain('id="email-error"');
  });

  it('lists who signed in by name, filtered by role, last seen on the organisation’s day', async () => {
    // 12:00 UTC on the 25th is already the 26th in Auckland.
    h.clock.set(new Date('2026-11-25T12:00:00.000Z'));
    await signIn('accompanier', 'acc-ana', 'Ana Lima');
    await signIn('social_worker', 'sw-nameless');
    const coordinator = await signIn('coordinator', 'co-staff');

    const all = await (await get('/app/staff', coordinator)).text();
    expect(all).toContain('<td>Ana Lima</td><td>Accompanier</td><td>26 November 2026</td>');
    // No name in their token: their sub stands for it.
    expect(all).toContain('<td>sw-nameless</td><td>Social worker</td>');
    expect(all).toContain('<a href="/app/staff" aria-current="page">Staff</a>');

    const accompaniers = await (await get('/app/staff?role=accompanier', coordinator)).text();
    expect(accompaniers).toContain('Ana Lima');
    expect(accompaniers).not.toContain('sw-nameless');
    expect(accompaniers).toContain('<option value="accompanier" selected="">Accompanier</option>');

    const french = await (await get('/app/staff?role=accompanier', coordinator, 'fr')).text();
    expect(french).toContain('<td>Ana Lima</td><td>Accompagnant·e</td><td>26 novembre 2026</td>');

    // A role that does not exist is a page saying what was wrong, not a JSON problem.
    const bad = await get('/app/staff?role=boss', coordinator);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
  });
});

describe('assigning an accompaniment by name', () => {
  it('on the board: the accompaniers by name, never a typed id; nobody yet says what to do', async () => {
    const fresh = await createHarness('coordinator-pages-nobody');
    await fresh.deps.organisations.put(ORG);
    await fresh.deps.specialists.put(specialist());
    await fresh.startEvents();
    try {
      const r = await open(fresh);
      const appt = plus(r.createdAt, 5 * 24 * HOUR);
      await schedule(fresh, r.id, appt);
      await sweepAt(fresh, plus(appt, -24 * HOUR));
      await fresh.drainEvents();
      const res = await fresh.request('/app/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: await fresh.token('coordinator') }).toString(),
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const html = await (await fresh.request('/app/board', { headers: { cookie } })).text();
      expect(html).toContain('Nobody with the accompanier role has signed in to Relais yet.');
      expect(html).not.toContain('name="accompanierId"');
    } finally {
      await fresh.stopEvents();
    }
  });

  it('on the board: choosing a name assigns the accompaniment through the use case', async () => {
    await signIn('accompanier', 'acc-ana', 'Ana Lima');
    const { referralId, escalationId } = await needingAnAccompanier();
    const coordinator = await signIn('coordinator', 'co-board');

    const board = await (await get('/app/board', coordinator)).text();
    expect(board).toContain(`<select id="acc-${escalationId}" name="accompanierId" required="">`);
    expect(board).toContain('<option value="acc-ana">Ana Lima</option>');
    expect(board).not.toMatch(/<input[^>]*name="accompanierId"/);

    // Nothing chosen: the board says to choose, and nothing changes.
    const none = await post(`/app/board/escalations/${escalationId}/reassign`, coordinator, {
      back: '/app/board',
      accompanierId: '',
    });
    expect(none.headers.get('location')).toBe('/app/board?notice=choose_accompanier');
    expect((await h.deps.store.get(referralId))!.accompaniment.accompanierId).toBeUndefined();

    // The form as the board showed it: with the version the coordinator saw.
    const res = await post(`/app/board/escalations/${escalationId}/reassign`, coordinator, {
      ...formOf(board, escalationId, 'reassign'),
      accompanierId: 'acc-ana',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/board?state=open&notice=reassigned');
    const after = (await h.deps.store.get(referralId))!;
    expect(after.accompaniment.accompanierId).toBe('acc-ana');
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'accompaniment.assigned',
      actor: { role: 'coordinator' },
    });

    // The referral page names her.
    const page = await (await get(`/app/referrals/${referralId}`, coordinator)).text();
    expect(page).toContain('Accompanied by Ana Lima');
  });

  it('on the referral page: choosing another name reassigns it; a stale form says so', async () => {
    await signIn('accompanier', 'acc-ana', 'Ana Lima');
    await signIn('accompanier', 'acc-bo', 'Bo Jensen');
    const { referralId } = await needingAnAccompanier();
    const coordinator = await signIn('coordinator', 'co-page');

    let page = await (await get(`/app/referrals/${referralId}`, coordinator)).text();
    expect(page).toContain(`action="/app/referrals/${referralId}/accompaniment"`);
    expect(page).toContain('<option value="acc-bo">Bo Jensen</option>');
    const version = (await h.deps.store.get(referralId))!.version;

    const assigned = await post(`/app/referrals/${referralId}/accompaniment`, coordinator, {
      version: String(version),
      accompanierId: 'acc-bo',
    });
    expect(assigned.status).toBe(303);
    expect(assigned.headers.get('location')).toBe(`/app/referrals/${referralId}?done=accompaniment`);
    expect((await h.deps.store.get(referralId))!.accompaniment.accompanierId).toBe('acc-bo');
    page = await (await get(`/app/referrals/${referralId}?done=accompaniment`, coordinator)).text();
    expect(page).toContain('Accompanied by Bo Jensen');
    // Bo is assigned now: the choice offers the others, to give it to someone else.
    expect(page).not.toContain('<option value="acc-bo">');
    expect(page).toContain('<option value="acc-ana">Ana Lima</option>');

    // The same form again, on the version it was shown with: someone changed it meanwhile.
    const stale = await post(`/app/referrals/${referralId}/accompaniment`, coordinator, {
      version: String(version),
      accompanierId: 'acc-ana',
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Someone changed this referral meanwhile');
    expect((await h.deps.store.get(referralId))!.accompaniment.accompanierId).toBe('acc-bo');
  });
});

describe('the notifications page', () => {
  it('shows the feed newest first, new ones said in words, each linking to its referral, and marks them read', async () => {
    const { referralId } = await needingAnAccompanier();
    const coordinator = await signIn('coordinator', 'co-feed');
    const first = await (await get('/app/notifications', coordinator)).text();
    // The escalation reached the organisation's coordinators' feed, which this coordinator reads.
    const item = first.match(/<li data-notification="[^"]+" data-read="false"[^>]*>(.*?)<\/li>/)?.[1] ?? '';
    expect(item).toContain('<span class="tag">New</span>');
    expect(first).toContain(`href="/app/referrals/${referralId}"`);

    // Marked read through the store call POST /v1/me/notifications/read makes: the API says so too.
    const api = await (
      await h.call('GET', '/v1/me/notifications', { role: 'coordinator', sub: 'co-feed' })
    ).json();
    expect(api.items.length).toBeGreaterThan(0);
    expect(api.items.every((n: { read: boolean }) => n.read)).toBe(true);
    const again = await (await get('/app/notifications', coordinator)).text();
    expect(again).not.toContain('data-read="false"');
    expect(again).not.toContain('<span class="tag">New</span>');
    // Read is each reader's own: another coordinator still has them new.
    const other = await (
      await h.call('GET', '/v1/me/notifications', { role: 'coordinator', sub: 'co-other' })
    ).json();
    expect(other.items.some((n: { read: boolean }) => !n.read)).toBe(true);
  });

  it('pages with the sealed cursor, in the chosen language and the organisation’s time zone', async () => {
    const reader = { sub: 'acc-feed', org: ORG.id };
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.parse('2026-11-20T10:00:00.000Z') + i * 60_000).toISOString();
      await h.deps.notifications.add(reader, {
        id: `n-${String(i).padStart(2, '0')}`,
        at,
        kind: 'accompaniment_assigned',
        referralId: `R-${i}`,
        eventId: `ev-${i}`,
      });
    }
    const cookie = await signIn('accompanier', 'acc-feed');
    const one = await (await get('/app/notifications', cookie, 'fr')).text();
    const ids = [...one.matchAll(/data-notification="(n-\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(25);
    expect(ids[0]).toBe('n-29');
    expect(one).toContain('Un accompagnement vous a été attribué.');
    expect(one).toContain('<span class="tag">Nouveau</span>');
    // 10:29 UTC on the 20th is 23:29 in Auckland.
    expect(one).toContain('vendredi 20 novembre 2026 à 23:29');
    const next = one.match(/href="(\/app\/notifications\?cursor=[^"]+)"/)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toContain('n-');
    const two = await (await get(next!.replaceAll('&amp;', '&'), cookie, 'fr')).text();
    expect([...two.matchAll(/data-notification="(n-\d+)"/g)].map((m) => m[1])).toEqual([
      'n-04',
      'n-03',
      'n-02',
      'n-01',
      'n-00',
    ]);
    expect(two).not.toContain('cursor=');
    // A cursor that is not one the store sealed is refused in a page.
    const forged = await get('/app/notifications?cursor=bm90LWEtY3Vyc29y', cookie);
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toContain('text/html');
  });
});
