import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { htmlDocument, PageHead } from '../../ui/document.tsx';
import { FOCUS_RING_CSS } from '../../ui/focus-ring.ts';
import { LOCALES, type Locale, type Params, type TextKey, t } from '../../ui/messages.ts';

// For the board's string templates (pages/board) until they are components; nothing else uses it.

/**
 * The shell of every staff page, written once as a hono/jsx component (escaping by construction):
 * server-rendered, usable without JavaScript, nothing fetched from elsewhere, one inline <style>.
 * It carries the header (who is signed in, the language setting, sign-out) and the navigation by role.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PAGE_CSP,
  // Not no-referrer: under it a browser sends `Origin: null` with the pages' own form POSTs, which the
  // CSRF check (session.ts sameOriginOnly) refuses. same-origin still sends no Referer to other sites.
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Content-Type': 'text/html; charset=utf-8',
};

const STYLE = [
  '*{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;background:#f4f4f5;color:#1f2937;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}',
  '.skip{position:absolute;left:-999px;top:0;background:#fff;color:#1e3a8a;padding:.5rem}.skip:focus{left:.5rem}',
  'header{background:#1e3a8a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem}',
  'header a,header button{color:#fff}',
  'header form{margin:0;display:flex;gap:.3rem;align-items:center;flex-wrap:wrap}',
  'header label{display:inline;margin:0;font-weight:400}',
  // The header's white text must not reach the select's white box (its chosen language vanished).
  'header select{display:inline-block;width:auto;min-height:2.2rem;padding:.2rem .4rem;color:#1f2937}',
  'header button{background:none;border:1px solid #93c5fd;border-radius:.4rem;padding:.3rem .6rem;font:inherit;min-height:2.2rem;width:auto;margin:0}',
  'nav{background:#dbeafe;padding:.3rem 1rem}nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}',
  'nav a{color:#1e3a8a;display:inline-block;padding:.4rem 0}nav a[aria-current=page]{font-weight:700}',
  'main{max-width:64rem;margin:0 auto;padding:1rem}',
  'h1{font-size:1.4rem;margin:.25rem 0 1rem}',
  'h2{font-size:1.15rem;margin:1.25rem 0 .5rem}',
  '.card{background:#fff;border:1px solid #e5e7eb;border-radius:.75rem;padding:.9rem;margin:0 0 .9rem}',
  '.row{display:flex;flex-wrap:wrap;gap:.5rem}',
  '.row form{flex:1 1 7rem;margin:0}',
  'label{display:block;font-weight:600;margin:.6rem 0 .25rem}',
  'input,select,textarea{display:block;width:100%;min-height:2.75rem;font:inherit;padding:.5rem .6rem;border:1px solid #6b7280;border-radius:.5rem;background:#fff;color:inherit}',
  'button{display:block;width:100%;min-height:3rem;padding:.6rem .8rem;font:inherit;font-weight:700;color:#fff;background:#1d4ed8;border:0;border-radius:.5rem;cursor:pointer}',
  'button.ok{background:#15803d}button.warn{background:#b45309}button.secondary{background:#4b5563}',
  '.muted{color:#4b5563}.tag{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;background:#e0e7ff;color:#1e3a8a;font-size:.85rem;font-weight:600}',
  '.overdue{color:#b91c1c;font-weight:700}',
  'table{width:100%;border-collapse:collapse;background:#fff}th,td{padding:.45rem .5rem;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}',
  // Words in a cell wrap between words; only one longer than the column (an id) breaks. A table wider
  // than a phone scrolls inside its own region (ScrollRegion), never the page.
  'th,td{overflow-wrap:break-word}',
  '.scroll{overflow-x:auto}',
  '.flash{background:#ecfdf5;border:1px solid #10b981;border-radius:.5rem;padding:.6rem .8rem;margin:0 0 1rem}',
  '.error{background:#fef2f2;border:1px solid #ef4444;border-radius:.5rem;padding:.6rem .8rem;margin:0 0 1rem}',
  FOCUS_RING_CSS,
  // A box to tick sits on the line of its label, not as a full-width block above it.
  'input[type=checkbox],input[type=radio]{display:inline-block;width:1.3rem;height:1.3rem;min-height:0;margin:0 .4rem 0 0;vertical-align:middle}',
  'input[type=checkbox]+label,input[type=radio]+label{display:inline}',
].join('');

/** The language names in their own language, for the setting (the same in every locale). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  fr: 'Français',
  en: 'English',
  de: 'Deutsch',
  nl: 'Nederlands',
  it: 'Italiano',
};

/**
 * The pages of the navigation, ONE list: a page appears here when it exists, for the roles that may
 * open it (a helper adding a page adds its line). Shown in this order.
 */
