import { escapeHtml } from '../../ui/html.ts';
import { type Locale, t, tHtml } from '../../ui/messages.ts';
import { linkAction, renderPage } from './layout.ts';

/**
 * The page behind an address link: one button that POSTs to `/o/{token}/address`. Opening the link
 * confirms nothing (mail scanners open links); pressing the button does.
 */
export function addressPage(input: { readonly locale: Locale; readonly token: string }): string {
  const { locale } = input;
  const title = t(locale, 'page.address.title');
  const body =
    `<h1>${escapeHtml(title)}</h1>` +
    `<section class="card"><p>${tHtml(locale, 'page.address.lead')}</p>` +
    `<form method="post" action="${linkAction(input.token, 'address')}">` +
    `<button type="submit">${tHtml(locale, 'page.address.submit')}</button>` +
    '</form></section>';
  return renderPage(locale, title, body);
}
