import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { addEligibleSpecialist, createHarness, type Harness, specialist } from '../http/harness.ts';
import { MDM } from '../links/support.ts';

/*
 * `/app/directory`'s forms (issue 14): a coordinator looks after their organisation's specialists, an
 * admin approves what waits, a network coordinator reads, through the same use cases as
 * `/v1/specialists`. Forms are posted as a browser posts them (same origin, form-encoded, the session
 * cookie from the sign-in form).
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('directory-page');
  await h.deps.organisations.put(MDM);
  await h.deps.organisations.put({ ...MDM, id: 'dune-bxl', name: 'Dune', city: 'Bruxelles', country: 'BE' });
});
afterAll(async () => h.stopEvents());

interface Who {
  readonly role: StaffRole;
  readonly org?: string;
  readonly sub?: string;
}
const COORD: Who = { role: 'coordinator', org: 'mdm-lu', sub: 'co-dir' };

/** Signs in through the form, as a browser would; the cookies to send back (English chosen). */
const cookies = new Map<string, string>();
async function cookieOf({ role, org = 'mdm-lu', sub = `${role}-${org}` }: Who): Promise<string> {
  const key = `${role}/${org}/${sub}`;
  const known = cookies.get(key);
  if (known) return known;
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(role, org, sub) }).toString(),
  });
  const cookie = `${(res.headers.get('set-cookie') ?? '').split(';')[0]}; relais_locale=en`;
  cookies.set(key, cookie);
  return cookie;
}

const get = async (path: string, who: Who = COORD) =>
  h.request(path, { headers: { cookie: await cookieOf(who) } });

const post = async (path: string, fields: Record<string, string>, who: Who = COORD, site = 'same-origin') =>
  h.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: {
      cookie: await cookieOf(who),
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': site,
    },
  });

/** The value an input of the page holds. */
const inputValue = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name.replace('.', '\\.')}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const errorOf = (html: string, name: string) =>
  new RegExp(`id="${name.replace('.', '\\.')}-error"[^>]*>([^<]*)<`).exec(html)?.[1];

const addForm = (overrides: Record<string, string> = {}) => ({
  idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
  kind: 'doctor',
  displayName: 'Dr Marie Weber',
  email: 'marie.weber@clinic.example',
  specialty: 'ophthalmology',
  practice: 'Cabinet Weber, Esch-sur-Alzette',
  country: 'LU',
  languages: 'fr, de',
  locale: 'fr',
  monthlyQuota: '3',
  active: 'true',
  ...overrides,
});

/** Adds through the page's form; the new entry's id. */
async function added(fields: Record<string, string>, who: Who = COORD): Promise<string> {
  const res = await post('/app/directory/new', fields, who);
  expect(res.status).toBe(303);
  const location = res.headers.get('location') ?? '';
  expect(location).toMatch(/^\/app\/directory\/[^/?]+\?done=added$/);
  return decodeURIComponent(location.split('/').at(-1)!.split('?')[0]!);
}

const versionOn = async (id: string, who: Who = COORD) =>
  inputValue(await (await get(`/app/directory/${id}`, who)).text(), 'version')!;

