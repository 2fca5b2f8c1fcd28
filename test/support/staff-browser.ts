import type { Hono } from 'hono';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { StaffRole } from '../../domain/referral/model.ts';
import type { Locale } from '../../functions/ui/messages.ts';
import { createHarness, type Harness, type HarnessOptions } from '../integration/http/harness.ts';
import { type BrowserSession, hasChromium, localAddress, signIn, startBrowser } from './browser.ts';

/*
 * The ONE setup of a staff-page browser test: a harness on its own table, the app served on a free local
 * port (its links point there), a headless Chromium, and staff members signed in through the sign-in
 * form as a person would. A test file calls `openStaffBrowser` in `beforeAll` and `close` in `afterAll`;
 * without Chromium it gets `undefined` and its tests skip themselves (skipWithoutChromium).
 */

export interface SignInOptions {
  /** The language chosen with the setting every page has; by default the organisation's. */
  readonly locale?: Locale;
  /** Pages must work without JavaScript: off unless a test needs it. */
  readonly javaScript?: boolean;
  /** Where the browser goes first (and is sent back to after signing in); default the front door. */
  readonly start?: string;
}

export interface StaffBrowser {
  readonly h: Harness;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly session: BrowserSession;
  /** A fresh browser context, signed in as `sub` with `role` in `org`, on the page it was sent to. */
  signedIn(role: StaffRole, org: string, sub: string, options?: SignInOptions): Promise<Page>;
  /** Chooses a language with the setting and waits to be back on the same page. */
  chooseLanguage(page: Page, locale: Locale): Promise<void>;
  /** Closes every context, Chromium and the server. */
  close(): Promise<void>;
}

/** What a test may change in the fixture: the harness's options, and the app served (default `h.app`). */
export interface StaffBrowserOptions extends HarnessOptions {
  /**
   * The app to serve instead of the harness's, made from it (a deployment's sign-in, local mode): given
   * the harness and the address it is served at.
   */
  readonly serve?: (h: Harness, base: string) => Promise<Pick<Hono, 'fetch'>> | Pick<Hono, 'fetch'>;
}

export async function openStaffBrowser(
  name: string,
  setup: (h: Harness) => Promise<void> = async () => {},
  { serve, ...options }: StaffBrowserOptions = {},
): Promise<StaffBrowser | undefined> {
  if (!hasChromium) return undefined;
  const address = await localAddress();
  const h = await createHarness(name, { ...options, publicBaseUrl: address.base });
  await setup(h);
  const session = await startBrowser(serve ? await serve(h, address.base) : h.app, address);
  const contexts: BrowserContext[] = [];

  async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
    const path = new URL(page.url()).pathname;
    await page.selectOption('#relais-locale', locale);
    await Promise.all([
      page.waitForURL((url) => url.pathname === path),
      page.click('form[action="/app/language"] button[type="submit"]'),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
  }

  return {
    h,
    base: address.base,
    session,
    chooseLanguage,
    async signedIn(role, org, sub, { locale, javaScript = false, start = '/app/' } = {}) {
      const context = await session.browser.newContext({
        viewport: { width: 1280, height: 900 },
        javaScriptEnabled: javaScript,
      });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${address.base}${start}`);
      if (new URL(page.url()).pathname === '/app/sign-in') await signIn(page, await h.token(role, org, sub));
      if (locale) await chooseLanguage(page, locale);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await session.close();
    },
  };
}
