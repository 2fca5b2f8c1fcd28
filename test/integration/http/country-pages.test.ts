import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

/*
 * The one rule for a country (schemas/country.ts) on the directory page's form, as on the organisations
 * page (organisation-pages.test.ts) and the JSON routes (staff/organisations.test.ts): what is not an
 * ISO 3166-1 alpha-2 region comes back next to the field, at 400, and adds nothing.
 */

let h: Harness;
let cookie: string;

beforeAll(async () => {
  h = await createHarness('country-pages');
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token('coordinator', 'mdm-lu', 'country-co') }).toString(),
  });
  expect(res.status).toBe(303);
  cookie = `${(res.headers.get('set-cookie') ?? '').split(';')[0]}; relais_locale=en`;
});

const addSpecialist = (country: string, email: string) =>
  h.request('/app/directory/new', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({
      idempotencyKey: `key-${email}`,
      kind: 'doctor',
      displayName: 'Dr Marie Border',
      email,
      specialty: 'ophthalmology',
      practice: 'Cabinet Border, Esch-sur-Alzette',
      country,
      languages: 'fr',
      locale: 'fr',
      monthlyQuota: '3',
      active: 'true',
    }).toString(),
  });

describe('a country on the directory page', () => {
  it.each([
    ['LUX', 'LUX'],
    ['12', '12'],
    ['QQ', 'QQ'],
    ['10,000 letters', 'X'.repeat(10_000)],
  ])('refuses %s next to the field and adds nothing', async (_shown, country) => {
    const email = `border-${country.length}-${country.slice(0, 3).toLowerCase()}@clinic.example`;
    const res = await addSpecialist(country, email);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('id="country-error"');
    const list = await h.call('GET', '/v1/specialists', { role: 'coordinator', org: 'mdm-lu' });
    expect(JSON.stringify(await list.json())).not.toContain(email);
  });

  it('adds a specialist with a region code', async () => {
    expect((await addSpecialist('LU', 'border-ok@clinic.example')).status).toBe(303);
  });
});
