import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MDM } from '../integration/accompaniment/support.ts';
import { specialist } from '../integration/http/harness.ts';
import { checkPage, screenshot, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * `/app/directory` in a real headless Chromium with JavaScript off: a coordinator adds a specialist (a
 * bad email first, refused next to the field with what was typed kept), pauses one and adds an absence;
 * an admin sees the addition waiting and approves it. Each page passes checkPage (axe, keyboard,
 * 360 and 1280 px, screenshots in test/artifacts) in French, the organisation's language, and English.
 */

let staff: StaffBrowser | undefined;

beforeAll(async () => {
  staff = await openStaffBrowser('browser-directory', async (h) => {
    await h.deps.organisations.put(MDM);
    await h.deps.specialists.put(
      specialist({ id: 'browser-dir-1', displayName: 'Dr Ana Sousa', organisation: MDM.id, monthlyQuota: 3 }),
    );
    h.clock.set(new Date('2026-11-27T07:30:00Z'));
  });
}, 120_000);

afterAll(async () => {
  await staff?.close();
});

/** Clicks a form's submit button and waits for the page the server answers with. */
const submit = async (page: Page, button: string): Promise<void> => {
  await Promise.all([page.waitForLoadState('load'), page.click(button)]);
};

describe('the directory in the browser', { timeout: 300_000 }, () => {
  it('a coordinator adds a specialist, pauses one and adds an absence; an admin approves the addition', async (ctx) => {
    skipWithoutChromium(ctx);
    const { base, h } = staff!;
    const page = await staff!.signedIn('coordinator', MDM.id, 'coord-directory', {
      start: '/app/directory',
      locale: 'en',
    });
    expect(new URL(page.url()).pathname).toBe('/app/directory');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Directory' }).count()).toBe(1);
    await checkPage(page, 'directory-en');

    await Promise.all([
      page.waitForURL(/\/app\/directory\/new$/),
      page.click('a[href="/app/directory/new"]'),
    ]);
    await page.selectOption('#kind', 'doctor');
    await page.fill('#displayName', 'Dr Marie Weber');
    await page.fill('#email', 'marie.weber(at)clinic');
    await page.selectOption('#specialty', 'dental');
    await page.fill('#practice', 'Cabinet Weber, Esch-sur-Alzette');
    await page.fill('#country', 'LU');
    await page.fill('#languages', 'fr, de');
    await page.fill('#monthlyQuota', '3');
    await submit(page, 'form[action="/app/directory/new"] button[type="submit"]');
    // Refused next to the field, everything typed kept.
    expect(await page.textContent('#email-error')).toBe('This is not a valid email address.');
    expect(await page.getAttribute('#email', 'aria-describedby')).toBe('email-error');
    expect(await page.inputValue('#email')).toBe('marie.weber(at)clinic');
    expect(await page.inputValue('#displayName')).toBe('Dr Marie Weber');
    expect(await page.inputValue('#practice')).toBe('Cabinet Weber, Esch-sur-Alzette');
    expect(await page.inputValue('#specialty')).toBe('dental');
    // checkPage opens the page's address afresh (the empty form): the refusal as seen is kept too.
    await screenshot(page, 'directory-add-refused-en-1280.png');
    await checkPage(page, 'directory-add-en');

    await page.fill('#email', 'marie.weber@clinic.example');
    await Promise.all([
      page.waitForURL(/\/app\/directory\/[^/]+\?done=added$/),
      page.click('form[action="/app/directory/new"] button[type="submit"]'),
    ]);
    const added = new URL(page.url()).pathname.split('/').at(-1)!;
    expect(await page.textContent('main')).toContain('Awaiting address confirmation');
    expect(await page.textContent('main')).toContain('Pending approval');

    // Pausing the specialist already there, and an absence ahead.
    await page.goto(`${base}/app/directory/browser-dir-1`);
    await page.fill('#pausedUntil', '2026-12-10');
    await submit(page, 'form[action$="/pause"] button[type="submit"]');
    expect(new URL(page.url()).search).toBe('?done=pause');
    expect(await page.textContent('main')).toContain('Paused until 10 December 2026');
    await page.fill('[id="absences.from"]', '2026-12-20');
    await page.fill('[id="absences.until"]', '2027-01-04');
    await submit(page, 'form[action$="/absence-add"] button[type="submit"]');
    expect(new URL(page.url()).search).toBe('?done=absence-add');
    expect(await page.textContent('main')).toContain('From 20 December 2026, back on 4 January 2027');
    expect((await h.deps.specialists.get('browser-dir-1'))?.absences).toHaveLength(1);
    await checkPage(page, 'directory-specialist-en');

    await staff!.chooseLanguage(page, 'fr');
    // The language setting comes back to the page it is on.
    expect(new URL(page.url()).pathname).toBe('/app/directory/browser-dir-1');
    expect(await page.textContent('h1')).toBe('Dr Ana Sousa');
    expect(await page.textContent('main')).toContain('En pause jusqu’au 10 décembre 2026');
    await checkPage(page, 'directory-specialist-fr');
    await page.goto(`${base}/app/directory`);
    expect(await page.textContent('h1')).toBe('Annuaire');
    await checkPage(page, 'directory-fr');

    const admin = await staff!.signedIn('admin', 'relais', 'admin-directory', {
      start: '/app/directory',
      locale: 'en',
    });
    const waiting = admin.locator('section[aria-labelledby="pending-title"]');
    expect(await waiting.textContent()).toContain('Dr Marie Weber');
    await checkPage(admin, 'directory-admin-en');
    await Promise.all([
      admin.waitForURL(/\/app\/directory\?done=approved$/),
      admin.click(`form[action="/app/directory/${added}/approve"] button`),
    ]);
    expect(await admin.getByRole('status').textContent()).toBe('Approved.');
    expect(await waiting.textContent()).not.toContain('Dr Marie Weber');
    expect((await h.deps.specialists.get(added))?.approval).toBe('approved');
    await staff!.chooseLanguage(admin, 'fr');
    await checkPage(admin, 'directory-admin-fr');
  });
});
