import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../../domain/referral/model.ts';
import {
  ACCOMPANIER,
  APPOINTMENT_AT,
  accompanimentHarness,
  as,
  atTime,
  COORDINATOR,
  linkToken,
  OTHER_ACCOMPANIER,
  PLACE,
  read,
  type Staff,
  WORKER,
} from '../accompaniment/support.ts';
import { type Harness, openBody, specialist } from './harness.ts';

/*
 * Need to know (issue 12 item 1; API.md "Who sees what"), as a matrix that READS /openapi.json: every
 * documented route and method, called by each role in the referring organisation and in another, on
 * referrals in each state that matters (accompanied, open to take, attended with a note). Each answer's
 * status says whether the caller reached the referral, and its body holds nothing outside the caller's
 * view: no pseudonym, reason, question, answer, outcome note or meeting point where the view leaves them
 * out. A route added later is called here the day it is documented: one this file does not know how to
 * call fails the first test.
 */

type View = 'full' | 'accompaniment' | 'coordination' | 'open';
type Kind = 'accompanied' | 'open' | 'attended';

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('need-to-know');
  // Enough room for every fixture the matrix opens (each accepted offer counts against a quota).
  for (let i = 0; i < 3; i++)
    await h.deps.specialists.put(specialist({ id: `ntk-oph-${i}`, monthlyQuota: 10_000 }));
});
afterAll(async () => {
  await h.stopEvents();
});

const OTHER = 'dune-bxl';
/** The callers of the matrix: each role, in the referring organisation and in another. */
const CALLERS = {
  'social_worker (same org)': WORKER,
  'social_worker (other org)': { role: 'social_worker', sub: 'sw-x', org: OTHER },
  'coordinator (same org)': COORDINATOR,
  'coordinator (other org)': { role: 'coordinator', sub: 'co-x', org: OTHER },
  'network_coordinator (same org)': { role: 'network_coordinator', sub: 'nc-lu' },
  'network_coordinator (other org)': { role: 'network_coordinator', sub: 'nc-x', org: OTHER },
  'accompanier assigned': ACCOMPANIER,
  'accompanier not assigned': OTHER_ACCOMPANIER,
  'accompanier (other org)': { role: 'accompanier', sub: ACCOMPANIER.sub, org: OTHER },
  'admin (same org)': { role: 'admin', sub: 'admin-lu' },
  'admin (other org)': { role: 'admin', sub: 'admin-x', org: OTHER },
} as const satisfies Record<string, Staff>;
type CallerName = keyof typeof CALLERS;
const CALLER_NAMES = Object.keys(CALLERS) as CallerName[];

/**
 * The view each caller should get of a referral of the organisation (the rule as API.md states it; a
 * network coordinator of another organisation gets the coordination view only through an escalation
 * to the network, test/integration/escalations/network-coordination.test.ts; none here).
 */
function expectedView(name: CallerName, kind: Kind): View | undefined {
  const who: Staff = CALLERS[name];
  if ((who.org ?? 'mdm-lu') !== 'mdm-lu') return undefined;
  if (who.role === 'admin') return undefined;
  if (who.role !== 'accompanier') return 'full';
  if (kind === 'open') return 'open';
  return who.sub === ACCOMPANIER.sub ? 'accompaniment' : undefined;
}

/** What a fixture holds that a narrower view must not show, each a marker string found nowhere else. */
interface Fixture {
  readonly id: string;
  readonly kind: Kind;
  readonly version: number;
  readonly pseudonym: string;
  readonly reason: string;
  readonly question?: string;
  readonly answer?: string;
  readonly meetingPoint?: string;
  readonly note?: string;
}

