import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { createHarness, type Harness, openBody } from './harness.ts';

/*
 * The pages' downloads for annual reports (issue 14 item 2): a coordinator cannot send `Accept: text/csv`
 * from a link, so the referral list and the board's yearly figures each link to a file that is the same
 * CSV the API gives, through the page session, for that caller and those filters.
 */

let h: Harness;
const ORG = 'csv-a';
const OTHER = 'csv-b';
const ids: Record<string, string> = {};

const signIn = async (role: StaffRole, org: string, sub: string): Promise<string> => {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(role, org, sub) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
};

const page = async (path: string, cookie: string) => h.request(path, { headers: { cookie } });

/** CSV lines as cells (the rows here hold no quoted line breaks). */
const rowsOf = (text: string): string[][] =>
  text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));

beforeAll(async () => {
  h = await createHarness('csv-pages');
  const open = async (key: string, body: Record<string, unknown>, org = ORG) => {
    const res = await h.call('POST', '/v1/referrals', { org, body: openBody({ autoOffer: false, ...body }) });
    expect(res.status).toBe(201);
    ids[key] = ((await res.json()) as { id: string }).id;
  };
  await open('eyes1', { pseudonym: 'CSV-EYES-1' });
  await open('eyes2', { pseudonym: 'CSV-EYES-2' });
  await open('teeth', { pseudonym: 'CSV-TEETH', need: { specialty: 'dental' } });
  await open('elsewhere', { pseudonym: 'CSV-ELSEWHERE' }, OTHER);
  // The year's counters as the projection would have them: 7 referrals, 3 of them dental (suppressed).
  for (let i = 0; i < 7; i++) {
    await h.deps.stats.record({
      referralId: `csv-ref-${i}`,
      eventId: `csv-ev-${i}`,
      org: ORG,
      year: 2025,
      increments: [{ field: 'referrals' }, { map: 'bySpecialty', key: i < 3 ? 'dental' : 'ophthalmology' }],
      person: `CSV-P-${i}`,
    });
  }
});

