import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// biome-ignore lint/style/noRestrictedImports: a test, never bundled; the JSON Schema reader is classic zod's only.
import { fromJSONSchema } from 'zod';
import { hsdsId } from '../../../functions/standards/hsds/uuid-v5.ts';
import { addEligibleSpecialist, createHarness, type Harness } from './harness.ts';

/*
 * Issue 16 items 1 and 2: the directory in Open Referral HSDS 3.0. Every document /hsds returns is
 * checked against the OFFICIAL compiled JSON schemas (test/fixtures/hsds, vendored from
 * openreferral/specification), read by zod's JSON Schema reader (types, required fields, enums,
 * formats: uuid, email, uri, date-time). An export of one Relais then imports into another.
 */

const official = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/hsds/${name}.json`, import.meta.url), 'utf8'));
const PAGE = official('page');
/** The profile's page: `Page` (every field of it required here) with `contents` of the list schema. */
const pageOf = (itemSchema: unknown) =>
  fromJSONSchema({
    type: 'object',
    required: [...Object.keys(PAGE.properties), 'contents'],
    properties: { ...PAGE.properties, contents: { type: 'array', items: itemSchema } },
  });
const SCHEMAS = {
  services: pageOf(official('service_list')),
  service: fromJSONSchema(official('service')),
  organizations: pageOf(official('organization_list')),
  organization: fromJSONSchema(official('organization')),
  serviceAtLocations: pageOf(official('service_at_location_list')),
};

/** Every issue the official schema finds in `doc` (none expected). */
function officialIssues(schema: keyof typeof SCHEMAS, doc: unknown): string[] {
  const r = SCHEMAS[schema].safeParse(doc);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const COORDINATOR = { role: 'coordinator', org: 'mdm-lu' } as const;

let out: Harness;
let into: Harness;
const eligible: string[] = [];
let pendingId: string;

beforeAll(async () => {
  out = await createHarness('hsds-out');
  into = await createHarness('hsds-in');
  await out.deps.organisations.put({
    id: 'mdm-lu',
    name: 'Médecins du Monde Luxembourg',
    city: 'Luxembourg',
    country: 'LU',
    contact: { email: 'desk@mdm.example', phone: '+352 26 00 00' },
    locale: 'fr',
  });
  const base = {
    kind: 'doctor',
    practice: 'CHL Eich, Luxembourg',
    languages: ['fr', 'pt'],
    locale: 'fr',
    monthlyQuota: 3,
  };
  for (const [i, specialty] of (['ophthalmology', 'dental', 'legal'] as const).entries()) {
    const body = {
      ...base,
      displayName: `Dr Export ${i}`,
      email: `export${i}@clinic.example`,
      specialty,
      country: 'LU',
    };
    eligible.push((await addEligibleSpecialist(out, i === 2 ? { ...body, kind: 'service_desk' } : body)).id);
  }
  // Another organisation's entry, paused: temporarily closed in HSDS.
  const other = await addEligibleSpecialist(
    out,
    {
      ...base,
      displayName: 'Dr Elsewhere',
      email: 'elsewhere@clinic.example',
      specialty: 'dermatology',
      pausedUntil: '2027-01-01T00:00:00Z',
    },
    'dune-bxl',
  );
  eligible.push(other.id);
  const pending = await out.call('POST', '/v1/specialists', {
    ...COORDINATOR,
    body: { ...base, displayName: 'Dr Pending', email: 'pending@clinic.example', specialty: 'ophthalmology' },
  });
  pendingId = (await pending.json()).id;
});
afterAll(async () => {
  await Promise.all([out.stopEvents(), into.stopEvents()]);
});

const ROUTES = ['/hsds/services', '/hsds/organizations', '/hsds/service_at_locations'];

describe('HSDS out', () => {
  it('answers no one without a staff token, and no social worker', async () => {
    const someId = hsdsId('service', 'x');
    for (const path of [...ROUTES, `/hsds/services/${someId}`, `/hsds/organizations/${someId}`]) {
      expect((await out.request(path)).status, path).toBe(401);
      expect((await out.call('GET', path, { role: 'social_worker' })).status, path).toBe(403);
    }
  });

  it('lists the approved services as the profile pages them, valid against the official schemas', async () => {
    const res = await out.call('GET', '/hsds/services', COORDINATOR);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const page = await res.json();
    expect(officialIssues('services', page)).toEqual([]);
    expect(page).toMatchObject({
      total_items: 4,
      total_pages: 1,
      page_number: 1,
      size: 4,
      first_page: true,
      last_page: true,
      empty: false,
    });
    const ids = page.contents.map((s: { id: string }) => s.id);
    expect(ids.sort()).toEqual(eligible.map((id) => hsdsId('service', id)).sort());
    expect(ids).not.toContain(hsdsId('service', pendingId));
    const paused = page.contents.find((s: { name: string }) => s.name === 'Dr Elsewhere');
    expect(paused.status).toBe('temporarily closed');
  });

  it('pages by page and per_page, and filters by organization_id', async () => {
    const second = await (await out.call('GET', '/hsds/services?page=2&per_page=3', COORDINATOR)).json();
    expect(officialIssues('services', second)).toEqual([]);
    expect(second).toMatchObject({
      total_items: 4,
      total_pages: 2,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    });
    const beyond = await (await out.call('GET', '/hsds/services?page=9&per_page=3', COORDINATOR)).json();
    expect(beyond).toMatchObject({ size: 0, empty: true, contents: [] });
    const mdm = hsdsId('organization', 'mdm-lu');
    const ofMdm = await (await out.call('GET', `/hsds/services?organization_id=${mdm}`, COORDINATOR)).json();
    expect(ofMdm.total_items).toBe(3);
    expect(ofMdm.contents.every((s: { organization_id: string }) => s.organization_id === mdm)).toBe(true);
    const bad = await out.call('GET', '/hsds/services?per_page=1000', COORDINATOR);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toContain('per_page');
  });

  it('gives each service in full: specialty, kind and country as terms, languages, location', async () => {
    const id = hsdsId('service', eligible[0] as string);
    const res = await out.call('GET', `/hsds/services/${id}`, COORDINATOR);
    expect(res.status).toBe(200);
    const svc = await res.json();
    expect(officialIssues('service', svc)).toEqual([]);
    // The official schema does find what is wrong: a Relais id where a UUID belongs, a status HSDS lacks.
    expect(officialIssues('service', { ...svc, id: 'spec-1', status: 'open' })).toHaveLength(2);
    expect(svc).toMatchObject({ id, name: 'Dr Export 0', email: 'export0@clinic.example', status: 'active' });
    expect(svc.organization.name).toBe('Médecins du Monde Luxembourg');
    const terms = svc.attributes.map((a: { taxonomy_term: { taxonomy: string; code: string } }) => [
      a.taxonomy_term.taxonomy,
      a.taxonomy_term.code,
    ]);
    expect(terms).toEqual([
      ['relais-specialty', 'ophthalmology'],
      ['relais-kind', 'doctor'],
      ['ISO 3166-1 alpha-2', 'LU'],
    ]);
    expect(svc.languages.map((l: { code: string }) => l.code)).toEqual(['fr', 'pt']);
    expect(svc.service_at_locations[0].location.name).toBe('CHL Eich, Luxembourg');
    // Stable: the same id on the next export.
    expect((await (await out.call('GET', `/hsds/services/${id}`, COORDINATOR)).json()).id).toBe(id);
  });

  it('refuses an id that is not a UUID (400) and knows no pending or unknown service (404)', async () => {
    expect((await out.call('GET', '/hsds/services/not-a-uuid', COORDINATOR)).status).toBe(400);
    expect(
      (await out.call('GET', `/hsds/services/${hsdsId('service', pendingId)}`, COORDINATOR)).status,
    ).toBe(404);
    expect(
      (await out.call('GET', `/hsds/organizations/${hsdsId('organization', 'nowhere')}`, COORDINATOR)).status,
    ).toBe(404);
  });

  it('lists organisations and services at locations, and one organisation with its services', async () => {
    const orgs = await (
      await out.call('GET', '/hsds/organizations', { role: 'admin', org: 'relais' })
    ).json();
    expect(officialIssues('organizations', orgs)).toEqual([]);
    expect(orgs.total_items).toBe(2);
    const sals = await (await out.call('GET', '/hsds/service_at_locations', COORDINATOR)).json();
    expect(officialIssues('serviceAtLocations', sals)).toEqual([]);
    expect(sals.total_items).toBe(4);
    for (const o of orgs.contents) {
      const org = await (await out.call('GET', `/hsds/organizations/${o.id}`, COORDINATOR)).json();
      expect(officialIssues('organization', org)).toEqual([]);
    }
    const mdm = await (
      await out.call('GET', `/hsds/organizations/${hsdsId('organization', 'mdm-lu')}`, COORDINATOR)
    ).json();
    expect(mdm.services).toHaveLength(3);
    expect(mdm.phones[0].number).toBe('+352 26 00 00');
  });
});

describe('HSDS in', () => {
  const importInto = (path: string, body: unknown, org = 'ass-bxl') =>
    into.call('POST', path, { role: 'coordinator', org, body });
  const directory = async () => (await into.deps.specialists.list({ limit: 100 })).items;
  let pkg: { organizations: unknown[] };

  beforeAll(async () => {
    const mdm = await (
      await out.call('GET', `/hsds/organizations/${hsdsId('organization', 'mdm-lu')}`, COORDINATOR)
    ).json();
    pkg = { organizations: [mdm] };
  });

  it('reports what a dry run would add, writing nothing', async () => {
    const res = await importInto('/v1/specialists/import?dryRun=true', pkg);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ dryRun: true, added: 3, updated: 0, unchanged: 0, refused: 0 });
    expect(report.lines.map((l: { line: string }) => l.line)).toEqual(
      [0, 1, 2].map((j) => `organizations.0.services.${j}`),
    );
    expect(await directory()).toHaveLength(0);
  });

  it('adds each service as a pending entry of the caller’s organisation, and a second import changes nothing', async () => {
    const first = await (await importInto('/v1/specialists/import', pkg)).json();
    expect(first).toMatchObject({ dryRun: false, added: 3, refused: 0 });
    const added = await directory();
    expect(added).toHaveLength(3);
    for (const s of added) {
      expect(s).toMatchObject({
        organisation: 'ass-bxl',
        approval: 'pending',
        addressConfirmed: false,
        monthlyQuota: 4,
      });
    }
    const desk = added.find((s) => s.displayName === 'Dr Export 2');
    expect(desk).toMatchObject({
      kind: 'service_desk',
      specialty: 'legal',
      country: 'LU',
      languages: ['fr', 'pt'],
      locale: 'fr',
      practice: 'CHL Eich, Luxembourg',
    });

    const second = await (await importInto('/v1/specialists/import', pkg)).json();
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 3, refused: 0 });
    const after = await directory();
    expect(after.map((s) => [s.id, s.version]).sort()).toEqual(added.map((s) => [s.id, s.version]).sort());
  });

  it('reports a service changed since as an update, and applies it through the directory’s change', async () => {
    const [org] = pkg.organizations as { services: Record<string, unknown>[] }[];
    const services = (org?.services ?? []).map((svc, j) => (j === 1 ? { ...svc, name: 'Dr Renamed' } : svc));
    const body = { organizations: [{ ...org, services }] };
    const dry = await (await importInto('/v1/specialists/import?dryRun=true', body)).json();
    expect(dry).toMatchObject({ added: 0, updated: 1, unchanged: 2 });
    expect(dry.lines[1]).toMatchObject({ outcome: 'updated', reason: 'Changes displayName' });
    expect((await directory()).some((s) => s.displayName === 'Dr Renamed')).toBe(false);
    const done = await (await importInto('/v1/specialists/import', body)).json();
    expect(done).toMatchObject({ updated: 1, unchanged: 2 });
    const renamed = (await directory()).find((s) => s.displayName === 'Dr Renamed');
    expect(renamed?.version).toBe(2);
  });

  it('refuses, line by line, a service without a specialty and one whose email another specialist has', async () => {
    const [org] = pkg.organizations as { services: Record<string, unknown>[] }[];
    const service = org?.services[0] as Record<string, unknown>;
    const noSpecialty = { ...service, id: hsdsId('service', 'no-specialty'), attributes: [] };
    const takenEmail = { ...service, id: hsdsId('service', 'taken-email') };
    const body = { organizations: [{ ...org, services: [noSpecialty, takenEmail] }] };
    for (const dry of ['?dryRun=true', '']) {
      const report = await (await importInto(`/v1/specialists/import${dry}`, body, 'other-org')).json();
      expect(report.refused, dry).toBe(2);
      expect(report.lines.map((l: { field: string }) => l.field)).toEqual([
        'organizations.0.services.0.attributes',
        'organizations.0.services.1.email',
      ]);
    }
    expect(await directory()).toHaveLength(3);
  });

  it('answers a package that is not HSDS with a problem naming each path', async () => {
    const res = await importInto('/v1/specialists/import', {
      organizations: [{ id: 'nope', name: 'X', services: [{ name: 'Y' }] }],
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['organizations.0.id', 'organizations.0.services.0.id']));
  });

  it('is for coordinators and admins only', async () => {
    const res = await into.call('POST', '/v1/specialists/import', { role: 'social_worker', body: pkg });
    expect(res.status).toBe(403);
  });
});
