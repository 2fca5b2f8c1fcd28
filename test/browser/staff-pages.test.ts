import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../domain/referral/model.ts';
import { type Locale, t } from '../../functions/ui/messages.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  COORDINATOR,
  MDM,
  WORKER,
} from '../integration/accompaniment/support.ts';
import { type Harness, specialist } from '../integration/http/harness.ts';
import { checkPage, signIn, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * Every staff page in a real headless Chromium: axe-core finds no serious or critical violation, the
 * keyboard reaches every control with a visible focus, nothing scrolls sideways, and screenshots at
 * 360 and 1280 px land in test/artifacts (checkPage, test/support/browser.ts). The tour is ONE
 * table, STAFF_PAGES: each line is opened by a staff member of its role in French (the organisation's
 * locale, the default once signed in) and in English (the language setting), screenshots
 * `<screenshot>-<fr|en>-<360|1280>.png`. A new page is one more line.
 */

/** What the tour made before it starts: a referral accompanied by ACCOMPANIER, opened by WORKER. */
interface TourData {
  readonly referralId: string;
  readonly pseudonym: string;
}

interface StaffPageLine {
  /** The page's address; from the tour's data for a page about one referral or person. */
  readonly path: string | ((data: TourData) => string);
  /** Who opens it (a staff member of MDM with this role). */
  readonly role: StaffRole;
  /** The screenshots' name: `<screenshot>-<locale>-<width>.png` in test/artifacts. */
  readonly screenshot: string;
}

const STAFF_PAGES: readonly StaffPageLine[] = [
  { path: '/app/accompaniments', role: 'accompanier', screenshot: 'accompaniments' },
  { path: (d) => `/app/referrals/${d.referralId}`, role: 'accompanier', screenshot: 'referral' },
  { path: '/app/notifications', role: 'accompanier', screenshot: 'notifications-accompanier' },
  { path: '/app/people', role: 'social_worker', screenshot: 'people' },
  { path: '/app/referrals', role: 'social_worker', screenshot: 'referrals' },
  { path: '/app/referrals/new', role: 'social_worker', screenshot: 'referral-new' },
  { path: (d) => `/app/referrals/${d.referralId}`, role: 'social_worker', screenshot: 'referral-full' },
  { path: (d) => `/app/people/${d.pseudonym}`, role: 'social_worker', screenshot: 'person' },
  {
    path: (d) => `/app/people/${d.pseudonym}/do-not-contact`,
    role: 'social_worker',
    screenshot: 'person-confirm',
  },
  { path: '/app/board', role: 'coordinator', screenshot: 'board' },
  { path: (d) => `/app/referrals/${d.referralId}`, role: 'coordinator', screenshot: 'referral-coordinator' },
  { path: '/app/notifications', role: 'coordinator', screenshot: 'notifications' },
  { path: '/app/directory', role: 'coordinator', screenshot: 'directory' },
  { path: '/app/staff', role: 'coordinator', screenshot: 'staff' },
  { path: '/app/directory', role: 'admin', screenshot: 'directory-admin' },
  { path: '/app/organisations', role: 'admin', screenshot: 'organisations' },
  { path: '/app/staff/invite', role: 'admin', screenshot: 'invite' },
];

/** The languages every page is checked in: the organisation's first, then the one chosen. */
const TOUR_LOCALES: readonly Locale[] = ['fr', 'en'];

/** Who signs in for a role: the tour's data is theirs to see (an accompanier sees their own only). */
const SUBS: Partial<Record<StaffRole, string>> = {
  accompanier: ACCOMPANIER.sub,
  social_worker: WORKER.sub,
  coordinator: COORDINATOR.sub,
};

let staff: StaffBrowser | undefined;
let h: Harness;
let base: string;
let data: TourData;

beforeAll(async () => {
  staff = await openStaffBrowser('browser-staff-pages', async (harness) => {
    await harness.deps.organisations.put(MDM);
    for (let i = 0; i < 2; i++)
      await harness.deps.specialists.put(specialist({ id: `browser-pages-oph-${i}` }));
    harness.clock.set(new Date('2026-11-27T07:30:00Z'));
  });
  if (!staff) return;
  ({ h, base } = staff);
  const r = await accompaniedReferral(h, { pseudonym: 'HERON-7', languages: ['pt'] });
  data = { referralId: r.id, pseudonym: r.pseudonym };
}, 120_000);

afterAll(async () => {
  await staff?.close();
});

/** A browser without JavaScript, as the pages must work without it. */
const newContext = (): Promise<BrowserContext> =>
  staff!.session.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });

