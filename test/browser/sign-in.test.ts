import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInFlowStore } from '../../functions/adapters/dynamo/sign-in-flow-store.ts';
import { createOidcSignIn } from '../../functions/adapters/oidc/oidc-sign-in.ts';
import type { Deps } from '../../functions/lib/deps.ts';
import { t } from '../../functions/ui/messages.ts';
import { createApp } from '../../local/app.ts';
import { DEMO_ORGANISATIONS } from '../../local/demo-network.ts';
import { createLocalStaffDirectory, type LocalStaffDirectory } from '../../local/staff-directory.ts';
import type { Harness } from '../integration/http/harness.ts';
import { type LocalAddress, localAddress, screenshot, skipWithoutChromium } from '../support/browser.ts';
import { startOidcIssuer, type TestOidcIssuer } from '../support/oidc-issuer.ts';
import { openStaffBrowser, type StaffBrowser } from '../support/staff-browser.ts';
import { createTestTable } from '../support/table.ts';

/*
 * Signing in as deployed: a real headless Chromium (JavaScript off) against the app and a local OpenID
 * Connect provider the test starts (test/support/oidc-issuer.ts): the code flow with PKCE, the session
 * it opens, its refresh (roles read again), sign-out (the session gone, the provider's end_session
 * hit), the admin's invite page; and, on a second app in local mode, the dev sign-in. The one
 * staff-page fixture (openStaffBrowser) serves the deployed app made from its harness.
 */

const CLIENT_ID = 'relais-pages';

let staff: StaffBrowser | undefined;
let h: Harness;
let issuer: TestOidcIssuer;
let directory: LocalStaffDirectory;
let address: { readonly base: string };
let local: { address: LocalAddress; server: Server } | undefined;

beforeAll(async () => {
  staff = await openStaffBrowser(
    'browser-sign-in',
    async (harness) => {
      for (const org of DEMO_ORGANISATIONS) await harness.deps.organisations.put(org);
    },
    {
      // As deployed: the identity provider's sign-in and the staff invitations.
      serve: async (harness, base) => {
        issuer = await startOidcIssuer({ clientId: CLIENT_ID, redirectUri: `${base}/app/sign-in/callback` });
        const flows = await createTestTable('browser-sign-in-flows');
        directory = createLocalStaffDirectory({
          mailer: harness.deps.mailer,
          publicUrl: base,
          sign: (member) => harness.token(member.roles[0]!, member.org, member.sub),
        });
        const deployed: Deps = {
          ...harness.deps,
          signIn: {
            provider: createOidcSignIn({
              issuer: issuer.issuer,
              clientId: CLIENT_ID,
              redirectUri: `${base}/app/sign-in/callback`,
              postLogoutRedirectUri: `${base}/`,
            }),
            flows: createSignInFlowStore(flows.dynamo, flows.tableName),
          },
          staffInvitations: directory,
        };
        return createApp(deployed);
      },
    },
  );
  if (!staff) return;
  h = staff.h;
  address = { base: staff.base };

  // The same data in local mode: the dev sign-in, no provider.
  const localDeps: Deps = {
    ...h.deps,
    staffInvitations: directory,
    dev: {
      outbox: async () => [],
      advanceClock: async () => ({ now: new Date().toISOString(), fired: [] }),
      staff: directory.staff,
    },
  };
  const localAddr = await localAddress();
  const server = createAdaptorServer({ fetch: createApp(localDeps).fetch }) as Server;
  await new Promise<void>((ok) => server.listen(localAddr.port, '127.0.0.1', ok));
  local = { address: localAddr, server };
});

afterAll(async () => {
  await staff?.close();
  local?.server.closeAllConnections();
  await new Promise((ok) => (local ? local.server.close(ok) : ok(undefined)));
  await issuer?.close();
});

/** A browser of its own, not signed in (these tests sign in through the provider or the dev form). */
const newPage = async () => {
  const context = await staff!.session.browser.newContext({ javaScriptEnabled: false });
  return { context, page: await context.newPage() };
};

