import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import { organisationTimeZone } from '../../../domain/directory/model.ts';
import type { StaffPrincipal } from '../../lib/deps.ts';
import { organisationOf } from '../../lib/organisation-cache.ts';
import { LOCALES, type Locale, pickLocale } from '../../ui/messages.ts';
import type { PagesAppDeps } from '../pages-parts.ts';

/**
 * The language and time zone of a staff page. The staff member's choice (the language setting on every
 * page) is kept in a cookie, not in the session: it is a preference, not a credential, it must hold
 * before signing in (the sign-in page) and after signing out, and it is per browser. Without a choice:
 * the organisation's locale when signed in, else the browser's Accept-Language, else English.
 * Times: the organisation's `timeZone` when it has one (organisations stored before it existed do
 * not), else Europe/Luxembourg. The stored zone is trusted: it was checked where an organisation is
 * written (schemas/organisations.ts, with ui/local-time.ts `isTimeZone`), the one place that decides.
 */
export const LOCALE_COOKIE = 'relais_locale';
const ONE_YEAR = 365 * 24 * 60 * 60;

export const localeSchema = z.enum(LOCALES);

export interface PageLocale {
  readonly locale: Locale;
  readonly timeZone: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The signed-in page's language and time zone, set once per request by `withPageLocale`. */
    pageLocale: PageLocale;
  }
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

async function resolvePageLocale(
  c: Context,
  deps: PagesAppDeps,
  principal?: StaffPrincipal,
): Promise<PageLocale> {
  const chosen = chosenLocale(c);
  // The organisation as this process read it in the last 30 s (lib/organisation-cache.ts); a page
  // whose organisation cannot be read falls back to the browser's language.
  const org = principal ? await organisationOf(deps, principal.org).catch(() => undefined) : undefined;
  return {
    locale: chosen ?? org?.locale ?? pickLocale(c.req.header('accept-language')),
    timeZone: organisationTimeZone(org),
  };
}

/**
 * Resolves the page's locale and zone once for the request, as `c.var.pageLocale`: run right after the
 * principal is known (pages/session.ts `pageSession`), so every signed-in page has it.
 */
export function withPageLocale(deps: PagesAppDeps): MiddlewareHandler {
  return async (c, next) => {
    const principal = c.get('principal') as StaffPrincipal | undefined;
    c.set('pageLocale', await resolvePageLocale(c, deps, principal));
    await next();
  };
}

/**
 * A page's locale and time zone: the request's (`withPageLocale`) when it was resolved; otherwise (the
 * pages before signing in, which read no organisation) resolved here.
 */
export async function pageLocale(
  c: Context,
  deps: PagesAppDeps,
  principal?: StaffPrincipal,
): Promise<PageLocale> {
  return c.get('pageLocale') ?? resolvePageLocale(c, deps, principal);
}