const pathOf = (line: StaffPageLine): string => (typeof line.path === 'string' ? line.path : line.path(data));

/** Opens one page of the table in the language the browser has chosen, and checks it. */
async function visit(page: Page, line: StaffPageLine, locale: Locale): Promise<void> {
  const response = await page.goto(`${base}${pathOf(line)}`);
  expect(response?.status(), `${line.screenshot} (${locale})`).toBe(200);
  expect(await page.getAttribute('html', 'lang'), `${line.screenshot} (${locale})`).toBe(locale);
  // Signed in, in the page's language: the header's sign-out says so.
  expect(await page.getByRole('button', { name: t(locale, 'staff.sign_out') }).count()).toBe(1);
  await checkPage(page, `${line.screenshot}-${locale}`);
}

/** The table's roles, in the order they first appear. */
const ROLES = [...new Set(STAFF_PAGES.map((line) => line.role))];

// Axe, the keyboard walk and four screenshots per page take a while on a shared machine.
describe('the staff pages', { timeout: 300_000 }, () => {
  it('speak the visitor’s language before sign-in, the language setting changes it, and the choice holds once signed in', async (ctx) => {
    skipWithoutChromium(ctx);
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    // Chromium asks for English: the front door answers in it.
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkPage(page, 'front-door-en');
    await staff!.chooseLanguage(page, 'fr');
    expect(await page.locator('main a[href="/app/sign-in"]').textContent()).toBe('Se connecter');
    await checkPage(page, 'front-door-fr');

    await page.goto(`${base}/app/sign-in`);
    expect(await page.locator('h1').textContent()).toBe('Connexion');
    await checkPage(page, 'sign-in-fr');
    await staff!.chooseLanguage(page, 'en');
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await checkPage(page, 'sign-in-en');

    // A wrong token: the error in the page, in its language, not a JSON problem.
    await page.fill('#token', 'x'.repeat(40));
    await page.click('form[action="/app/sign-in"] button[type="submit"]');
    expect(await page.getByRole('alert').textContent()).toBe('That token is not valid or has expired.');

    // The choice made in this browser holds across sign-in, over the organisation's French.
    await page.goto(`${base}/app/staff/invite`);
    await signIn(page, await h.token('admin', MDM.id, 'admin-choice'));
    expect(new URL(page.url()).pathname).toBe('/app/staff/invite');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
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

  for (const role of ROLES) {
    const lines = STAFF_PAGES.filter((line) => line.role === role);
    it(`as ${role}: ${lines.map((l) => l.screenshot).join(', ')}, in French and in English`, async (ctx) => {
      skipWithoutChromium(ctx);
      // The language is chosen on a page that follows the setting (and comes back to it).
      const home = pathOf(lines[0]!);
      const page = await staff!.signedIn(role, MDM.id, SUBS[role] ?? `${role}-tour`, { start: home });
      for (const locale of TOUR_LOCALES) {
        // French is the organisation's, the default once signed in; any other is chosen with the setting.
        if (locale !== MDM.locale) {
          await page.goto(`${base}${home}`);
          await staff!.chooseLanguage(page, locale);
        }
        for (const line of lines) await visit(page, line, locale);
      }
    });
  }
});
