import { type Locale, t } from '../../ui/messages.ts';
import { linkAction, renderPage } from './layout.tsx';

/**
 * The page behind an address link: one button that POSTs to `/o/{token}/address`. Opening the link
 * confirms nothing (mail scanners open links); pressing the button does.
 */
export function addressPage(input: { readonly locale: Locale; readonly token: string }): string {
  const { locale } = input;
  const title = t(locale, 'page.address.title');
  return renderPage(
    locale,
    title,
    <>
      <h1>{title}</h1>
      <section class="card">
        <p>{t(locale, 'page.address.lead')}</p>
        <form method="post" action={linkAction(input.token, 'address')}>
          <button type="submit">{t(locale, 'page.address.submit')}</button>
        </form>
      </section>
    </>,
  );
}
