import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOMPANIER, accompaniedReferral, MDM } from '../integration/accompaniment/support.ts';
import { type Harness, specialist } from '../integration/http/harness.ts';
import { checkStaffPage, signIn, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * Every staff page in a real headless Chromium: axe-core finds no serious or critical violation, the
 * keyboard reaches every control with a visible focus, and screenshots at 360 and 1280 px land in
 * test/artifacts (checkStaffPage, test/support/browser.ts). Each page is checked in French (the
 * organisation's locale, the default once signed in) and in English (the language setting).
 */

let staff: StaffBrowser | undefined;
let h: Harness;
let base: string;

beforeAll(async () => {
  staff = await openStaffBrowser('browser-staff-pages', async (harness) => {
    await harness.deps.organisations.put(MDM);
    for (let i = 0; i < 2; i++)
      await harness.deps.specialists.put(specialist({ id: `browser-pages-oph-${i}` }));
    harness.clock.set(new Date('2026-11-27T07:30:00Z'));
  });
  if (staff) ({ h, base } = staff);
});

afterAll(async () => {
  await staff?.close();
});

/** A browser without JavaScript, as the pages must work without it. */
const newContext = (): Promise<BrowserContext> =>
  staff!.session.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });

const chooseLanguage = (page: Page, locale: 'en' | 'fr'): Promise<void> =>
  staff!.chooseLanguage(page, locale);

// Axe, the keyboard walk and four screenshots per page take a while on a shared machine.
describe('the staff pages', { timeout: 180_000 }, () => {
  it('speak the visitor’s language before sign-in, and the language setting changes it', async (ctx) => {
    skipWithoutChromium(ctx);
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    // Chromium asks for English: the front door answers in it.
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkStaffPage(page, 'front-door-en');
    await chooseLanguage(page, 'fr');
    expect(await page.locator('main a[href="/app/sign-in"]').textContent()).toBe('Se connecter');
    await checkStaffPage(page, 'front-door-fr');

    await page.goto(`${base}/app/sign-in`);
    expect(await page.locator('h1').textContent()).toBe('Connexion');
    await checkStaffPage(page, 'sign-in-fr');
    await chooseLanguage(page, 'en');
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await checkStaffPage(page, 'sign-in-en');

    // A wrong token: the error in the page, in its language, not a JSON problem.
    await page.fill('#token', 'x'.repeat(40));
    await page.click('form[action="/app/sign-in"] button[type="submit"]');
    expect(await page.getByRole('alert').textContent()).toBe('That token is not valid or has expired.');
    await context.close();
  });

  it('show an error as a page, not as JSON', async (ctx) => {
    skipWithoutChromium(ctx);
    const context = await newContext();
    const page = await context.newPage();
    const response = await page.request.post(`${base}/app/language`, {
      form: { locale: 'xx' },
      headers: { origin: base },
    });
    expect(response.status()).toBe(400);
    expect(response.headers()['content-type']).toContain('text/html');
    expect(await response.text()).toContain('<h1>Something went wrong</h1>');
    await context.close();
  });

  it('for an accompanier: their accompaniments and a referral, in the organisation’s French and in English', async (ctx) => {
    skipWithoutChromium(ctx);
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-7', languages: ['pt'] });
    const page = await staff!.signedIn('accompanier', MDM.id, ACCOMPANIER.sub, {
      start: '/app/accompaniments',
    });
    // The organisation's locale, French, until the staff member chooses.
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Accompagnements' }).count()).toBe(1);
    await checkStaffPage(page, 'accompaniments-fr');
    await page.goto(`${base}/app/referrals/${r.id}`);
    await checkStaffPage(page, 'referral-fr');
    await chooseLanguage(page, 'en');
    await checkStaffPage(page, 'referral-en');
    await page.goto(`${base}/app/accompaniments`);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await checkStaffPage(page, 'accompaniments-en');
  });

  it('for a coordinator and an admin: the board and the invite page, in French and in English', async (ctx) => {
    skipWithoutChromium(ctx);
    const page = await staff!.signedIn('coordinator', MDM.id, 'coord-pages', { start: '/app/board' });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await checkStaffPage(page, 'board-fr');
    await chooseLanguage(page, 'en');
    await checkStaffPage(page, 'board-en');
    await page.click('form[action="/app/sign-out"] button');

    await page.goto(`${base}/app/staff/invite`);
    await signIn(page, await h.token('admin', MDM.id, 'admin-pages'));
    // The choice made in this browser holds across sign-ins.
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkStaffPage(page, 'invite-en');
    await chooseLanguage(page, 'fr');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Inviter un membre' }).count()).toBe(
      1,
    );
    await checkStaffPage(page, 'invite-fr');
  });
});
