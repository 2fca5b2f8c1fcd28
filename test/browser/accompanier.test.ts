import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOMPANIER,
  APPOINTMENT_AT,
  accompaniedReferral,
  MDM,
  PLACE,
  read,
  timelineOf,
} from '../integration/accompaniment/support.ts';
import type { Harness } from '../integration/http/harness.ts';
import { specialist } from '../integration/http/harness.ts';
import { screenshot, signIn, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * A real headless Chromium at a phone's size (360×740), JavaScript off (the page needs none), against
 * the app served by the one staff-page fixture (openStaffBrowser): an accompanier signs in with their
 * token, sees today's accompaniment and confirms arrival with one tap; the referral shows it. Without
 * Chromium the test is skipped, saying so.
 */

let staff: StaffBrowser | undefined;
let h: Harness;
let base: string;

beforeAll(async () => {
  staff = await openStaffBrowser('browser-accompanier', async (harness) => {
    await harness.deps.organisations.put(MDM);
    for (let i = 0; i < 2; i++)
      await harness.deps.specialists.put(specialist({ id: `browser-acc-oph-${i}` }));
    // The appointment is today for the accompanier: the service clock is the morning of it.
    harness.clock.set(new Date('2026-11-27T07:30:00Z'));
  });
  if (staff) ({ h, base } = staff);
});

afterAll(async () => {
  await staff?.close();
});

describe('an accompanier on a phone', () => {
  it('signs in, sees today’s accompaniment, and confirms arrival with one tap', async (ctx) => {
    skipWithoutChromium(ctx);
    const r = await accompaniedReferral(h, { pseudonym: 'CRANE-42', languages: ['pt', 'fr'] });
    expect(r.appointment?.at).toBe(APPOINTMENT_AT);

    // A phone, not the fixture's laptop: its own context in the fixture's Chromium, signed in below.
    const context = await staff!.session.browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(base)) blocked.push(req.url());
    });

    // Not signed in: the page sends the browser to sign in, then back.
    const first = await page.goto(`${base}/app/accompaniments`);
    expect(first?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    await signIn(page, await h.token('accompanier', 'mdm-lu', ACCOMPANIER.sub));
    await page.waitForURL(`${base}/app/accompaniments`);
    const cookies = await context.cookies(`${base}/app/accompaniments`);
    expect(cookies.find((c) => c.name === 'relais_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      // An opaque session id, not the token.
      value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    // The organisation's French until the staff member chooses; this one reads English.
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await staff!.chooseLanguage(page, 'en');

    // Today's accompaniment: time, place, specialty, pseudonym, languages.
    const card = page.locator(`#r-${r.id}`);
    await expect.poll(() => card.count()).toBe(1);
    const text = await card.textContent();
    expect(text).toContain('CRANE-42');
    expect(text).toContain('11:00'); // 10:00 UTC is 11:00 in Luxembourg in November
    expect(text).toContain(PLACE);
    expect(text).toContain('Ophthalmology');
    expect(text).toMatch(/Portuguese/i);
    expect(await page.locator('h2', { hasText: 'Today' }).count()).toBe(1);
    // The card fits the phone's width: no sideways scrolling.
    const box = await card.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(360);

    await screenshot(page, 'accompanier-today.png');

    // One tap.
    await card.getByRole('button', { name: 'Arrived' }).click();
    await page.waitForURL(/\/app\/accompaniments\?done=arrived/);
    expect(await page.getByRole('status').textContent()).toContain('Arrival confirmed');
    expect(await page.locator(`#r-${r.id} .tag`).textContent()).toBe('Arrived');
    await screenshot(page, 'accompanier-arrived.png');

    // The referral shows it, for the referring organisation too.
    const after = await read(h, r.id);
    expect(after.status).toBe('arrived');
    expect(after.accompaniment.arrivedAt).toBe('2026-11-27T07:30:00.000Z');
    expect(timelineOf(after).at(-1)).toBe(`accompaniment.arrived by accompanier:${ACCOMPANIER.sub}`);

    // And on the referral's page, behind the same sign-in.
    await page.locator(`#r-${r.id}`).getByRole('link', { name: 'Timeline' }).click();
    await page.waitForURL(`${base}/app/referrals/${r.id}`);
    expect(await page.locator('table').textContent()).toContain('Arrived at the appointment');
    await screenshot(page, 'accompanier-referral.png');

    expect(blocked).toEqual([]);
    await context.close();
  });
});
