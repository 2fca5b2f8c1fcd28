import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../functions/sweep/run-sweep.ts';
import { type Harness, specialist } from '../integration/http/harness.ts';
import { builtReferral, open } from '../integration/timers/support.ts';
import { checkPage, screenshot, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * A real headless Chromium, JavaScript off (the board needs none), signs a coordinator in through
 * /app/sign-in, opens the board, acknowledges an overdue item, and the item moves to the acknowledged
 * list. Chromium is Debian's (`/usr/bin/chromium`); without it the test is skipped, saying so.
 */

const NOW = '2026-11-25T09:00:00.000Z';

let staff: StaffBrowser | undefined;
let h: Harness;
let base = '';

beforeAll(async () => {
  staff = await openStaffBrowser('browser-board', async (harness) => {
    for (let i = 0; i < 3; i++) await harness.deps.specialists.put(specialist());
    await harness.startEvents();
  });
  if (staff) ({ h, base } = staff);
});

afterAll(async () => {
  await staff?.close();
  await h?.stopEvents();
});

describe('the coordinator board in a browser', () => {
  it('signs in, acknowledges an overdue item, and the item moves to acknowledged', async (ctx) => {
    skipWithoutChromium(ctx);
    // Two overdue outcomes and a few referrals for the activity panel.
    h.clock.set(new Date(NOW));
    const overdue = [builtReferral(NOW), builtReferral(NOW, { daysAgo: 8 })];
    for (const r of overdue) await h.deps.store.create({ referral: r, events: [] });
    for (let i = 0; i < 6; i++) await open(h, { pseudonym: `BOARD-${i}` });
    expect((await runSweep(h.deps)).fired).toHaveLength(2);
    h.clock.set(new Date(Date.parse(NOW) + 3 * 86_400_000));
    await h.drainEvents();

    // Signed in through the form, sent back to the board it asked for.
    const page = await staff!.signedIn('coordinator', 'mdm-lu', 'coordinator-mdm-lu', {
      start: '/app/board',
    });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(new URL(req.url()).origin));
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/app/board');

    const rows = page.locator('tr[data-escalation-id]');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('section[data-kind="outcome_missing"] h2').textContent()).toContain(
      'Outcome not recorded',
    );
    expect(await rows.first().textContent()).toMatch(/\d+ days overdue/);
    expect(await page.locator('#activity').textContent()).toContain('Activity 2026');
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'board-open.png');

    const first = rows.first();
    const id = await first.getAttribute('data-escalation-id');
    await Promise.all([
      page.waitForURL(/notice=acknowledged/),
      first.locator('form[action$="/ack"] button').click(),
    ]);
    expect(await page.locator('.flash').textContent()).toContain('Acknowledged');
    expect(await page.locator(`tr[data-escalation-id="${id}"]`).count()).toBe(0);
    expect(await rows.count()).toBe(1);

    await Promise.all([page.waitForURL(/state=acknowledged/), page.click('nav a:has-text("Acknowledged")')]);
    const moved = page.locator(`tr[data-escalation-id="${id}"]`);
    expect(await moved.count()).toBe(1);
    expect(await moved.getAttribute('data-state')).toBe('acknowledged');
    await screenshot(page, 'board-acknowledged.png');

    const api = await (
      await h.call('GET', '/v1/escalations?state=acknowledged', { role: 'coordinator' })
    ).json();
    expect(api.items.map((e: { id: string }) => e.id)).toEqual([id]);
    // Nothing fetched from anywhere but the service itself.
    expect([...new Set(requests)]).toEqual([base]);
  });

  it('names each referral by its specialty, age and appointment, linking to its page', async (ctx) => {
    skipWithoutChromium(ctx);
    const now = h.clock.now().toISOString();
    const r = builtReferral(now, { daysAgo: 6 });
    await h.deps.store.create({ referral: r, events: [] });
    await runSweep(h.deps);
    await h.drainEvents();

    const page = await staff!.signedIn('coordinator', 'mdm-lu', 'coordinator-mdm-lu', {
      start: '/app/board',
    });
    const row = page.locator(`tr[data-escalation-id]:has(a[href="/app/referrals/${r.id}"])`);
    expect(await row.count()).toBe(1);
    const link = row.locator(`a[href="/app/referrals/${r.id}"]`);
    expect(await link.textContent()).toBe('Ophthalmology');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('opened 6 days ago');
    expect(text).toMatch(/Appointment: \w{3} \d+ \w{3}, \d\d:\d\d/);
    // Named, not numbered: the referral's id is in the link's address only.
    expect(text).not.toContain(r.id);
    await checkPage(page, 'board-named');

    await Promise.all([page.waitForURL(`**/app/referrals/${r.id}`), link.click()]);
    expect(await page.locator('h1').textContent()).toContain(r.pseudonym);
  });
});
