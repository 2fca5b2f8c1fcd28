import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { TestContext } from 'vitest';
import { freePort } from './free-port.ts';

/*
 * The browser tests: a real headless Chromium, Debian's (`/usr/bin/chromium`, which CI installs), against
 * the app served by @hono/node-server on a free local port. Without Chromium they are skipped, saying so.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** Screenshots land here, for a person to look at after the run. */
export const ARTIFACTS = resolve('test/artifacts');

/** Where the app will be served: known before the harness is made, which puts it in its links. */
export interface LocalAddress {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
}

export async function localAddress(): Promise<LocalAddress> {
  const port = await freePort();
  return { port, base: `http://127.0.0.1:${port}` };
}

/** Chromium, and the app it browses; `close()` stops both. */
export interface BrowserSession {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Serves `app` at `address` and launches Chromium headless, offline but for that address. */
export async function startBrowser(app: Pick<Hono, 'fetch'>, address: LocalAddress): Promise<BrowserSession> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((ok) => server.listen(address.port, '127.0.0.1', ok));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    browser,
    async close() {
      await browser.close();
      // Chromium may keep connections open; the server would wait for them.
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** Skips the calling test, with the reason in the output, when Chromium is not installed. */
export function skipWithoutChromium(ctx: TestContext): void {
  if (hasChromium) return;
  console.warn(`browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
  ctx.skip(`${CHROMIUM} is not installed`);
}

/** Signs in on the sign-in page the app sent the browser to, and waits to be sent on from it. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.fill('#token', token);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/app/sign-in'),
    page.click('form[action="/app/sign-in"] button[type="submit"]'),
  ]);
}

/** A full-page screenshot in test/artifacts. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

/** The widths every staff page must read at: a small phone and a laptop. */
export const PAGE_WIDTHS = [360, 1280] as const;

/** What a keyboard user can reach and operate on a page. */
const CONTROLS =
  'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The accessibility check of one staff page, the same for every page (one line in a page's test):
 * axe-core finds no serious or critical violation, Tab reaches every control and each shows a visible
 * focus ring, and a full-page screenshot at each of PAGE_WIDTHS lands in test/artifacts as
 * `<name>-<width>.png`. Axe is injected as a script, so the page is checked in a JavaScript-enabled
 * context made from the same browser context's cookies (a page tested with JavaScript off stays so).
 * `asShown`: the page as the browser shows it now (the answer to a form post), not its address fetched again.
 */
export async function checkPage(
  page: Page,
  name: string,
  { asShown = false }: { readonly asShown?: boolean } = {},
): Promise<void> {
  const { AxeBuilder } = await import('@axe-core/playwright');
  const { expect } = await import('vitest');
  const url = page.url();
  const context = page.context();
  const checked = await context.browser()!.newContext({
    storageState: await context.storageState(),
    // Axe is a script put into the page: a link page's policy refuses every script (its CSP is asserted
    // where the page is tested), so the check's own context lets it in.
    bypassCSP: true,
    viewport: { width: PAGE_WIDTHS[0], height: 740 },
  });
  try {
    const view = await checked.newPage();
    if (asShown) {
      // The answer to a form post (a refusal with what was typed): checked as shown, at its own address.
      const html = await page.content();
      await view.route(url, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
    }
    await view.goto(url);
    for (const width of PAGE_WIDTHS) {
      await view.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      const results = await new AxeBuilder({ page: view }).analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious, `${name} at ${width}px`).toEqual([]);
      // Nothing wider than the window: no sideways scrolling to read the page.
      const overflow = await view.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow, `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
      await view.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
    }
    await checkKeyboard(view, name);
  } finally {
    await checked.close();
  }
}

/** Tab from the top reaches every visible control, in order, each with a visible focus indicator. */
async function checkKeyboard(page: Page, name: string): Promise<void> {
  const { expect } = await import('vitest');
  // Browser-side code as text: the project's TypeScript has no DOM types.
  const controls = await page.evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(CONTROLS)})]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // What a closed <details> holds, but its summary, is not shown (and Chromium still gives it a box).
      const folded = el.closest('details:not([open])') !== null && el.closest('summary') === null;
      // The skip link is off-screen until focused: it counts.
      return !folded && style.visibility !== 'hidden' && style.display !== 'none' && (box.width > 0 || el.matches('.skip'));
    })
    .map((el, i) => { el.setAttribute('data-control', String(i)); return String(i); })`);
  const reached: string[] = [];
  const unringed: string[] = [];
  // A date or time input takes one Tab per part (day, month, year, hour, minute…), on the same element.
  const segmented = await page.evaluate<number>(
    `document.querySelectorAll('input[type=date],input[type=time],input[type=datetime-local],input[type=month],input[type=week]').length`,
  );
  await page.evaluate('document.activeElement?.blur()');
  for (let i = 0; i < controls.length + 5 + 6 * segmented && reached.length < controls.length; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<{ id: string; ring: boolean } | undefined>(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return undefined;
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
      return { id: el.getAttribute('data-control') ?? el.outerHTML.slice(0, 60), ring };
    })()`);
    if (!focused) continue;
    if (!reached.includes(focused.id)) reached.push(focused.id);
    if (!focused.ring) unringed.push(focused.id);
  }
  expect(reached, `${name}: Tab order`).toEqual(controls);
  expect(unringed, `${name}: controls without a visible focus`).toEqual([]);
}