let seq = 0;
/** A referral in the state `kind` names, with a marker in every field a view may leave out. */
async function fixture(kind: Kind): Promise<Fixture> {
  seq += 1;
  const tag = `q${seq}x`;
  const f = {
    pseudonym: `NTKP-${tag}`,
    reason: `NTKREASON ${tag} knee pain`,
    question: `NTKQUESTION ${tag} any allergy`,
    answer: `NTKANSWER ${tag} none known`,
    meetingPoint: `NTKMEET ${tag} station hall`,
    note: `NTKNOTE ${tag} check stitches`,
  };
  const opened = await as(
    h,
    WORKER,
    'POST',
    '/v1/referrals',
    openBody({ pseudonym: f.pseudonym, reason: f.reason }),
  );
  expect(opened.status).toBe(201);
  let r = await opened.json();
  let offer = r.offers[0];
  if (kind !== 'open') {
    // A question and its answer, then the same specialist accepts through the fresh offer.
    const ask = await h.request(`/o/${await linkToken(h, r, offer.id, 'offer')}/more-info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ question: f.question }),
    });
    expect(ask.status).toBe(200);
    const answered = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/answer`, { answer: f.answer });
    expect(answered.status).toBe(200);
    r = await answered.json();
    offer = r.offers.at(-1);
  }
  const accept = await h.request(`/o/${await linkToken(h, r, offer.id, 'offer')}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ appointmentAt: APPOINTMENT_AT, place: PLACE }),
  });
  expect(accept.status).toBe(200);
  if (kind !== 'open') {
    const assigned = await as(h, COORDINATOR, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
      meetingPoint: f.meetingPoint,
    });
    expect(assigned.status).toBe(200);
  }
  if (kind === 'attended') {
    await atTime(h, async () => {
      expect((await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/arrived`)).status).toBe(200);
      const outcome = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, {
        attended: true,
        note: f.note,
      });
      expect(outcome.status).toBe(200);
    });
  }
  const now = await read(h, r.id);
  return {
    id: r.id,
    kind,
    version: now.version,
    pseudonym: f.pseudonym,
    reason: f.reason,
    ...(kind !== 'open' ? { question: f.question, answer: f.answer, meetingPoint: f.meetingPoint } : {}),
    ...(kind === 'attended' ? { note: f.note } : {}),
  };
}

/** Keys only the referring organisation's full view has: case data the other views leave out. */
const FULL_ONLY_KEYS = ['reason', 'exchanges', 'advice', 'outcome', 'hold', 'offers', 'consent', 'followUp'];

function keysIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysIn(v, into);
    }
  }
  return into;
}

/** Expects `text` (a body, a page) to hold nothing of `f` outside `view` (undefined: nothing at all). */
function expectNothingBeyond(text: string, f: Fixture, view: View | undefined, label: string): void {
  const hidden: (string | undefined)[] = [];
  if (view !== 'full') hidden.push(f.reason, f.question, f.answer, f.note);
  if (view !== 'full' && view !== 'accompaniment') hidden.push(f.pseudonym, f.meetingPoint);
  for (const marker of hidden) if (marker) expect(text, `${label}: shows ${marker}`).not.toContain(marker);
}

/** The item of `f` in a JSON body (a single view or a list), checked against the caller's view. */
function expectView(body: unknown, f: Fixture, view: View, label: string): void {
  const items = (body as { items?: unknown[] }).items ?? [body];
  const item = items.find((i) => (i as { id?: string }).id === f.id) as Record<string, unknown> | undefined;
  expect(item, `${label}: listed`).toBeDefined();
  expect(item?.view, label).toBe(view === 'full' ? undefined : view);
  if (view !== 'full') {
    const keys = keysIn(item);
    for (const k of FULL_ONLY_KEYS) expect(keys.has(k), `${label}: has ${k}`).toBe(false);
  }
}

interface Doc {
  paths: Record<string, Record<string, { 'x-relais-roles'?: string[]; 'x-relais-auth'?: string }>>;
}
let doc: Doc;
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

