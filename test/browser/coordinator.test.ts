import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../domain/directory/model.ts';
import { type Harness, specialist } from '../integration/http/harness.ts';
import { HOUR, open, plus, schedule, sweepAt } from '../integration/timers/support.ts';
import { checkPage, signIn, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * The coordinator's side in a real headless Chromium, JavaScript off: an accompanier signs in once; the
 * coordinator finds her by name on /app/staff, assigns her an accompaniment by choosing her name on the
 * board, and the referral names her; the notifications page shows what is new and marks it read. Each
 * page passes checkPage (axe, keyboard, 360 and 1280 px) in French (the organisation's language)
 * and in English. Screenshots: staff-{fr,en}, board-assign-{fr,en}, notifications-{fr,en}
 * (board-{fr,en} are the empty board's, in staff-pages.test.ts).
 */

const ORG: Organisation = {
  id: 'mdm-lu',
  name: 'Médecins du Monde Luxembourg',
  city: 'Luxembourg',
  country: 'LU',
  contact: { email: 'accueil@mdm-lu.example' },
  locale: 'fr',
};

let staff: StaffBrowser | undefined;
let h: Harness;
let base = '';

beforeAll(async () => {
  staff = await openStaffBrowser('browser-coordinator', async (harness) => {
    await harness.deps.organisations.put(ORG);
    for (let i = 0; i < 2; i++) await harness.deps.specialists.put(specialist({ id: `browser-coord-${i}` }));
    await harness.startEvents();
  });
  if (staff) ({ h, base } = staff);
});

afterAll(async () => {
  await staff?.close();
  await h?.stopEvents();
});

describe('the coordinator’s pages in a browser', { timeout: 300_000 }, () => {
  it('finds an accompanier by name, assigns her by choosing that name, and reads the feed', async (ctx) => {
    skipWithoutChromium(ctx);
    // A referral needing an accompanier, overdue on the board.
    const r = await open(h);
    const appt = plus(r.createdAt, 5 * 24 * HOUR);
    await schedule(h, r.id, appt);
    await sweepAt(h, plus(appt, -24 * HOUR));
    await h.drainEvents();

    // The accompanier signs in once, through the sign-in form, with a token that carries her name.
    const hers = await staff!.session.browser.newContext({ javaScriptEnabled: false });
    const herPage = await hers.newPage();
    await herPage.goto(`${base}/app/sign-in`);
    await signIn(herPage, await h.token('accompanier', ORG.id, 'acc-ana', 'Ana Lima'));

    // The coordinator, in French (the organisation's language), finds her on the staff page.
    const page = await staff!.signedIn('coordinator', ORG.id, 'coord-browser', { start: '/app/staff' });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Équipe');
    const row = page.locator('tr[data-sub="acc-ana"]');
    expect(await row.locator('td').first().textContent()).toBe('Ana Lima');
    expect(await row.textContent()).toContain('Accompagnant·e');
    await checkPage(page, 'staff-fr');
    await staff!.chooseLanguage(page, 'en');
    await page.selectOption('#staff-role', 'accompanier');
    await Promise.all([page.waitForURL(/role=accompanier/), page.click('main form button[type="submit"]')]);
    expect(await page.locator('tr[data-sub]').count()).toBe(1);
    await checkPage(page, 'staff-en');

    // On the board, the accompanier is a name to choose.
    await page.click('nav a[href="/app/board"]');
    const item = page.locator('section[data-kind="no_accompanier"] tr[data-escalation-id]');
    expect(await item.count()).toBe(1);
    const select = item.locator('select[name="accompanierId"]');
    expect(await select.locator('option').allTextContents()).toEqual(['Choose a name', 'Ana Lima']);
    expect(await item.locator('input[name="accompanierId"]').count()).toBe(0);
    await checkPage(page, 'board-assign-en');
    await staff!.chooseLanguage(page, 'fr');
    await checkPage(page, 'board-assign-fr');
    await select.selectOption({ label: 'Ana Lima' });
    await Promise.all([
      page.waitForURL(/notice=reassigned/),
      item.locator('form[action$="/reassign"] button').click(),
    ]);
    expect(await page.locator('.flash').textContent()).toBe('L’accompagnement a été attribué.');
    expect((await h.deps.store.get(r.id))!.accompaniment.accompanierId).toBe('acc-ana');

    // The referral names her.
    await page.goto(`${base}/app/referrals/${r.id}`);
    expect(await page.locator('main').textContent()).toContain('Ana Lima');

    // The feed: the escalation is new, said in words; seen once, it is read.
    await h.drainEvents();
    await page.goto(`${base}/app/notifications`);
    expect(await page.locator('h1').textContent()).toBe('Notifications');
    const fresh = page.locator('li[data-read="false"]');
    expect(await fresh.count()).toBeGreaterThan(0);
    expect(await fresh.first().locator('.tag').textContent()).toBe('Nouveau');
    expect(await fresh.first().locator('a').getAttribute('href')).toBe(`/app/referrals/${r.id}`);
    // Something new meanwhile, so that the page checked (a view of its own, which marks read) shows one.
    await h.deps.notifications.add(
      { sub: 'coord-browser', org: ORG.id },
      {
        id: 'late-1',
        at: h.clock.now().toISOString(),
        kind: 'outcome_recorded',
        referralId: r.id,
        eventId: 'late-1',
      },
    );
    await checkPage(page, 'notifications-fr');
    await page.reload();
    expect(await page.locator('li[data-read="false"]').count()).toBe(0);
    expect(await page.locator('li[data-read="true"]').count()).toBeGreaterThan(0);
    await staff!.chooseLanguage(page, 'en');
    await checkPage(page, 'notifications-en');

    // And Ana's feed says the accompaniment is hers, linking to it.
    await herPage.goto(`${base}/app/notifications`);
    const told = herPage.locator('li[data-read="false"]');
    expect(await told.first().textContent()).toContain('Un accompagnement vous a été attribué.');
    expect(await told.first().locator('a').getAttribute('href')).toBe(`/app/referrals/${r.id}`);
    await hers.close();
  });
});
