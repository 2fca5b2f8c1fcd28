import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, specialist } from '../integration/http/harness.ts';
import {
  linkIn,
  MDM,
  openReferral,
  outboxMessages,
  PSEUDONYM,
  REASON,
  stored,
} from '../integration/links/support.ts';
import { freePort } from '../support/free-port.ts';

/*
 * A real headless Chromium, at a phone's size and with JavaScript OFF (the pages need none), opens the
 * link of an offer email from the outbox, served by @hono/node-server, and accepts with a time.
 * Chromium is Debian's (`/usr/bin/chromium`, which CI installs); without it the test is skipped, saying so.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve('test/artifacts');
const hasChromium = existsSync(CHROMIUM);

let h: Harness;
let server: Server | undefined;
let browser: Browser | undefined;
let outboxDir: string;

const doctor = specialist({
  id: 'browser-eye',
  email: 'browser-eye@clinic.example',
  locale: 'en',
  practice: 'Hôpital Kirchberg, 9 rue Edward Steichen',
});

beforeAll(async () => {
  if (!hasChromium) return;
  const port = await freePort();
  outboxDir = await mkdtemp(join(tmpdir(), 'relais-browser-outbox-'));
  h = await createHarness('browser-accept', { publicBaseUrl: `http://127.0.0.1:${port}`, outboxDir });
  await h.deps.organisations.put(MDM);
  await h.deps.specialists.put(doctor);
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
  if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
});

describe('a specialist on a phone', () => {
  it('opens the emailed link, accepts with a time in two taps, and the referral is scheduled', async (ctx) => {
    if (!hasChromium) {
      console.warn(`browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
      ctx.skip(`${CHROMIUM} is not installed`);
      return;
    }
    const r = await openReferral(h, { languages: ['fr'] });
    await h.drainEvents();
    const [mail] = await outboxMessages(outboxDir);
    const link = linkIn(mail?.text);
    expect(link.startsWith(`http://127.0.0.1:`)).toBe(true);

    const context = await browser!.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      javaScriptEnabled: false,
      locale: 'en-GB',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    const requests: string[] = [];
    page.on('request', (req) => requests.push(new URL(req.url()).origin));

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('h1').textContent()).toBe('Appointment request');
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain(PSEUDONYM);
    expect(body).not.toContain(REASON);
    // Phone-sized: nothing wider than the screen.
    const width = await page.locator('main').boundingBox();
    expect(width?.width ?? 999).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(ARTIFACTS, 'link-offer-page.png'), fullPage: true });

    // Tap one: the time (the place is already the practice). Tap two: accept.
    await page.fill('#appointmentAt', '2026-11-27T10:30');
    expect(await page.inputValue('#place')).toBe(doctor.practice);
    await Promise.all([
      page.waitForURL(/\/accept$/),
      page.click('form[action$="/accept"] button[type="submit"]'),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Thank you!');
    expect(await page.locator('main').textContent()).toMatch(/27 November 2026.*10:30/s);
    await page.screenshot({ path: join(ARTIFACTS, 'link-accepted.png'), fullPage: true });
    await context.close();

    const after = await stored(h, r.id);
    expect(after.status).toBe('scheduled');
    expect(after.appointment).toMatchObject({
      at: '2026-11-27T09:30:00.000Z',
      place: doctor.practice,
      specialistId: doctor.id,
    });
    expect(problems).toEqual([]);
    // Nothing fetched from anywhere but the service itself.
    expect([...new Set(requests)]).toEqual([new URL(link).origin]);
    expect(existsSync(join(ARTIFACTS, 'link-accepted.png'))).toBe(true);
  });
});