/** How each documented route is called on a referral: its kind, and the body it is sent with. */
type How =
  | { readonly kind: 'read' }
  | { readonly kind: 'list'; readonly lists: (name: CallerName, f: Fixture) => boolean }
  | {
      readonly kind: 'write';
      readonly body?: (who: Staff) => unknown;
      /** Headers the route requires (PATCH's If-Match), from the referral as it is. */
      readonly headers?: (f: Fixture) => Record<string, string>;
    }
  | { readonly kind: 'person'; readonly body?: unknown }
  | { readonly kind: 'create' }
  | { readonly kind: 'other'; readonly path?: string; readonly body?: unknown };

/** Which accompaniment list holds a referral for the caller. */
const onMine = (name: CallerName, f: Fixture) =>
  CALLERS[name].role === 'accompanier' &&
  expectedView(name, f.kind) === 'accompaniment' &&
  f.kind !== 'attended';
const onAvailable = (name: CallerName, f: Fixture) =>
  expectedView(name, f.kind) !== undefined && f.kind === 'open';

const HOW: Record<string, How> = {
  'GET /v1/referrals': { kind: 'list', lists: (name, f) => expectedView(name, f.kind) !== undefined },
  'GET /v1/referrals/{id}': { kind: 'read' },
  // The referral in FHIR R4: a Bundle whose id is the referral's; the reason only in the full view.
  'GET /v1/referrals/{id}/fhir': { kind: 'read' },
  'GET /v1/me/accompaniments': { kind: 'list', lists: onMine },
  'GET /v1/me/available-accompaniments': { kind: 'list', lists: onAvailable },
  'POST /v1/referrals': { kind: 'create' },
  'PATCH /v1/referrals/{id}': {
    kind: 'write',
    body: () => ({ urgency: 'urgent' }),
    headers: (f) => ({ 'if-match': `"${f.version}"` }),
  },
  'POST /v1/referrals/{id}/offers': { kind: 'write' },
  'POST /v1/referrals/{id}/close': { kind: 'write', body: () => ({ reason: 'completed' }) },
  'POST /v1/referrals/{id}/answer': { kind: 'write', body: () => ({ answer: 'More about it' }) },
  'POST /v1/referrals/{id}/follow-up': { kind: 'write', body: () => ({ done: true }) },
  'POST /v1/referrals/{id}/accompaniment': { kind: 'write', body: (who) => ({ accompanierId: who.sub }) },
  'POST /v1/referrals/{id}/departed': { kind: 'write' },
  'POST /v1/referrals/{id}/arrived': { kind: 'write' },
  'POST /v1/referrals/{id}/absent': { kind: 'write' },
  'POST /v1/referrals/{id}/outcome': { kind: 'write', body: () => ({ attended: false }) },
  'POST /v1/referrals/{id}/seen-again': { kind: 'write' },
  'POST /v1/referrals/{id}/reschedule': {
    kind: 'write',
    body: () => ({ appointmentAt: '2026-12-03T10:00:00Z' }),
  },
  // The access log of a referral: ids and codes, never free text, to its organisation's coordinators.
  'GET /v1/referrals/{id}/access-log': { kind: 'write' },
  'POST /v1/people/{pseudonym}/consent-withdrawal': { kind: 'person' },
  'POST /v1/people/{pseudonym}/do-not-contact': { kind: 'person', body: { doNotContact: true } },
  'POST /v1/people/{pseudonym}/erasure': { kind: 'person' },
  // Not about one referral: whatever they answer holds no case data of it.
  'GET /health': { kind: 'other' },
  'GET /openapi.json': { kind: 'other' },
  'GET /asyncapi.json': { kind: 'other' },
  'GET /v1/me/notifications': { kind: 'other' },
  'POST /v1/me/notifications/read': { kind: 'other', body: { ids: ['nothing'] } },
  'GET /v1/specialists': { kind: 'other' },
  'POST /v1/specialists': { kind: 'other', body: {} },
  'GET /v1/specialists/{id}': { kind: 'other', path: '/v1/specialists/nobody' },
  'PATCH /v1/specialists/{id}': { kind: 'other', path: '/v1/specialists/nobody', body: {} },
  'POST /v1/specialists/{id}/approve': { kind: 'other', path: '/v1/specialists/nobody/approve' },
  'GET /v1/specialists/{id}/access-log': { kind: 'other', path: '/v1/specialists/nobody/access-log' },
  'GET /v1/escalations': { kind: 'other' },
  'POST /v1/escalations/{id}/ack': { kind: 'other', path: '/v1/escalations/nothing/ack' },
  'GET /v1/stats': { kind: 'other' },
  // The directory in HSDS (no referral in it) and its import: the directory's, not a referral's.
  'POST /v1/specialists/import': { kind: 'other', body: {} },
  'GET /hsds/services': { kind: 'other' },
  'GET /hsds/services/{id}': { kind: 'other', path: '/hsds/services/00000000-0000-4000-8000-000000000000' },
  'GET /hsds/organizations': { kind: 'other' },
  'GET /hsds/organizations/{id}': {
    kind: 'other',
    path: '/hsds/organizations/00000000-0000-4000-8000-000000000000',
  },
  'GET /hsds/service_at_locations': { kind: 'other' },
  'GET /v1/organisations': { kind: 'other' },
  'GET /v1/staff': { kind: 'other' },
  'POST /v1/organisations': { kind: 'other', body: {} },
  'PATCH /v1/organisations/{id}': { kind: 'other', path: '/v1/organisations/nobody', body: {} },
};
/** The specialist's link routes: a capability in the path, no staff role; a staff token opens nothing. */
const isLinkRoute = (op: { 'x-relais-auth'?: string }) => op['x-relais-auth'] === 'link';

