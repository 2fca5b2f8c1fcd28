import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, openBody } from '../integration/http/harness.ts';
import { skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * The pages' downloads in a real headless Chromium with JavaScript off: a coordinator clicks "Download as
 * CSV" on the referral list and "Download the figures (CSV)" on the board, and the browser saves a file
 * under the name the page gives it, holding the referral and the figures.
 */

const ORG = 'csv-browser';
let staff: StaffBrowser | undefined;
let h: Harness;
let id = '';

beforeAll(async () => {
  staff = await openStaffBrowser('browser-csv-downloads', async (harness) => {
    const res = await harness.call('POST', '/v1/referrals', {
      org: ORG,
      body: openBody({ autoOffer: false, pseudonym: 'CSV-BROWSER-1' }),
    });
    id = ((await res.json()) as { id: string }).id;
  });
  if (staff) ({ h } = staff);
});

afterAll(async () => {
  await staff?.close();
});

describe('the CSV downloads in a browser', { timeout: 180_000 }, () => {
  it('saves the referral list and the year’s figures from their links, without JavaScript', async (ctx) => {
    skipWithoutChromium(ctx);
    const page = await staff!.signedIn('coordinator', ORG, 'csv-browser-coord', { start: '/app/referrals' });
    expect(new URL(page.url()).pathname).toBe('/app/referrals');

    const [list] = await Promise.all([page.waitForEvent('download'), page.click('text=Download as CSV')]);
    expect(list.suggestedFilename()).toMatch(
      new RegExp(`^relais-referrals-${ORG}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const rows = await readFile((await list.path())!, 'utf8');
    expect(rows.split('\r\n')[0]).toContain('id');
    expect(rows).toContain(id);

    await page.goto(new URL('/app/board', page.url()).toString());
    const year = h.deps.clock.now().getUTCFullYear();
    const [figures] = await Promise.all([
      page.waitForEvent('download'),
      page.click('text=Download the figures (CSV)'),
    ]);
    expect(figures.suggestedFilename()).toBe(`relais-figures-${ORG}-${year}.csv`);
    const text = await readFile((await figures.path())!, 'utf8');
    expect(text).toContain(`\r\nyear,${year}\r\n`);
  });
});
