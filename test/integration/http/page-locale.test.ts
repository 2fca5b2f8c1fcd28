import { Hono } from 'hono';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withPageLocale } from '../../../functions/http/pages/locale.ts';
import type { StaffPrincipal } from '../../../functions/lib/deps.ts';
import { createHarness, type Harness } from './harness.ts';

/*
 * A page's language and time zone (pages/locale.ts): resolved once per request from the staff member's
 * choice, their organisation (read from the table, kept briefly per process) and the browser.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('page-locale');
  await h.deps.organisations.put({
    id: 'aide-ny',
    name: 'Aide New York',
    city: 'New York',
    country: 'US',
    contact: { email: 'desk@aide-ny.example' },
    locale: 'de',
    timeZone: 'America/New_York',
  });
});
afterEach(() => vi.restoreAllMocks());

const principal = (org: string): StaffPrincipal => ({ sub: 'sw-x', org, roles: ['social_worker'] });

/** A page app as the pages have it: the principal known, then the locale resolved once. */
function app(who: StaffPrincipal | undefined) {
  return new Hono()
    .use(async (c, next) => {
      if (who) c.set('principal', who);
      await next();
    })
    .use(withPageLocale(h.deps))
    .get('/', (c) => c.json(c.var.pageLocale));
}

const localeOf = async (who: StaffPrincipal | undefined, headers: Record<string, string> = {}) =>
  (await app(who).request('/', { headers })).json();

describe('a staff page’s language and time zone', () => {
  it('is the organisation’s locale and time zone, unless the staff member chose a language', async () => {
    expect(await localeOf(principal('aide-ny'))).toEqual({ locale: 'de', timeZone: 'America/New_York' });
    expect(await localeOf(principal('aide-ny'), { cookie: 'relais_locale=nl' })).toEqual({
      locale: 'nl',
      timeZone: 'America/New_York',
    });
  });

  it('falls back to the browser’s language and Luxembourg before signing in, or for an unknown organisation', async () => {
    expect(await localeOf(undefined, { 'accept-language': 'it-IT,it;q=0.9' })).toEqual({
      locale: 'it',
      timeZone: 'Europe/Luxembourg',
    });
    expect(await localeOf(principal('nowhere'), { 'accept-language': 'fr' })).toEqual({
      locale: 'fr',
      timeZone: 'Europe/Luxembourg',
    });
  });

  it('reads the organisation once for several pages in a row, not on every page', async () => {
    const get = vi.spyOn(h.deps.organisations, 'get');
    await h.deps.organisations.put({
      id: 'aide-lx',
      name: 'Aide Lisboa',
      city: 'Lisboa',
      country: 'PT',
      contact: { email: 'desk@aide-lx.example' },
      locale: 'en',
      timeZone: 'Europe/Lisbon',
    });
    for (let i = 0; i < 3; i++) {
      expect(await localeOf(principal('aide-lx'))).toEqual({ locale: 'en', timeZone: 'Europe/Lisbon' });
    }
    expect(get.mock.calls.filter(([id]) => id === 'aide-lx')).toHaveLength(1);
  });
});