/** Whether the route's role gate lets the caller through (`x-relais-roles`; none: every role). */
const passesGate = (op: { 'x-relais-roles'?: string[] }, role: StaffRole) =>
  !op['x-relais-roles'] || op['x-relais-roles'].includes(role);

const call = (who: Staff, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  h.call(method, path, { role: who.role, sub: who.sub, org: who.org ?? 'mdm-lu', body, headers });

const fixtures: Partial<Record<Kind, Fixture>> = {};
beforeAll(async () => {
  const res = await h.request('/openapi.json');
  doc = await res.json();
  for (const kind of ['accompanied', 'open', 'attended'] as const) fixtures[kind] = await fixture(kind);
}, 120_000);

describe('need to know, over every route of /openapi.json', () => {
  it('knows how to call every documented route (a new route must be added here)', () => {
    const unknown = operations()
      .filter(({ method, path, op }) => !isLinkRoute(op) && !HOW[`${method} ${path}`])
      .map(({ method, path }) => `${method} ${path}`);
    expect(unknown).toEqual([]);
  });

  it('documents each view a referral route may answer with, named', () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, unknown> } }).components
      .schemas;
    for (const name of ['ReferralAccompanimentView', 'ReferralOpenView', 'ReferralCoordinationView']) {
      expect(Object.keys(schemas)).toContain(name);
    }
    const read = JSON.stringify(doc.paths['/v1/referrals/{id}']?.get);
    for (const name of ['ReferralAccompanimentView', 'ReferralOpenView', 'ReferralCoordinationView']) {
      expect(read).toContain(`#/components/schemas/${name}`);
    }
    // The view's own fields: the open view has no pseudonym, the accompaniment view no reason.
    const open = JSON.stringify(schemas.ReferralOpenView);
    expect(open).not.toContain('pseudonym');
    // API.md: other accompaniers see the specialty, the time and the place, not the person's languages
    // nor the status; the version only lets them take it with If-Match.
    expect(Object.keys((schemas.ReferralOpenView as { properties: object }).properties).sort()).toEqual([
      'appointment',
      'id',
      'need',
      'version',
      'view',
    ]);
    expect(JSON.stringify(schemas.ReferralAccompanimentView)).not.toContain('"reason"');
    expect(JSON.stringify(doc.paths['/v1/referrals']?.get)).toContain('ReferralOpenView');
  });

  it('reads and lists each referral in the caller’s view, and nothing outside it', async () => {
    for (const { method, path, op } of operations()) {
      const how = HOW[`${method} ${path}`];
      if (how?.kind !== 'read' && how?.kind !== 'list') continue;
      for (const name of CALLER_NAMES) {
        const who: Staff = CALLERS[name];
        for (const f of Object.values(fixtures)) {
          const label = `${method} ${path} as ${name} on ${f.kind}`;
          const view = expectedView(name, f.kind);
          const res = await call(who, method, path.replace('{id}', f.id));
          const text = await res.text();
          if (!passesGate(op, who.role)) {
            expect(res.status, label).toBe(403);
          } else if (how.kind === 'read') {
            expect(res.status, label).toBe(view ? 200 : 404);
            if (view) expectView(JSON.parse(text), f, view, label);
          } else {
            expect(res.status, label).toBe(200);
            const listed = JSON.parse(text).items.some((i: { id: string }) => i.id === f.id);
            expect(listed, `${label}: listed`).toBe(how.lists(name, f));
            if (listed && view) expectView(JSON.parse(text), f, view, label);
          }
          expectNothingBeyond(text, f, view, label);
        }
      }
    }
  }, 120_000);

  it('does not tell who is behind a referral by filtering the list by pseudonym', async () => {
    const open = fixtures.open!;
    const byPseudonym = `/v1/referrals?pseudonym=${open.pseudonym}`;
    const other = await (await call(OTHER_ACCOMPANIER, 'GET', byPseudonym)).json();
    expect(other.items).toEqual([]);
    const worker = await (await call(WORKER, 'GET', byPseudonym)).json();
    expect(worker.items.map((i: { id: string }) => i.id)).toEqual([open.id]);
    const taken = fixtures.accompanied!;
    const mine = await (await call(ACCOMPANIER, 'GET', `/v1/referrals?pseudonym=${taken.pseudonym}`)).json();
    expect(mine.items).toEqual([expect.objectContaining({ id: taken.id, view: 'accompaniment' })]);
  });

  it('lets nobody without a view change a referral, and answers the rest in their view', async () => {
    const pool: Partial<Record<'accompanied' | 'open', Fixture>> = {};
    for (const { method, path, op } of operations()) {
      const how = HOW[`${method} ${path}`];
      if (how?.kind !== 'write') continue;
      for (const kind of ['accompanied', 'open'] as const) {
        for (const name of CALLER_NAMES) {
          const who: Staff = CALLERS[name];
          pool[kind] ??= await fixture(kind);
          const f = pool[kind];
          const label = `${method} ${path} as ${name} on ${f.kind}`;
          const view = expectedView(name, f.kind);
          const res = await call(who, method, path.replace('{id}', f.id), how.body?.(who), how.headers?.(f));
          const text = await res.text();
          const after = await h.deps.store.get(f.id);
          if (!passesGate(op, who.role)) {
            expect(res.status, label).toBe(403);
          } else if (!view) {
            // Taking one someone else has is "taken" (409), as API.md says of two taking it at once.
            const taking =
              path.endsWith('/accompaniment') && who.role === 'accompanier' && who.org === undefined;
            expect(res.status, label).toBe(taking ? 409 : 404);
          } else {
            expect(res.status, label).not.toBe(404);
            expect(res.status, label).toBeLessThan(500);
          }
          if (res.status >= 400) expect(after?.version, `${label}: changed`).toBe(f.version);
          const changing = method === 'POST' || method === 'PATCH';
          if (res.status < 300 && path.startsWith('/v1/referrals/{id}') && changing) {
            // Answered in the view the caller has of it now (taking it makes it theirs).
            const now =
              path.endsWith('/accompaniment') && who.role === 'accompanier' ? 'accompaniment' : view;
            if (now) expectView(JSON.parse(text), f, now, label);
            expectNothingBeyond(text, f, now, label);
          } else {
            expectNothingBeyond(text, f, view, label);
          }
          if (after?.version !== f.version) delete pool[kind];
        }
      }
    }
  }, 300_000);

  it('applies the people routes to the caller’s organisation only, showing no case data', async () => {
    for (const { method, path, op } of operations()) {
      const how = HOW[`${method} ${path}`];
      if (how?.kind !== 'person') continue;
      for (const name of CALLER_NAMES) {
        const who: Staff = CALLERS[name];
        const f = await fixture('open');
        const label = `${method} ${path} as ${name}`;
        const res = await call(who, method, path.replace('{pseudonym}', f.pseudonym), how.body);
        const text = await res.text();
        const sameOrg = who.org === undefined;
        expect(res.status, label).toBe(passesGate(op, who.role) ? (sameOrg ? 200 : 404) : 403);
        // The caller named the pseudonym; the answer adds ids and statuses, never the case.
        expectNothingBeyond(text.replaceAll(f.pseudonym, ''), f, undefined, label);
      }
    }
  }, 300_000);

  it('shows no case data on the routes about no one referral, nor opens a link with a staff token', async () => {
    const f = fixtures.attended!;
    for (const { method, path, op } of operations()) {
      const how = HOW[`${method} ${path}`];
      if (!isLinkRoute(op) && how?.kind !== 'other' && how?.kind !== 'create') continue;
      for (const name of CALLER_NAMES) {
        const who: Staff = CALLERS[name];
        const label = `${method} ${path} as ${name}`;
        if (isLinkRoute(op)) {
          const res = await call(
            who,
            method,
            path.replace('{token}', `staff-${f.id}`),
            method === 'POST' ? {} : undefined,
          );
          expect(res.status, label).toBeGreaterThanOrEqual(400);
          expectNothingBeyond(await res.text(), f, undefined, label);
          continue;
        }
        if (how?.kind === 'create') {
          const res = await call(who, method, path, openBody({ pseudonym: `NTKNEW-${name.length}` }));
          expect(res.status, label).toBe(passesGate(op, who.role) ? 201 : 403);
          expectNothingBeyond(await res.text(), f, undefined, label);
          continue;
        }
        const other = how as Extract<How, { kind: 'other' }>;
        const res = await call(who, method, other.path ?? path, other.body);
        expect(res.status, label).toBeLessThan(500);
        if (!passesGate(op, who.role)) expect(res.status, label).toBe(403);
        expectNothingBeyond(await res.text(), f, undefined, label);
      }
    }
  }, 120_000);
});

