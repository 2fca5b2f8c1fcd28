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