describe('signing in with the identity provider, in a browser', () => {
  it('runs the code flow into a session, refreshes it with the roles read again, and signs out at the provider', async (ctx) => {
    skipWithoutChromium(ctx);
    issuer.user = { sub: 'coord-1', org: 'mdm-lu', roles: ['coordinator'] };
    // An ID token shorter than the refresh margin: every page refreshes the session.
    issuer.idTokenSeconds = 60;
    const { context, page } = await newPage();

    await page.goto(`${address.base}/app/board`);
    await page.waitForURL(`${address.base}/app/board`);
    // In the organisation's language (French).
    expect(await page.locator('h1').first().textContent()).toContain('le tableau de bord de la coordination');
    expect(issuer.grants).toContain('authorization_code');
    const asked = issuer.lastAuthorize!;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(asked.get('nonce')?.length).toBeGreaterThanOrEqual(32);
    expect(issuer.refusals).toEqual([]);

    const cookies = await context.cookies(`${address.base}/app/sign-in/callback`);
    const sessionCookie = cookies.find((c) => c.name === 'relais_session')!;
    expect(sessionCookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionCookie.httpOnly).toBe(true);
    expect(sessionCookie.sameSite).toBe('Strict');
    // The attempt's cookie is gone once used.
    expect(cookies.some((c) => c.name === 'relais_signin')).toBe(false);

    // Refreshed while in use, the roles read again: no longer a coordinator, the board says so.
    expect(issuer.grants).toContain('refresh_token');
    issuer.user = { ...issuer.user, roles: ['accompanier'] };
    const refused = await page.goto(`${address.base}/app/board`);
    expect(refused?.status()).toBe(403);
    await screenshot(page, 'sign-in-refreshed.png');

    const refreshes = issuer.grants.filter((g) => g === 'refresh_token').length;
    await Promise.all([
      page.waitForURL(`${address.base}/`),
      page.click('form[action="/app/sign-out"] button[type="submit"]'),
    ]);
    expect(issuer.endSessions).toHaveLength(1);
    expect(issuer.endSessions[0]!.get('client_id')).toBe(CLIENT_ID);
    expect(issuer.endSessions[0]!.get('post_logout_redirect_uri')).toBe(`${address.base}/`);
    expect(
      (await context.cookies(`${address.base}/app/board`)).some((c) => c.name === 'relais_session'),
    ).toBe(false);
    expect(await h.deps.pageSessions.resume(sessionCookie.value)).toBeUndefined();
    expect(issuer.grants.filter((g) => g === 'refresh_token')).toHaveLength(refreshes);
    await context.close();
  });

  it('lets an administrator invite staff from the invite page, and no one else', async (ctx) => {
    skipWithoutChromium(ctx);
    issuer.idTokenSeconds = 3600;
    issuer.user = { sub: 'admin-1', org: 'mdm-lu', roles: ['admin'] };
    const { context, page } = await newPage();
    await page.goto(`${address.base}/app/staff/invite`);
    await page.waitForURL(`${address.base}/app/staff/invite`);
    await page.fill('#email', 'New.Accompanier@mdm-lu.example');
    await page.fill('#org', 'mdm-lu');
    await page.check('input[name="roles"][value="accompanier"]');
    await Promise.all([page.waitForURL(/invited=1/), page.click('form[action="/app/staff/invite"] button')]);
    expect(await page.locator('[role="status"]').textContent()).toContain('invitation');
    await screenshot(page, 'staff-invite.png');
    const mail = h.sent.find((m) => m.to === 'new.accompanier@mdm-lu.example');
    expect(mail?.subject).toBe('You are invited to Relais');
    expect(await directory.staff.list()).toContainEqual({
      sub: 'new.accompanier@mdm-lu.example',
      org: 'mdm-lu',
      roles: ['accompanier'],
      email: 'new.accompanier@mdm-lu.example',
    });

    // The same address again: nothing sent, and the page says so.
    await page.fill('#email', 'new.accompanier@mdm-lu.example');
    await page.check('input[name="roles"][value="accompanier"]');
    const again = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/app/staff/invite') && r.request().method() === 'POST'),
      page.click('form[action="/app/staff/invite"] button'),
    ]);
    expect(again[0].status()).toBe(409);
    expect(h.sent.filter((m) => m.to === 'new.accompanier@mdm-lu.example')).toHaveLength(1);
    await context.close();

    issuer.user = { sub: 'coord-2', org: 'mdm-lu', roles: ['coordinator'] };
    const other = await newPage();
    await other.page.goto(`${address.base}/app/staff/invite`);
    await other.page.waitForURL(`${address.base}/app/staff/invite`);
    // In the organisation's French: nobody chose a language in this browser.
    expect(await other.page.locator('h1').textContent()).toBe(t('fr', 'staff.not_allowed'));
    await other.context.close();
  });
});

describe('the dev sign-in, in local mode, in a browser', () => {
  it('signs in as a demo staff member picked by organisation and role, invited ones included', async (ctx) => {
    skipWithoutChromium(ctx);
    const { context, page } = await newPage();
    await page.goto(`${local!.address.base}/app/sign-in?next=%2Fapp%2Fboard`);
    expect(await page.locator('#dev-sign-in').count()).toBe(1);
    expect(await page.locator('#provider-sign-in').count()).toBe(0);
    expect(await page.locator('textarea[name="token"]').count()).toBe(1);
    expect(await page.locator('#user optgroup[label="dune-bxl"] option').count()).toBeGreaterThan(0);
    await screenshot(page, 'dev-sign-in.png');
    await page.selectOption('#user', 'coordinator-dune-bxl');
    await Promise.all([
      page.waitForURL(`${local!.address.base}/app/board`),
      page.click('#dev-sign-in button'),
    ]);
    expect(await page.locator('header').textContent()).toContain('coordinator-dune-bxl · dune-bxl');
    await context.close();
  });
});