/** Signs in through the form, as a browser would; the session cookie to send back. */
async function signIn(who: Staff): Promise<string> {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(who.role, who.org ?? 'mdm-lu', who.sub) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('need to know, on the staff pages that show a referral', () => {
  it('shows a referral’s page in the caller’s view, and 404 to whoever gets none', async () => {
    for (const name of CALLER_NAMES) {
      const cookie = await signIn(CALLERS[name]);
      for (const f of Object.values(fixtures)) {
        const label = `/app/referrals/{id} as ${name} on ${f.kind}`;
        const view = expectedView(name, f.kind);
        const res = await h.request(`/app/referrals/${f.id}`, { headers: { cookie } });
        expect(res.status, label).toBe(view ? 200 : 404);
        const html = await res.text();
        expectNothingBeyond(html, f, view, label);
        if (view === 'full' || view === 'accompaniment') expect(html, label).toContain(f.pseudonym);
      }
    }
  });

  it('lists an accompanier’s own with who the person is, and those to take without', async () => {
    for (const name of [
      'accompanier assigned',
      'accompanier not assigned',
      'accompanier (other org)',
    ] as const) {
      const res = await h.request('/app/accompaniments', {
        headers: { cookie: await signIn(CALLERS[name]) },
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      for (const f of Object.values(fixtures)) {
        const label = `/app/accompaniments as ${name} on ${f.kind}`;
        expectNothingBeyond(html, f, expectedView(name, f.kind), label);
        expect(html.includes(`id="r-${f.id}"`), label).toBe(onMine(name, f) || onAvailable(name, f));
      }
    }
  });
});
