import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../functions/sweep/run-sweep.ts';
import { createHarness, type Harness, specialist } from '../integration/http/harness.ts';
import { builtReferral, open } from '../integration/timers/support.ts';
import { freePort } from '../support/free-port.ts';

/*
 * A real headless Chromium, JavaScript off (the board needs none), signs a coordinator in through
 * /app/sign-in, opens the board, acknowledges an overdue item, and the item moves to the acknowledged
 * list. Chromium is Debian's (`/usr/bin/chromium`); without it the test is skipped, saying so.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve('test/artifacts');
const hasChromium = existsSync(CHROMIUM);
const NOW = '2026-11-25T09:00:00.000Z';

let h: Harness;
let server: Server | undefined;
let browser: Browser | undefined;
let base = '';

beforeAll(async () => {
  if (!hasChromium) return;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  h = await createHarness('browser-board', { publicBaseUrl: base });
  for (let i = 0; i < 3; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
  server = createAdaptorServer({ fetch: h.app.fetch }) as Server;
  await new Promise<void>((ok) => server?.listen(port, '127.0.0.1', ok));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((ok) => server?.close(ok));
  }
  await h?.stopEvents();
});

describe('the coordinator board in a browser', () => {
  it('signs in, acknowledges an overdue item, and the item moves to acknowledged', async (ctx) => {
    if (!hasChromium) {
      console.warn(`browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
      ctx.skip(`${CHROMIUM} is not installed`);
      return;
    }
    // Two overdue outcomes and a few referrals for the activity panel.
    h.clock.set(new Date(NOW));
    const overdue = [builtReferral(NOW), builtReferral(NOW, { daysAgo: 8 })];
    for (const r of overdue) await h.deps.store.create({ referral: r, events: [] });
    for (let i = 0; i < 6; i++) await open(h, { pseudonym: `BOARD-${i}` });
    expect((await runSweep(h.deps)).fired).toHaveLength(2);
    h.clock.set(new Date(Date.parse(NOW) + 3 * 86_400_000));
    await h.drainEvents();

    const context = await browser!.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (req) => requests.push(new URL(req.url()).origin));

    await page.goto(`${base}/app/board`);
    await page.waitForURL(/\/app\/sign-in\?next=%2Fapp%2Fboard/);
    await page.fill('#token', await h.token('coordinator'));
    await Promise.all([page.waitForURL(/\/app\/board$/), page.click('form[action="/app/sign-in"] button')]);

    const rows = page.locator('tr[data-escalation-id]');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('section[data-kind="outcome_missing"] h2').textContent()).toContain(
      'Outcome not recorded',
    );
    expect(await rows.first().textContent()).toMatch(/\d+ days overdue/);
    expect(await page.locator('#activity').textContent()).toContain('Activity 2026');
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'board-open.png'), fullPage: true });

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
    await page.screenshot({ path: join(ARTIFACTS, 'board-acknowledged.png'), fullPage: true });
    await context.close();

    const api = await (
      await h.call('GET', '/v1/escalations?state=acknowledged', { role: 'coordinator' })
    ).json();
    expect(api.items.map((e: { id: string }) => e.id)).toEqual([id]);
    // Nothing fetched from anywhere but the service itself.
    expect([...new Set(requests)]).toEqual([base]);
  });
});
