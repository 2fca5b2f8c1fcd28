import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../../lib/deps.ts';
import { PAGE_HEADERS, renderPage } from './layout.tsx';
import { currentPrincipal, SESSION_COOKIE, startPageFor } from './session.ts';

const FRONT_DOOR = renderPage({
  title: 'Welcome',
  body:
    '<h1>Relais</h1>' +
    '<p>Relais coordinates referrals and accompaniments for outreach services: it offers each referral ' +
    'to specialists who can take it, and follows the person to the appointment and its outcome.</p>' +
    '<p>Staff sign in to see the accompaniments they look after or the board of what needs someone.</p>' +
    '<p><a href="/app/sign-in">Sign in</a></p>',
});

/**
 * `/`: what Relais is and the way in; a visitor with a page session goes straight to the page their
 * role starts on. `/app` and `/app/`, which the session cookie (Path=/app) does reach, do the same,
 * and send anyone else to sign in.
 */
export function frontDoor(deps: Deps) {
  const signedIn = async (id: string | undefined) => (id ? await currentPrincipal(deps, id) : undefined);
  return new Hono()
    .get('/', async (c) => {
      const principal = await signedIn(getCookie(c, SESSION_COOKIE));
      if (principal) return c.redirect(startPageFor(principal.roles), 303);
      return c.body(FRONT_DOOR, 200, PAGE_HEADERS);
    })
    .get('/app', async (c) => {
      const principal = await signedIn(getCookie(c, SESSION_COOKIE));
      return c.redirect(principal ? startPageFor(principal.roles) : '/app/sign-in', 303);
    })
    .get('/app/', async (c) => {
      const principal = await signedIn(getCookie(c, SESSION_COOKIE));
      return c.redirect(principal ? startPageFor(principal.roles) : '/app/sign-in', 303);
    });
}
