import { escapeHtml } from '../../ui/html.ts';

export { escapeHtml };

/**
 * The shell of the staff pages (accompanier's phone page, coordinator board, sign-in): server-rendered,
 * usable without JavaScript, nothing fetched from elsewhere, one inline <style> element.
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
  'header{background:#1e3a8a;color:#fff;padding:.6rem 1rem;display:flex;justify-content:space-between;align-items:center;gap:.5rem}',
  'header a,header button{color:#fff}',
  'header form{margin:0}',
  'header button{background:none;border:1px solid #93c5fd;border-radius:.4rem;padding:.3rem .6rem;font:inherit;min-height:auto;width:auto;margin:0}',
  'main{max-width:64rem;margin:0 auto;padding:1rem}',
  'h1{font-size:1.4rem;margin:.25rem 0 1rem}',
  'h2{font-size:1.15rem;margin:1.25rem 0 .5rem}',
  '.card{background:#fff;border:1px solid #e5e7eb;border-radius:.75rem;padding:.9rem;margin:0 0 .9rem}',
  '.row{display:flex;flex-wrap:wrap;gap:.5rem}',
  '.row form{flex:1 1 7rem;margin:0}',
  'label{display:block;font-weight:600;margin:.6rem 0 .25rem}',
  'input,select,textarea{display:block;width:100%;min-height:2.75rem;font:inherit;padding:.5rem .6rem;border:1px solid #9ca3af;border-radius:.5rem;background:#fff;color:inherit}',
  'button{display:block;width:100%;min-height:3rem;padding:.6rem .8rem;font:inherit;font-weight:700;color:#fff;background:#1d4ed8;border:0;border-radius:.5rem;cursor:pointer}',
  'button.ok{background:#15803d}button.warn{background:#b45309}button.secondary{background:#4b5563}',
  '.muted{color:#6b7280}.tag{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;background:#e0e7ff;color:#1e3a8a;font-size:.85rem;font-weight:600}',
  '.overdue{color:#b91c1c;font-weight:700}',
  'table{width:100%;border-collapse:collapse;background:#fff}th,td{padding:.45rem .5rem;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}',
  '.flash{background:#ecfdf5;border:1px solid #10b981;border-radius:.5rem;padding:.6rem .8rem;margin:0 0 1rem}',
  '.error{background:#fef2f2;border:1px solid #ef4444;border-radius:.5rem;padding:.6rem .8rem;margin:0 0 1rem}',
  ':focus-visible{outline:3px solid #f59e0b;outline-offset:2px}',
].join('');

export interface PageInput {
  readonly title: string;
  /** HTML already escaped by the caller. */
  readonly body: string;
  readonly lang?: string;
  /** Shows the sign-out button and who is signed in. */
  readonly signedInAs?: { readonly sub: string; readonly org: string };
}

/** A complete staff page. */
export function renderPage({ title, body, lang = 'en', signedInAs }: PageInput): string {
  const who = signedInAs
    ? `<span>${escapeHtml(signedInAs.sub)} · ${escapeHtml(signedInAs.org)}</span>` +
      '<form method="post" action="/app/sign-out"><button type="submit">Sign out</button></form>'
    : '';
  return (
    '<!doctype html>' +
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="same-origin"><meta name="robots" content="noindex, nofollow">' +
    `<title>${escapeHtml(title)} · Relais</title><style>${STYLE}</style></head>` +
    `<body><header><strong>Relais</strong>${who}</header><main>${body}</main></body></html>`
  );
}
