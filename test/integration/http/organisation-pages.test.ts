import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, postPageForm } from './harness.ts';

/*
 * `/app/organisations` over HTTP (the browser test walks it in a real Chromium): an admin adds an
 * organisation through the same function as `POST /v1/organisations`, a refused field comes back next
 * to the field with what was typed kept, the idempotency key makes a second click add nothing more, an
 * edit is based on the version it was shown at, and nobody but an admin opens the page.
 */

let h: Harness;

const signIn = async (role: 'admin' | 'coordinator', sub: string): Promise<string> => {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(role, 'network', sub) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
};

let admin: string;

beforeAll(async () => {
  h = await createHarness('organisation-pages');
  admin = await signIn('admin', 'admin-pages');
});

const post = (path: string, fields: Record<string, string>, cookie = admin) =>
  postPageForm(h, cookie, path, fields);

const get = (path: string, cookie = admin) => h.request(path, { headers: { cookie } });

const addForm = (id: string, more: Record<string, string> = {}) => ({
  idempotencyKey: `key-${id}`,
  id,
  name: 'Médecins du Monde Belgique',
  city: 'Bruxelles',
  country: 'be',
  locale: 'fr',
  timeZone: 'Europe/Brussels',
  'desk.email': 'accueil@mdm.example',
  ...more,
});

describe('the organisations page', () => {
  it('adds an organisation as POST /v1/organisations does, and lists it', async () => {
    const res = await post('/app/organisations', addForm('mdm-be-page'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/organisations?added=mdm-be-page');
    expect(await h.deps.organisations.get('mdm-be-page')).toMatchObject({
      name: 'Médecins du Monde Belgique',
      country: 'BE',
      timeZone: 'Europe/Brussels',
      contact: { email: 'accueil@mdm.example' },
      version: 1,
    });
    const html = await (await get('/app/organisations?added=mdm-be-page')).text();
    expect(html).toContain('The organisation Médecins du Monde Belgique is added.');
    expect(html).toContain('href="/app/organisations/mdm-be-page"');
    expect(html).toContain('accueil@mdm.example');
  });

  it('adds nothing more when the same form is sent twice (its idempotency key)', async () => {
    expect((await post('/app/organisations', addForm('twice-page'))).status).toBe(303);
    const again = await post('/app/organisations', addForm('twice-page'));
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/app/organisations?added=twice-page');
  });

  it('shows a refused desk email next to its field, with everything typed kept, and adds nothing', async () => {
    const res = await post('/app/organisations', addForm('bad-desk-page', { 'desk.email': 'not an email' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="org-desk.email-error"');
    expect(html).toMatch(
      /aria-describedby="org-desk.email-error"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*aria-describedby="org-desk.email-error"/,
    );
    expect(html).toContain('value="not an email"');
    expect(html).toContain('value="bad-desk-page"');
    expect(html).toContain('value="key-bad-desk-page"');
    expect(html).toMatch(/<option value="Europe\/Brussels" selected/);
    expect(await h.deps.organisations.get('bad-desk-page')).toBeUndefined();
  });

  it.each(['lux', '12', 'L'])(
    'says a country %j is not one next to its field, on adding and on editing, and changes nothing',
    async (country) => {
      const id = `country-page-${country.toLowerCase()}`;
      const added = await post('/app/organisations', addForm(id, { country }));
      expect(added.status).toBe(400);
      expect(await added.text()).toContain('id="org-country-error"');
      expect(await h.deps.organisations.get(id)).toBeUndefined();

      expect((await post('/app/organisations', addForm(id))).status).toBe(303);
      const edited = await post(`/app/organisations/${id}`, { ...addForm(id, { country }), version: '1' });
      expect(edited.status).toBe(400);
      expect(await edited.text()).toContain('id="org-country-error"');
      expect(await h.deps.organisations.get(id)).toMatchObject({ country: 'BE', version: 1 });
    },
  );

  it('says an identifier is taken, next to it', async () => {
    expect((await post('/app/organisations', addForm('taken-page'))).status).toBe(303);
    const res = await post('/app/organisations', { ...addForm('taken-page'), idempotencyKey: 'another' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="org-id-error"');
  });

  it('edits an organisation with the version it was shown at', async () => {
    expect((await post('/app/organisations', addForm('edit-page'))).status).toBe(303);
    const form = await (await get('/app/organisations/edit-page')).text();
    expect(form).toContain('name="version" value="1"');
    const res = await post('/app/organisations/edit-page', {
      ...addForm('edit-page'),
      version: '1',
      timeZone: 'Europe/Amsterdam',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/organisations/edit-page?done=saved');
    expect(await h.deps.organisations.get('edit-page')).toMatchObject({
      timeZone: 'Europe/Amsterdam',
      version: 2,
    });
  });

  it('says someone changed it meanwhile on a stale form, shows it as it is now, and changes nothing', async () => {
    expect((await post('/app/organisations', addForm('stale-page'))).status).toBe(303);
    const first = { ...addForm('stale-page'), version: '1', city: 'Liège' };
    expect((await post('/app/organisations/stale-page', first)).status).toBe(303);
    const stale = await post('/app/organisations/stale-page', { ...first, city: 'Namur' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Someone changed this organisation meanwhile');
    expect(html).toContain('name="version" value="2"');
    expect(html).toContain('value="Liège"');
    expect((await h.deps.organisations.get('stale-page'))?.city).toBe('Liège');
  });

  it('keeps a refused time zone out and says so next to the field', async () => {
    expect((await post('/app/organisations', addForm('zone-page'))).status).toBe(303);
    const res = await post('/app/organisations/zone-page', {
      ...addForm('zone-page'),
      version: '1',
      timeZone: 'Mars/Olympus',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="org-timeZone-error"');
    expect((await h.deps.organisations.get('zone-page'))?.timeZone).toBe('Europe/Brussels');
  });

  it('is for admins only', async () => {
    const coordinator = await signIn('coordinator', 'coord-pages');
    expect((await get('/app/organisations', coordinator)).status).toBe(403);
    expect((await post('/app/organisations', addForm('coord-page'), coordinator)).status).toBe(403);
    expect(await h.deps.organisations.get('coord-page')).toBeUndefined();
  });
});
