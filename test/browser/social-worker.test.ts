import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, specialist } from '../integration/http/harness.ts';
import { linkIn, MDM, mailsTo, pathOf, postForm } from '../integration/links/support.ts';
import { checkPage, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * A real headless Chromium with JavaScript off (the pages need none): a social worker signs in with
 * their token, opens a referral from the form (a phone number in the reason is refused next to the
 * field with what was typed kept, then a clean reason passes), finds it in the list, sees the
 * specialist's question appear, answers it and sees the referral offered again. Each page passes the
 * staff-page check (checkPage: axe with no serious or critical violation, keyboard, 360 and
 * 1280 px, screenshots `social-worker-<step>-<width>.png` in test/artifacts).
 */

let staff: StaffBrowser | undefined;
let h: Harness;
let base: string;
const eyes = ['sw-a', 'sw-b'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'en', monthlyQuota: 50, languages: ['pt'] }),
);

beforeAll(async () => {
  staff = await openStaffBrowser('browser-social-worker', async (harness) => {
    await harness.deps.organisations.put(MDM);
    for (const s of eyes) await harness.deps.specialists.put(s);
    await harness.startEvents();
  });
  if (staff) ({ h, base } = staff);
}, 120_000);

afterAll(async () => {
  await h?.stopEvents();
  await staff?.close();
});

const accessible = (page: Parameters<typeof checkPage>[0], name: string, asShown = false) =>
  checkPage(page, `social-worker-${name}`, { asShown });

describe('a social worker in the browser', () => {
  it('opens a referral, finds it, answers the specialist’s question and sees it offered again', async (ctx) => {
    skipWithoutChromium(ctx);
    // English chosen on a page with the setting, then to the form.
    const page = await staff!.signedIn('social_worker', 'mdm-lu', 'sw-ana', {
      start: '/app/people',
      locale: 'en',
    });
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
    await accessible(page, 'new-refused', true);

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
  }, 240_000);
});