describe('the referral list’s download', () => {
  it('links from the list with the list’s filters', async () => {
    const cookie = await signIn('coordinator', ORG, 'csv-coord');
    const html = await (await page('/app/referrals?specialty=dental&status=', cookie)).text();
    expect(html).toContain('href="/app/referrals/export.csv?specialty=dental"');
    expect(html).toContain('Download as CSV');
    const fr = await h.request('/app/referrals', { headers: { cookie: `${cookie}; relais_locale=fr` } });
    expect(await fr.text()).toContain('Télécharger en CSV');
    const board = await h.request('/app/board', { headers: { cookie: `${cookie}; relais_locale=de` } });
    expect(await board.text()).toContain('Die Zahlen herunterladen (CSV)');
  });

  it('answers every referral of the filters as an attachment, the same CSV as the API', async () => {
    const cookie = await signIn('coordinator', ORG, 'csv-coord');
    const res = await page('/app/referrals/export.csv', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="relais-referrals-${ORG}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const api = await h.call('GET', '/v1/referrals?limit=100', {
      role: 'coordinator',
      org: ORG,
      sub: 'csv-coord',
      headers: { accept: 'text/csv' },
    });
    expect(text).toBe(await api.text());
    const [header, ...rows] = rowsOf(text);
    const id = header?.indexOf('id') ?? -1;
    expect(id).toBeGreaterThanOrEqual(0);
    expect(rows.map((r) => r[id]).sort()).toEqual([ids.eyes1, ids.eyes2, ids.teeth].sort());
  });

  it('keeps to the list’s filters: need, status, pseudonym, opening date', async () => {
    const cookie = await signIn('social_worker', ORG, 'csv-sw');
    const only = async (query: string) => {
      const res = await page(`/app/referrals/export.csv?${query}`, cookie);
      expect(res.status, query).toBe(200);
      const [header, ...rows] = rowsOf(await res.text());
      const id = header?.indexOf('id') ?? -1;
      return rows.map((r) => r[id]).sort();
    };
    expect(await only('specialty=dental')).toEqual([ids.teeth]);
    expect(await only('specialty=ophthalmology&status=open')).toEqual([ids.eyes1, ids.eyes2].sort());
    expect(await only('pseudonym=CSV-EYES-2')).toEqual([ids.eyes2]);
    expect(await only('status=closed')).toEqual([]);
    expect(await only('from=2999-01-01')).toEqual([]);
    // Blank filters (the list's form sends them) mean "any".
    expect(await only('status=&specialty=&pseudonym=&from=')).toHaveLength(3);
    // The status filter answers as the API's does.
    const api = await h.call('GET', '/v1/referrals?status=open&limit=100', {
      org: ORG,
      sub: 'csv-sw',
      headers: { accept: 'text/csv' },
    });
    expect(await (await page('/app/referrals/export.csv?status=open', cookie)).text()).toBe(await api.text());
  });

  it('follows the store’s pages to the end: every referral, not the first page', async () => {
    const org = 'csv-many';
    for (let i = 0; i < 105; i += 5) {
      await Promise.all(
        Array.from({ length: 5 }, (_, j) =>
          h.call('POST', '/v1/referrals', {
            org,
            body: openBody({ autoOffer: false, pseudonym: `CSV-MANY-${i + j}` }),
          }),
        ),
      );
    }
    const api = await h.call('GET', '/v1/referrals?limit=100', { org, headers: { accept: 'text/csv' } });
    expect(api.headers.get('next-cursor')).toBeTruthy();
    const res = await page('/app/referrals/export.csv', await signIn('social_worker', org, 'csv-many-sw'));
    const [, ...rows] = rowsOf(await res.text());
    expect(rows).toHaveLength(105);
  });

  it('gives another organisation’s coordinator and accompanier none of it', async () => {
    for (const role of ['coordinator', 'accompanier'] as const) {
      const cookie = await signIn(role, OTHER, `csv-other-${role}`);
      const res = await page('/app/referrals/export.csv', cookie);
      const text = await res.text();
      for (const key of ['eyes1', 'eyes2', 'teeth']) expect(text, role).not.toContain(ids[key]);
      expect(text).not.toContain('CSV-EYES');
      // Their own organisation's referral is there for their coordinator: the file is theirs, not empty.
      if (role === 'coordinator') expect(text).toContain(ids.elsewhere);
    }
  });

  it('refuses an administrator with the page’s error', async () => {
    const res = await page('/app/referrals/export.csv', await signIn('admin', ORG, 'csv-admin'));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('answers a bad filter with the page’s error, not a 500', async () => {
    const cookie = await signIn('coordinator', ORG, 'csv-coord');
    for (const q of ['status=nonsense', 'specialty=astrology', 'from=yesterday', 'limit=5']) {
      const res = await page(`/app/referrals/export.csv?${q}`, cookie);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type'), q).toContain('text/html');
      expect(res.headers.get('content-disposition'), q).toBeNull();
    }
  });

  it('asks a visitor with no session to sign in', async () => {
    const res = await h.request('/app/referrals/export.csv');
    expect(res.headers.get('content-type') ?? '').not.toContain('text/csv');
  });

  it('is on the access log of each referral it read', async () => {
    const cookie = await signIn('coordinator', ORG, 'csv-auditee');
    expect((await page('/app/referrals/export.csv?specialty=dental', cookie)).status).toBe(200);
    const log = await (
      await h.call('GET', `/v1/referrals/${ids.teeth}/access-log?limit=100`, {
        role: 'coordinator',
        org: ORG,
        sub: 'csv-auditor',
      })
    ).json();
    expect(
      log.items.some(
        (e: { actor: { id: string }; route: string }) =>
          e.actor.id === 'csv-auditee' && e.route === 'GET /app/referrals/export.csv',
      ),
    ).toBe(true);
  });
});

describe('the board’s figures download', () => {
  it('links from the board for the year shown', async () => {
    const cookie = await signIn('coordinator', ORG, 'csv-coord');
    const html = await (await page('/app/board', cookie)).text();
    const year = h.deps.clock.now().getUTCFullYear();
    expect(html).toContain(`href="/app/board/stats.csv?year=${year}"`);
    expect(html).toContain('Download the figures (CSV)');
  });

  it('answers the year’s figures as the API does, small counts suppressed', async () => {
    const cookie = await signIn('coordinator', ORG, 'csv-coord');
    const res = await page('/app/board/stats.csv?year=2025', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="relais-figures-${ORG}-2025.csv"`,
    );
    const text = await res.text();
    const api = await h.call('GET', '/v1/stats?year=2025', {
      role: 'coordinator',
      org: ORG,
      headers: { accept: 'text/csv' },
    });
    expect(text).toBe(await api.text());
    const figures = Object.fromEntries(rowsOf(text).map(([k, v]) => [k, v]));
    expect(figures.figure).toBe('value');
    expect(figures.year).toBe('2025');
    expect(figures.referrals).toBe('7');
    // 3 dental referrals: under 5, an empty cell, as the API shows it.
    expect(figures['referralsBySpecialty.dental']).toBe('');
  });

  it('gives another organisation’s coordinator none of it, and a social worker the page’s refusal', async () => {
    const other = await signIn('coordinator', OTHER, 'csv-other-coord');
    const asked = await page(`/app/board/stats.csv?year=2025&org=${ORG}`, other);
    expect(asked.status).toBe(403);
    expect(asked.headers.get('content-type')).toContain('text/html');
    const own = await (await page('/app/board/stats.csv?year=2025', other)).text();
    expect(Object.fromEntries(rowsOf(own).map(([k, v]) => [k, v])).referrals).toBe('0');
    const sw = await page('/app/board/stats.csv?year=2025', await signIn('social_worker', ORG, 'csv-sw'));
    expect(sw.status).toBe(403);
    expect(sw.headers.get('content-type')).toContain('text/html');
  });

  it('answers a bad year with the page’s error, not a 500', async () => {
    const cookie = await signIn('coordinator', ORG, 'csv-coord');
    for (const q of ['year=abc', 'year=1900', 'colour=red']) {
      const res = await page(`/app/board/stats.csv?${q}`, cookie);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type'), q).toContain('text/html');
    }
  });
});
