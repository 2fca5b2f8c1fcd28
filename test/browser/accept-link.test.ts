import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, specialist } from '../integration/http/harness.ts';
import {
  linkIn,
  linksHarness,
  openReferral,
  outboxMessages,
  PSEUDONYM,
  REASON,
  stored,
} from '../integration/links/support.ts';
import {
  ARTIFACTS,
  type BrowserSession,
  checkPage,
  hasChromium,
  localAddress,
  screenshot,
  skipWithoutChromium,
  startBrowser,
} from '../support/browser.ts';

/*
 * A real headless Chromium, at a phone's size and with JavaScript OFF (the pages need none), opens the
 * link of an offer email from the outbox, served by @hono/node-server, and accepts with a time.
 * Chromium is Debian's (`/usr/bin/chromium`, which CI installs); without it the test is skipped, saying so.
 */

let h: Harness;
let session: BrowserSession | undefined;
let outboxDir: string;

const doctor = specialist({
  id: 'browser-eye',
  email: 'browser-eye@clinic.example',
  locale: 'en',
  practice: 'Hôpital Kirchberg, 9 rue Edward Steichen',
});

beforeAll(async () => {
  if (!hasChromium) return;
  const address = await localAddress();
  outboxDir = await mkdtemp(join(tmpdir(), 'relais-browser-outbox-'));
  h = await linksHarness('browser-accept', [doctor], { publicBaseUrl: address.base, outboxDir });
  session = await startBrowser(h.app, address);
});

afterAll(async () => {
  await session?.close();
  await h?.stopEvents();
  if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
});

describe('a specialist on a phone', () => {
  it('opens the emailed link, accepts with a time in two taps, and the referral is scheduled', async (ctx) => {
    skipWithoutChromium(ctx);
    const r = await openReferral(h, { languages: ['fr'] });
    await h.drainEvents();
    const [mail] = await outboxMessages(outboxDir);
    const link = linkIn(mail?.text);
    expect(link.startsWith(`http://127.0.0.1:`)).toBe(true);

    const context = await session!.browser.newContext({
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
    await screenshot(page, 'link-offer-page.png');
    // No serious or critical axe violation, every control reached by keyboard, at 360 and 1280 px.
    await checkPage(page, 'link-offer');

    // Tap one: the time (the place is already the practice). Tap two: accept.
    await page.fill('#appointmentAt', '2026-11-27T10:30');
    expect(await page.inputValue('#place')).toBe(doctor.practice);
    await Promise.all([
      page.waitForURL(/\/accept$/),
      page.click('form[action$="/accept"] button[type="submit"]'),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Thank you!');
    expect(await page.locator('main').textContent()).toMatch(/27 November 2026.*10:30/s);
    await screenshot(page, 'link-accepted.png');
    await checkPage(page, 'link-accepted', { asShown: true });
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

  it('is shown a link that does not open as a page that passes axe', async (ctx) => {
    skipWithoutChromium(ctx);
    const context = await session!.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    const base = new URL(linkIn((await outboxMessages(outboxDir))[0]?.text)).origin;
    expect((await page.goto(`${base}/o/not-a-link-at-all-but-long-enough`))?.status()).toBe(401);
    await checkPage(page, 'link-invalid');
    await context.close();
  });
});
