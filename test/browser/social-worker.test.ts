import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, specialist } from '../integration/http/harness.ts';
import { linkIn, MDM, mailsTo, pathOf, postForm } from '../integration/links/support.ts';
import {
  type BrowserSession,
  hasChromium,
  localAddress,
  screenshot,
  signIn,
  skipWithoutChromium,
  startBrowser,
} from '../support/browser.ts';

/*
 * A real headless Chromium with JavaScript off (the pages need none): a social worker signs in with
 * their token, opens a referral from the form (a phone number in the reason is refused next to the
 * field with what was typed kept, then a clean reason passes), finds it in the list, sees the
 * specialist's question appear, answers it and sees the referral offered again. Each page passes axe
 * with no serious or critical violation; screenshots at 360 and 1280 px in test/artifacts.
 */

let h: Harness;
let session: BrowserSession | undefined;
let base: string;
const eyes = ['sw-a', 'sw-b'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'en', monthlyQuota: 50, languages: ['pt'] }),
);

beforeAll(async () => {
  if (!hasChromium) return;
  const address = await localAddress();
  base = address.base;
  h = await createHarness('browser-social-worker', { publicBaseUrl: base });
  await h.deps.organisations.put(MDM);
  for (const s of eyes) await h.deps.specialists.put(s);
  await h.startEvents();
  session = await startBrowser(h.app, address);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

/**
 * axe runs as a script: the page as the browser without JavaScript got it is checked in a second page
 * that runs scripts (the same HTML, its styles inline).
 */
async function accessible(page: Page, name: string): Promise<void> {
  const scripted = await session!.browser.newContext();
  const checker = await scripted.newPage();
  await checker.setContent(await page.content());
  const result = await new AxeBuilder({ page: checker }).analyze();
  await scripted.close();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    name,
  ).toEqual([]);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await screenshot(page, `social-worker-${name}-${width}.png`);
  }
}

describe('a social worker in the browser', () => {
  it('opens a referral, finds it, answers the specialist’s question and sees it offered again', async (ctx) => {
    skipWithoutChromium(ctx);
    const context = await session!.browser.newContext({ javaScriptEnabled: false });
    // English chosen with the language setting (the organisation's own locale is French).
    await context.addCookies([{ name: 'relais_locale', value: 'en', url: base }]);
    const page = await context.newPage();

    await page.goto(`${base}/app/referrals/new`);
    await signIn(page, await h.token('social_worker', 'mdm-lu', 'sw-ana'));
    await page.goto(`${base}/app/referrals/new`);
    await accessible(page, 'new');

    await page.fill('#pseudonym', 'HERON-77');
    await page.selectOption('select[name="need.specialty"]', 'ophthalmology');
    await page.fill('#reason', 'Blurred vision, call +352 621 123 456');
    await page.fill('#languages', 'pt');
    await page.check('input[name="socialCheckDone"]');
    await page.check('input[name="consentToShare"]');
    await page.click('button[type="submit"]:has-text("Open the referral")');
    // Refused next to the field, with what was typed kept.
    expect(await page.textContent('#reason-error')).toContain('contact or identity data');
    expect(await page.inputValue('#reason')).toBe('Blurred vision, call +352 621 123 456');
    expect(await page.inputValue('#pseudonym')).toBe('HERON-77');
    await accessible(page, 'new-refused');

    await page.fill('#reason', 'Blurred vision in both eyes');
    await page.click('button[type="submit"]:has-text("Open the referral")');
    await page.waitForURL(/\/app\/referrals\/[^/]+\?done=opened$/);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    await accessible(page, 'referral');

    await page.goto(`${base}/app/referrals?pseudonym=HERON-77`);
    expect(await page.textContent(`a[href="/app/referrals/${id}"]`)).toBe('HERON-77');
    await accessible(page, 'list');

    // The first specialist offered asks a question through their link.
    await h.drainEvents();
    const stored = await h.deps.store.get(id);
    const asker = eyes.find((s) => s.id === stored?.offers[0]?.specialistId)!;
    const link = pathOf(linkIn(mailsTo(h, asker.email).at(-1)?.text));
    const question = 'Has the person seen an optician this year?';
    expect((await postForm(h, `${link}/more-info`, { question })).status).toBe(200);

    await page.goto(`${base}/app/referrals/${id}`);
    expect(await page.textContent('.question')).toBe(question);
    await accessible(page, 'question');
    await page.fill('#answer', 'Not this year.');
    await page.click('button[type="submit"]:has-text("Send the answer")');
    await page.waitForURL(/\?done=answer$/);
    expect(await page.locator('dd').first().textContent()).toBe('Offered');
    expect(await page.textContent('main')).toContain('Not this year.');
    await context.close();
  }, 180_000);
});
