import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MDM, scheduledReferral, WORKER } from '../integration/accompaniment/support.ts';
import { type Harness, openBody, specialist } from '../integration/http/harness.ts';
import { checkPage, skipWithoutChromium } from '../support/browser.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';

/*
 * In a real headless Chromium with JavaScript off: an admin adds an organisation (a desk email the
 * browser lets through but Relais refuses first: said next to the field, everything typed kept), then
 * edits its time zone, in French (their organisation's locale) and in English; a social worker offers a
 * referral to a specialist chosen by name and moves an appointment on the referral page. Each page is
 * checked by checkPage (axe, keyboard, 360 and 1280 px screenshots in test/artifacts).
 */

let staff: StaffBrowser | undefined;
let h: Harness;
let base: string;
const NAME = 'browser-admin';

beforeAll(async () => {
  staff = await openStaffBrowser(NAME, async (harness) => {
    await harness.deps.organisations.put(MDM);
    for (let i = 0; i < 3; i++) {
      await harness.deps.specialists.put(specialist({ id: `${NAME}-oph-${i}`, displayName: `Dr Iris ${i}` }));
    }
    await harness.deps.specialists.put(
      specialist({ id: `${NAME}-paused`, displayName: 'Dr Pause', pausedUntil: '2027-01-01T00:00:00Z' }),
    );
    await harness.startEvents();
  });
  if (staff) ({ h, base } = staff);
}, 120_000);

afterAll(async () => {
  await staff?.close();
});

// Axe, the keyboard walk and the screenshots take a while on a shared machine.
describe('the admin and the social worker in the browser', { timeout: 240_000 }, () => {
  it('an admin adds an organisation, refused first, then edits its time zone, in French and English', async (ctx) => {
    skipWithoutChromium(ctx);
    const page = await staff!.signedIn('admin', MDM.id, 'admin-orgs', { start: '/app/organisations' });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Organisations' }).count()).toBe(1);

    await page.fill('#org-id', 'dune-bxl');
    await page.fill('#org-name', 'Dune Bruxelles');
    await page.fill('#org-city', 'Bruxelles');
    await page.fill('#org-country', 'BE');
    await page.selectOption('#org-locale', 'nl');
    await page.selectOption('#org-timeZone', 'Europe/Brussels');
    // A valid address for the browser's own check, not for Relais (no domain).
    await page.fill('#org-desk\\.email', 'accueil@dune');
    await page.click('form[action="/app/organisations"] button[type="submit"]');
    expect(await page.textContent('#org-desk\\.email-error')).toContain('adresse e-mail valide');
    expect(await page.inputValue('#org-desk\\.email')).toBe('accueil@dune');
    expect(await page.inputValue('#org-name')).toBe('Dune Bruxelles');
    expect(await page.inputValue('#org-timeZone')).toBe('Europe/Brussels');
    expect(await page.inputValue('#org-locale')).toBe('nl');
    expect(await h.deps.organisations.get('dune-bxl')).toBeUndefined();

    await page.fill('#org-desk\\.email', 'accueil@dune.example');
    await page.click('form[action="/app/organisations"] button[type="submit"]');
    await page.waitForURL(/\/app\/organisations\?added=dune-bxl$/);
    expect(await page.getByRole('status').textContent()).toBe('L’organisation Dune Bruxelles est ajoutée.');
    expect(await h.deps.organisations.get('dune-bxl')).toMatchObject({
      country: 'BE',
      locale: 'nl',
      timeZone: 'Europe/Brussels',
      contact: { email: 'accueil@dune.example' },
    });
    await checkPage(page, 'organisations-fr');

    await staff!.chooseLanguage(page, 'en');
    await checkPage(page, 'organisations-en');
    await page.click('a[href="/app/organisations/dune-bxl"]');
    await page.waitForURL(/\/app\/organisations\/dune-bxl$/);
    await page.selectOption('#org-timeZone', 'Europe/Amsterdam');
    await page.click('form[action="/app/organisations/dune-bxl"] button[type="submit"]');
    await page.waitForURL(/\/app\/organisations\/dune-bxl\?done=saved$/);
    expect(await page.getByRole('status').textContent()).toBe('The changes to Dune Bruxelles are saved.');
    expect(await page.inputValue('#org-timeZone')).toBe('Europe/Amsterdam');
    expect((await h.deps.organisations.get('dune-bxl'))?.timeZone).toBe('Europe/Amsterdam');
    await checkPage(page, 'organisation-edit-en');
  });

  it('a social worker offers to a specialist chosen by name and moves an appointment', async (ctx) => {
    skipWithoutChromium(ctx);
    const opened = await h.call('POST', '/v1/referrals', {
      role: WORKER.role,
      sub: WORKER.sub,
      org: MDM.id,
      body: openBody({ autoOffer: false, pseudonym: 'LARK-12' }),
    });
    expect(opened.status).toBe(201);
    const { id } = (await opened.json()) as { id: string };

    const page = await staff!.signedIn(WORKER.role, MDM.id, WORKER.sub, { start: `/app/referrals/${id}` });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // The paused one is shown, with why, and cannot be ticked.
    expect(await page.isDisabled(`input[value="${NAME}-paused"]`)).toBe(true);
    expect(await page.textContent('main')).toContain('en pause');
    await checkPage(page, 'referral-offer-fr');
    await page.check(`input[name="specialistIds"][value="${NAME}-oph-1"]`);
    await page.click(`form[action="/app/referrals/${id}/offer-named"] button[type="submit"]`);
    await page.waitForURL(/\?done=offer-named$/);
    expect(await page.getByRole('status').textContent()).toBe('Proposée aux spécialistes choisis.');
    expect((await h.deps.store.get(id))?.offers.map((o) => o.specialistId)).toEqual([`${NAME}-oph-1`]);

    const scheduled = await scheduledReferral(h, { pseudonym: 'LARK-13' });
    await page.goto(`${base}/app/referrals/${scheduled.id}`);
    await staff!.chooseLanguage(page, 'en');
    // Luxembourg's time (the organisation's default zone): 10:00 UTC is 11:00 there in November.
    expect(await page.inputValue('#appointmentAt')).toBe('2026-11-27T11:00');
    await checkPage(page, 'referral-reschedule-en');
    await page.fill('#appointmentAt', '2026-12-03T14:30');
    await page.click(`form[action="/app/referrals/${scheduled.id}/reschedule"] button[type="submit"]`);
    await page.waitForURL(/\?done=reschedule$/);
    expect(await page.getByRole('status').textContent()).toContain('The appointment is moved');
    expect((await h.deps.store.get(scheduled.id))?.appointment?.at).toBe('2026-12-03T13:30:00.000Z');
  });
});
