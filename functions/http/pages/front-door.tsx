import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Locale } from '../../ui/messages.ts';
import type { PagesAppDeps } from '../pages-parts.ts';
import { pageOnError } from './error-page.tsx';
import { Layout, PAGE_HEADERS, renderHtml, words } from './layout.tsx';
import { pageLocale } from './locale.ts';
import { currentPrincipal, SESSION_COOKIE, startPageFor } from './session.ts';

function frontDoorPage(locale: Locale): string {
  const w = words(locale);
  return renderHtml(
    <Layout title={w('staff.front.title')} locale={locale} path="/">
      <h1>Relais</h1>
      <p>{w('staff.front.lead')}</p>
      <p>{w('staff.front.staff')}</p>
      <p>
        <a href="/app/sign-in">{w('staff.front.sign_in')}</a>
      </p>
    </Layout>,
  );
}

/**
 * `/`: what Relais is and the way in; a visitor with a page session goes straight to the page their
 * role starts on. `/app` and `/app/`, which the session cookie (Path=/app) does reach, do the same,
 * and send anyone else to sign in.
 */
export function frontDoor(deps: PagesAppDeps) {
  const signedIn = async (id: string | undefined) => (id ? await currentPrincipal(deps, id) : undefined);
  const app = new Hono()
    .get('/', async (c) => {
      const principal = await signedIn(getCookie(c, SESSION_COOKIE));
      if (principal) return c.redirect(startPageFor(principal.roles), 303);
      const { locale } = await pageLocale(c, deps);
      return c.body(frontDoorPage(locale), 200, PAGE_HEADERS);
    })
    .get('/app', async (c) => {
      const principal = await signedIn(getCookie(c, SESSION_COOKIE));
      return c.redirect(principal ? startPageFor(principal.roles) : '/app/sign-in', 303);
    })
    .get('/app/', async (c) => {
      const principal = await signedIn(getCookie(c, SESSION_COOKIE));
      return c.redirect(principal ? startPageFor(principal.roles) : '/app/sign-in', 303);
    });
  app.onError(pageOnError(deps));
  return app;
}
