import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../functions/http/views/csv.ts';
import { createHarness, type Harness, openBody } from '../http/harness.ts';

/* CSV exports (issue 14 item 2): the referral list and the year's figures with `Accept: text/csv`. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('csv-exports');
});

const csv = { accept: 'text/csv' };

describe('CSV exports', () => {
  it('gives the referral list as CSV, the same items as the JSON list', async () => {
    await h.call('POST', '/v1/referrals', { body: openBody({ pseudonym: 'CSV-1', autoOffer: false }) });
    const json = await (await h.call('GET', '/v1/referrals')).json();
    const res = await h.call('GET', '/v1/referrals', { headers: csv });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(json.items.length + 1);
    expect(lines[0]?.split(',')).toContain('id');
    expect(lines.slice(1).join('\n')).toContain(json.items[0].id);
  });

  it('gives the year’s figures as CSV, one per line, suppressed ones empty', async () => {
    const res = await h.call('GET', '/v1/stats?year=2026', { role: 'coordinator', headers: csv });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('figure,value');
    expect(text).toContain('\r\nyear,2026\r\n');
    // A figure that has no value (no appointments yet) is an empty cell.
    expect(text).toContain('\r\nmedianDaysToAppointment,\r\n');
  });

  it('refuses the CSV of figures to a social worker', async () => {
    expect((await h.call('GET', '/v1/stats', { headers: csv })).status).toBe(403);
  });

  it('defuses cells a spreadsheet would run as formulas, and quotes what needs it', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(toCsv([{ a: { b: 1 }, c: ['x', 'y'] }])).toBe('a.b,c\r\n1,x; y\r\n');
  });
});