describe('the directory page', () => {
  it('sends a signed-out visitor to sign in, and is not for social workers or accompaniers', async () => {
    const out = await h.request('/app/directory');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Fdirectory');
    for (const role of ['social_worker', 'accompanier'] as const) {
      const res = await get('/app/directory', { role });
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('The directory is for coordinators and administrators.');
      expect(html).not.toContain('href="/app/directory"');
    }
    const coordinator = await (await get('/app/directory')).text();
    expect(coordinator).toMatch(/<nav[\s\S]*href="\/app\/directory" aria-current="page"/);
  });

  it('adds a specialist: a bad email refused next to the field with what was typed kept, a double submit adds one', async () => {
    const form = addForm({ email: 'marie.weber(at)clinic', displayName: 'Dr Marie Weber' });
    const refused = await post('/app/directory/new', form);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(errorOf(html, 'email')).toBe('This is not a valid email address.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/role="alert">Some fields need another look: see below\.</);
    expect(inputValue(html, 'email')).toBe('marie.weber(at)clinic');
    expect(inputValue(html, 'displayName')).toBe('Dr Marie Weber');
    expect(inputValue(html, 'practice')).toBe('Cabinet Weber, Esch-sur-Alzette');
    // The same key comes back, so sending the corrected form twice still adds one entry.
    expect(inputValue(html, 'idempotencyKey')).toBe(form.idempotencyKey);

    const fixed = { ...form, email: 'marie.weber@clinic.example' };
    const id = await added(fixed);
    expect(await added(fixed)).toBe(id);
    const all = (await h.deps.specialists.list({ limit: 100 })).items.filter((s) => s.email === fixed.email);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      organisation: 'mdm-lu',
      languages: ['fr', 'de'],
      monthlyQuota: 3,
      approval: 'pending',
      addressConfirmed: false,
    });

    const page = await (await get(`/app/directory/${id}?done=added`)).text();
    expect(page).toContain('Pending approval');
    expect(page).toContain('Awaiting address confirmation');
    expect(page).toContain('0 of 3 appointments this month');

    // Another specialist has that address: refused next to the email, whatever its case.
    const taken = await post('/app/directory/new', addForm({ email: 'MARIE.weber@clinic.example' }));
    expect(taken.status).toBe(409);
    expect(errorOf(await taken.text(), 'email')).toBe('Another specialist of the network has this email.');

    // The same key sent with other values: said in the page, nothing added.
    const reused = await post('/app/directory/new', { ...fixed, displayName: 'Dr Someone Else' });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('This form was already sent with other values.');
  });

  it('refuses a form another site made the browser send', async () => {
    const res = await post(
      '/app/directory/new',
      addForm({ email: 'cross@clinic.example' }),
      COORD,
      'cross-site',
    );
    expect(res.status).toBe(403);
    const listed = (await h.deps.specialists.list({ limit: 100 })).items;
    expect(listed.some((s) => s.email === 'cross@clinic.example')).toBe(false);
  });

  it('lists the organisation’s specialists with their state in words and the quota used this month', async () => {
    const eligible = await addEligibleSpecialist(h, {
      kind: 'doctor',
      displayName: 'Dr Eligible Ana',
      email: 'ana.eligible@clinic.example',
      specialty: 'dental',
      practice: 'Cabinet Ana, Luxembourg',
      languages: ['pt'],
      locale: 'en',
      monthlyQuota: 2,
    });
    await h.deps.specialistLoad.recordAppointment(eligible.id, 'offer-1', h.clock.now().toISOString());
    await h.deps.specialists.put(
      specialist({ id: 'other-org-dir', organisation: 'dune-bxl', displayName: 'Dr Elsewhere' }),
    );

    const html = await (await get('/app/directory')).text();
    const card = html.slice(html.indexOf('Dr Eligible Ana'), html.indexOf('Dr Eligible Ana') + 600);
    expect(card).toContain('Eligible');
    expect(card).toContain('1 of 2 appointments this month');
    expect(html).toContain('Dr Marie Weber');
    // Another organisation's entries are theirs to look after.
    expect(html).not.toContain('Dr Elsewhere');
  });

  it('edits a specialist; a stale form says someone changed it meanwhile and shows the new state', async () => {
    const id = await added(addForm({ email: 'edit.me@clinic.example', displayName: 'Dr Edit Me' }));
    const version = await versionOn(id);
    const fields = {
      version,
      displayName: 'Dr Edit Me',
      email: 'edit.me@clinic.example',
      practice: 'Cabinet Weber, Esch-sur-Alzette',
      country: 'LU',
      languages: 'fr, de, pt',
      locale: 'fr',
      monthlyQuota: '6',
      active: 'true',
    };
    const saved = await post(`/app/directory/${id}/edit`, fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/app/directory/${id}?done=edit`);
    expect(await h.deps.specialists.get(id)).toMatchObject({
      monthlyQuota: 6,
      languages: ['fr', 'de', 'pt'],
    });

    // A bad quota: refused next to the field, what was typed kept.
    const bad = await post(`/app/directory/${id}/edit`, {
      ...fields,
      version: await versionOn(id),
      monthlyQuota: '900',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(errorOf(badHtml, 'monthlyQuota')).toBe('A whole number from 0 to 500.');
    expect(inputValue(badHtml, 'monthlyQuota')).toBe('900');

    // The form still at the first version: someone else saved since.
    const stale = await post(`/app/directory/${id}/edit`, { ...fields, displayName: 'Dr Stale Name' });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain('Someone changed this specialist meanwhile');
    expect(inputValue(staleHtml, 'monthlyQuota')).toBe('6');
    expect(inputValue(staleHtml, 'version')).toBe(String(Number(version) + 1));
    expect((await h.deps.specialists.get(id))?.displayName).toBe('Dr Edit Me');
  });

  it('pauses and resumes a specialist, and keeps absences ahead', async () => {
    const id = await added(addForm({ email: 'pause.me@clinic.example', displayName: 'Dr Pause Me' }));
    const past = await post(`/app/directory/${id}/pause`, {
      version: await versionOn(id),
      pausedUntil: '2026-01-10',
    });
    expect(past.status).toBe(400);
    expect(errorOf(await past.text(), 'pausedUntil')).toBe('This date is already past.');

    const paused = await post(`/app/directory/${id}/pause`, {
      version: await versionOn(id),
      pausedUntil: '2026-12-10',
    });
    expect(paused.status).toBe(303);
    // Midnight in the organisation's time zone (Europe/Luxembourg, UTC+1 in December).
    expect((await h.deps.specialists.get(id))?.pausedUntil).toBe('2026-12-09T23:00:00.000Z');
    expect(await (await get(`/app/directory/${id}`)).text()).toContain('Paused until 10 December 2026');

    expect((await post(`/app/directory/${id}/resume`, { version: await versionOn(id) })).status).toBe(303);
    expect((await h.deps.specialists.get(id))?.pausedUntil).toBeUndefined();

    const backwards = await post(`/app/directory/${id}/absence-add`, {
      version: await versionOn(id),
      'absences.from': '2026-12-20',
      'absences.until': '2026-12-18',
    });
    expect(backwards.status).toBe(400);
    const backHtml = await backwards.text();
    expect(errorOf(backHtml, 'absences.until')).toBe('The absence must end after it starts.');
    expect(inputValue(backHtml, 'absences.from')).toBe('2026-12-20');

    const away = await post(`/app/directory/${id}/absence-add`, {
      version: await versionOn(id),
      'absences.from': '2026-12-20',
      'absences.until': '2027-01-04',
    });
    expect(away.status).toBe(303);
    expect((await h.deps.specialists.get(id))?.absences).toEqual([
      { from: '2026-12-19T23:00:00.000Z', until: '2027-01-03T23:00:00.000Z' },
    ]);
    const html = await (await get(`/app/directory/${id}`)).text();
    expect(html).toContain('From 20 December 2026, back on 4 January 2027');

    const removed = await post(`/app/directory/${id}/absence-remove`, {
      version: await versionOn(id),
      'absences.from': '2026-12-19T23:00:00.000Z',
      'absences.until': '2027-01-03T23:00:00.000Z',
    });
    expect(removed.status).toBe(303);
    expect((await h.deps.specialists.get(id))?.absences).toBeUndefined();
  });

  it('lets an admin approve what waits, but not their own addition', async () => {
    const admin: Who = { role: 'admin', org: 'relais', sub: 'admin-one' };
    const other: Who = { role: 'admin', org: 'relais', sub: 'admin-two' };
    const byCoordinator = await added(
      addForm({ email: 'approve.me@clinic.example', displayName: 'Dr Approve Me' }),
    );
    const byAdmin = await added(
      addForm({
        email: 'admin.added@clinic.example',
        displayName: 'Dr Admin Added',
        organisation: 'dune-bxl',
      }),
      admin,
    );
    expect((await h.deps.specialists.get(byAdmin))?.organisation).toBe('dune-bxl');

    const list = await (await get('/app/directory', admin)).text();
    const pending = list.slice(list.indexOf('Waiting for approval'));
    expect(pending).toContain(`action="/app/directory/${byCoordinator}/approve"`);
    expect(pending).toContain(`action="/app/directory/${byAdmin}/approve"`);

    const own = await post(`/app/directory/${byAdmin}/approve`, { version: '1' }, admin);
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('You made this change: another administrator approves it.');
    const ownFromEntry = await post(
      `/app/directory/${byAdmin}/approve`,
      { version: '1', from: 'entry' },
      admin,
    );
    expect(ownFromEntry.status).toBe(403);
    expect(await ownFromEntry.text()).toMatch(
      /<h1>Dr Admin Added<\/h1>[\s\S]*another administrator approves it/,
    );
    expect((await h.deps.specialists.get(byAdmin))?.approval).toBe('pending');

    const ok = await post(`/app/directory/${byCoordinator}/approve`, { version: '1' }, admin);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/app/directory?done=approved');
    expect((await h.deps.specialists.get(byCoordinator))?.approval).toBe('approved');
    // From the entry's page, the answer comes back to it.
    const entryPage = await (await get(`/app/directory/${byAdmin}`, other)).text();
    expect(entryPage).toContain(`action="/app/directory/${byAdmin}/approve"`);
    const fromEntry = await post(`/app/directory/${byAdmin}/approve`, { version: '1', from: 'entry' }, other);
    expect(fromEntry.status).toBe(303);
    expect(fromEntry.headers.get('location')).toBe(`/app/directory/${byAdmin}?done=approved`);
    expect((await h.deps.specialists.get(byAdmin))?.approval).toBe('approved');

    // A coordinator cannot approve, whatever the form says.
    const coordinatorTry = await post(`/app/directory/${byAdmin}/approve`, { version: '2' });
    expect(coordinatorTry.status).toBe(404);
  });

  it('lets a network coordinator read the network’s directory, and change nothing', async () => {
    const nc: Who = { role: 'network_coordinator', org: 'network', sub: 'nc-dir' };
    const html = await (await get('/app/directory', nc)).text();
    expect(html).toContain('Dr Eligible Ana');
    expect(html).toContain('Dr Elsewhere');
    // Entries still pending are their organisation's and the admins' to see.
    expect(html).not.toContain('Dr Pause Me');
    expect(html).not.toContain('href="/app/directory/new"');
    const entry = await (await get('/app/directory/other-org-dir', nc)).text();
    expect(entry).not.toContain('/edit"');
    const refused = await post(
      '/app/directory/other-org-dir/pause',
      { version: '1', pausedUntil: '2026-12-24' },
      nc,
    );
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('text/html');
    // Nor may a coordinator of another organisation.
    const dune: Who = { role: 'coordinator', org: 'dune-bxl', sub: 'co-dune' };
    const eligible = (await h.deps.specialists.list({ limit: 100 })).items.find(
      (s) => s.displayName === 'Dr Eligible Ana',
    )!;
    expect((await post(`/app/directory/${eligible.id}/resume`, { version: '1' }, dune)).status).toBe(404);
    expect((await post('/app/directory/new', addForm({ email: 'nc@clinic.example' }), nc)).status).toBe(404);
  });

  it('speaks the organisation’s language', async () => {
    const res = await h.request('/app/directory', {
      headers: { cookie: (await cookieOf(COORD)).replace('; relais_locale=en', '') },
    });
    const html = await res.text();
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('Les spécialistes et services de votre organisation.');
    expect(html).toContain('En attente d’approbation');
  });
});
