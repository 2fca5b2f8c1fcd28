import { createHash } from 'node:crypto';
import { raw } from 'hono/html';
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { htmlDocument, PageHead } from '../../ui/document.tsx';
import { FOCUS_RING_CSS } from '../../ui/focus-ring.ts';
import type { FieldErrors } from '../../ui/form-parts.tsx';
import { type Locale, t } from '../../ui/messages.ts';
import type { RefusedInput, TypedInput } from '../refused-input.ts';

/**
 * The shell of every link page: phone-sized, no JavaScript, nothing fetched from anywhere (no images,
 * fonts or stylesheets), one inline <style> element and no `style` attributes, so the pages work under
 * `LINK_PAGE_CSP` and also under a stricter policy that allows only `LINK_PAGE_STYLE_HASH`. Pages are
 * hono/jsx components: every value reaches the HTML through JSX, which escapes it.
 */

/** The Content-Security-Policy the links app sends with every page. */
export const LINK_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Other headers worth sending with a page whose URL is a capability. */
export const LINK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': LINK_PAGE_CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex, nofollow',
  'Cache-Control': 'no-store',
};

export const LINK_PAGE_STYLE = [
  '*{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;background:#f4f4f5;color:#1f2937;font:18px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}',
  'main{max-width:40rem;margin:0 auto;padding:1rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}',
  'h2{font-size:1.2rem;line-height:1.3;margin:0 0 .75rem}',
  'p{margin:0 0 1rem}',
  '.card{background:#fff;border:1px solid #e5e7eb;border-radius:.75rem;padding:1rem;margin:0 0 1rem}',
  'dl{margin:0}',
  'dt{font-weight:600;color:#4b5563;font-size:.9rem}',
  'dd{margin:0 0 .75rem}',
  'label{display:block;font-weight:600;margin:.75rem 0 .25rem}',
  'input,select,textarea{display:block;width:100%;min-height:3rem;font:inherit;color:inherit;background:#fff;padding:.6rem .75rem;border:1px solid #9ca3af;border-radius:.5rem}',
  'textarea{min-height:8rem;resize:vertical}',
  'button{display:block;width:100%;min-height:3.25rem;margin:1rem 0 0;padding:.75rem 1rem;font:inherit;font-weight:700;color:#fff;background:#1d4ed8;border:0;border-radius:.5rem;cursor:pointer}',
  'button.secondary{background:#4b5563}',
  'button.warn{background:#b45309}',
  'summary{display:flex;align-items:center;min-height:3rem;font-weight:700;font-size:1.1rem;cursor:pointer}',
  'details[open] summary{margin-bottom:.5rem}',
  FOCUS_RING_CSS,
  '.hint{color:#4b5563;font-size:.9rem;margin:.25rem 0 0}',
  '.qa{border-left:4px solid #93c5fd;padding-left:.75rem;margin:0 0 1rem}',
  '.qa p{margin:0 0 .5rem;white-space:pre-wrap}',
  '.muted{color:#52525b}',
  '.error{border-color:#b91c1c;border-width:2px;color:#991b1b}',
  // #52525b: 7:1 on the page's #f4f4f5 (#6b7280 was 4.39:1, under WCAG AA's 4.5).
  'footer{color:#52525b;font-size:.85rem;text-align:center;padding:0 1rem 2rem}',
  '@media (prefers-color-scheme:dark){body{background:#111827;color:#f3f4f6}.card{background:#1f2937;border-color:#374151}.error{border-color:#f87171;color:#fecaca}dt,.hint,.muted,footer{color:#9ca3af}input,select,textarea{background:#111827;border-color:#6b7280}}',
].join('');

/** The CSP source for the one style element, for a policy without 'unsafe-inline'. */
export const LINK_PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(LINK_PAGE_STYLE, 'utf8').digest('base64')}'`;

/** The document of a link page, around its `children`. */
export const LinkLayout: FC<PropsWithChildren<{ readonly locale: Locale; readonly title: string }>> = ({
  locale,
  title,
  children,
}) => (
  <html lang={locale}>
    <PageHead title={title} referrer="no-referrer">
      {/* The one constant style sheet, written as is (escaping would break its quotes and its hash). */}
      <style>{raw(LINK_PAGE_STYLE)}</style>
    </PageHead>
    <body>
      <main>{children}</main>
      <footer>
        {t(locale, 'page.personal')}
        <br />
        Relais
      </footer>
    </body>
  </html>
);

/** A complete page, as the HTML a browser gets: `body` is JSX (escaped as it renders). */
export function renderPage(locale: Locale, title: string, body: Child): string {
  return htmlDocument(
    <LinkLayout locale={locale} title={title}>
      {body}
    </LinkLayout>,
  );
}

/** The form action of a link route: same origin, the token encoded as one path segment (JSX escapes it). */
export function linkAction(token: string, action: string): string {
  // encodeURIComponent leaves !'()* alone; a segment of only unreserved characters is simpler to trust.
  const segment = encodeURIComponent(token).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `/o/${segment}/${action}`;
}

/** A `<dl>` of label/value pairs, both plain text. */
export const FactList: FC<{ readonly rows: readonly (readonly [string, string])[] }> = ({ rows }) => (
  <dl>
    {rows.map(([label, value]) => (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ))}
  </dl>
);

/** A page shown again after a refused answer: why, and what was typed. */
export interface ShownAgain {
  readonly refused?: RefusedInput;
  readonly typed?: TypedInput;
}

/** The refusal next to its field (ui/form-parts.tsx `FieldError`), in the page's words. */
export const fieldErrors = (locale: Locale, refused: RefusedInput | undefined): FieldErrors =>
  refused?.field ? { [refused.field]: t(locale, refused.words, refused.params) } : {};

/** The note above the forms for a refusal that names no field of the page (a body that could not be read). */
export const ErrorNote: FC<{ readonly locale: Locale; readonly refused: RefusedInput | undefined }> = ({
  locale,
  refused,
}) =>
  refused && !refused.field ? (
    <section class="card error" role="alert">
      <p>{t(locale, refused.words, refused.params)}</p>
    </section>
  ) : null;
