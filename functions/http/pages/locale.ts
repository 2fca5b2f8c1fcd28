import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { Deps, StaffPrincipal } from '../../lib/deps.ts';
import { DEFAULT_TIME_ZONE, LOCALES, type Locale, pickLocale } from '../../ui/messages.ts';

/**
 * The language and time zone of a staff page. The staff member's choice (the language setting on every
 * page) is kept in a cookie, not in the session: it is a preference, not a credential, it must hold
 * before signing in (the sign-in page) and after signing out, and it is per browser. Without a choice:
 * the organisation's locale when signed in, else the browser's Accept-Language, else English.
 * Times: the organisation's `timeZone` when it has one, else Europe/Luxembourg.
 */
export const LOCALE_COOKIE = 'relais_locale';
const ONE_YEAR = 365 * 24 * 60 * 60;

export const localeSchema = z.enum(LOCALES);

export interface PageLocale {
  readonly locale: Locale;
  readonly timeZone: string;
}

/** The locale the staff member chose in this browser, if any. */
export function chosenLocale(c: Context): Locale | undefined {
  const chosen = localeSchema.safeParse(getCookie(c, LOCALE_COOKIE));
  return chosen.success ? chosen.data : undefined;
}

/** Remembers the choice in this browser (readable by the server only; sent to every page of the site). */
export function rememberLocale(c: Context, locale: Locale, secure: boolean): void {
  setCookie(c, LOCALE_COOKIE, locale, {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: '/',
    maxAge: ONE_YEAR,
  });
}

/** A page's locale and time zone, for whoever is signed in (or nobody). */
export async function pageLocale(c: Context, deps: Deps, principal?: StaffPrincipal): Promise<PageLocale> {
  const chosen = chosenLocale(c);
  const org = principal ? await deps.organisations.get(principal.org).catch(() => undefined) : undefined;
  // Organisations may carry a time zone (issue 14's organisation settings); older items do not.
  const orgZone = (org as { readonly timeZone?: unknown } | undefined)?.timeZone;
  const timeZone = typeof orgZone === 'string' && validZone(orgZone) ? orgZone : DEFAULT_TIME_ZONE;
  const locale = chosen ?? org?.locale ?? pickLocale(c.req.header('accept-language'));
  return { locale, timeZone };
}

const validZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