export const NAV_LINKS: readonly {
  readonly href: string;
  readonly label: TextKey;
  readonly roles: readonly StaffRole[];
}[] = [
  { href: '/app/board', label: 'staff.nav.board', roles: ['coordinator', 'network_coordinator'] },
  { href: '/app/referrals', label: 'staff.nav.referrals', roles: ['social_worker', 'coordinator'] },
  { href: '/app/people', label: 'staff.nav.people', roles: ['social_worker', 'coordinator'] },
  { href: '/app/accompaniments', label: 'staff.nav.accompaniments', roles: ['accompanier', 'social_worker'] },
  {
    href: '/app/notifications',
    label: 'staff.nav.notifications',
    roles: ['social_worker', 'accompanier', 'coordinator', 'network_coordinator', 'admin'],
  },
  {
    href: '/app/directory',
    label: 'staff.nav.directory',
    roles: ['coordinator', 'network_coordinator', 'admin'],
  },
  { href: '/app/staff', label: 'staff.nav.staff', roles: ['coordinator'] },
  { href: '/app/organisations', label: 'staff.nav.organisations', roles: ['admin'] },
  { href: '/app/staff/invite', label: 'staff.nav.invite', roles: ['admin'] },
];

/** The staff member signed in, as the header shows them. */
export interface SignedInAs {
  readonly sub: string;
  readonly org: string;
  /** Decides the navigation; none, no navigation. */
  readonly roles?: readonly StaffRole[];
}

export interface LayoutProps {
  readonly title: string;
  readonly locale?: Locale;
  /** Shows the navigation, who is signed in and the sign-out button. */
  readonly signedInAs?: SignedInAs;
  /** The page's path: marks the current navigation link and is where the language setting comes back to. */
  readonly path?: string;
  /** The language of the page's content when it differs from the page's (a page not yet translated). */
  readonly contentLocale?: Locale;
  /** Rules this page adds to the shared style (still the one inline <style>). */
  readonly style?: string;
  readonly children?: Child;
}

/** The language setting: a plain form (no JavaScript), posting to /app/language, back to this page. */
const LanguageForm: FC<{ locale: Locale; path?: string }> = ({ locale, path }) => (
  <form method="post" action="/app/language">
    <label for="relais-locale">{t(locale, 'staff.language')}</label>
    <select id="relais-locale" name="locale">
      {LOCALES.map((l) => (
        <option value={l} lang={l} selected={l === locale}>
          {LOCALE_NAMES[l]}
        </option>
      ))}
    </select>
    {path ? <input type="hidden" name="next" value={path} /> : null}
    <button type="submit">{t(locale, 'staff.language.change')}</button>
  </form>
);

const Navigation: FC<{ locale: Locale; roles: readonly StaffRole[]; path?: string }> = ({
  locale,
  roles,
  path,
}) => {
  const links = NAV_LINKS.filter((link) => link.roles.some((r) => roles.includes(r)));
  if (links.length === 0) return null;
  // The page's own link: the longest one the path is under (/app/staff/invite is not /app/staff).
  const current = links
    .filter((link) => path !== undefined && (path === link.href || path.startsWith(`${link.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label={t(locale, 'staff.nav.label')}>
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.href} aria-current={link === current ? 'page' : undefined}>
              {t(locale, link.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
};

/** A complete staff page (without the doctype: `renderHtml` adds it). */
/**
 * A table's region: on a narrow screen the table scrolls sideways inside it rather than the page or its
 * words breaking mid-letter. Focusable and named, so a keyboard can scroll it and a screen reader says
 * what it is (axe's scrollable-region-focusable).
 */
export const ScrollRegion: FC<{ label: string; children?: Child }> = ({ label, children }) => (
  <section class="scroll" aria-label={label} tabindex={0}>
    {children}
  </section>
);

export const Layout: FC<LayoutProps> = ({
  title,
  locale = 'en',
  signedInAs,
  path,
  contentLocale,
  style,
  children,
}) => (
  <html lang={locale}>
    <PageHead title={title} referrer="same-origin">
      <style>{raw(STYLE + (style ?? ''))}</style>
    </PageHead>
    <body>
      <a class="skip" href="#main">
        {t(locale, 'staff.skip')}
      </a>
      <header>
        <strong>Relais</strong>
        {signedInAs ? (
          <span>{t(locale, 'staff.signed_in_as', { sub: signedInAs.sub, org: signedInAs.org })}</span>
        ) : null}
        <LanguageForm locale={locale} path={path} />
        {signedInAs ? (
          <form method="post" action="/app/sign-out">
            <button type="submit">{t(locale, 'staff.sign_out')}</button>
          </form>
        ) : null}
      </header>
      {signedInAs?.roles ? <Navigation locale={locale} roles={signedInAs.roles} path={path} /> : null}
      <main id="main" lang={contentLocale !== locale ? contentLocale : undefined}>
        {children}
      </main>
    </body>
  </html>
);

/** A JSX page as the HTML document a browser gets (ui/document.tsx). */
export const renderHtml = htmlDocument;

/** A JSX page as the response, with the pages' headers (CSP, no-store). */
export const pageResponse = (c: Context, node: unknown, status: ContentfulStatusCode = 200): Response =>
  c.body(renderHtml(node), status, PAGE_HEADERS);

/** A text of the catalogue in a page's locale (plain text: JSX escapes it). */
export const words =
  (locale: Locale) =>
  (key: TextKey, params: Params = {}): string =>
    t(locale, key, params);
