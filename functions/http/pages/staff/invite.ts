import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { STAFF_ROLES } from '../../../../domain/referral/model.ts';
import { readForm } from '../../../edge/validation.ts';
import type { Deps, StaffPrincipal } from '../../../lib/deps.ts';
import type { Locale } from '../../../ui/messages.ts';
import { pageOnError } from '../error-page.tsx';
import { escapeHtml, PAGE_HEADERS, renderPage } from '../layout.tsx';
import { pageLocale } from '../locale.ts';
import { pageSession, sameOriginOnly } from '../session.ts';

const ORG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const role = z.enum(STAFF_ROLES);
const inviteForm = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  org: z.string().check(z.trim(), z.regex(ORG)),
  roles: z.union([role, z.array(role).check(z.minLength(1), z.maxLength(STAFF_ROLES.length))]),
});

const ROLE_LABELS: Readonly<Record<(typeof STAFF_ROLES)[number], string>> = {
  social_worker: 'Social worker',
  accompanier: 'Accompanier',
  coordinator: 'Coordinator',
  network_coordinator: 'Network coordinator',
  admin: 'Administrator',
};

interface FormState {
  readonly notice?: string;
  readonly error?: string;
  readonly email?: string;
  readonly org?: string;
}

function invitePage(principal: StaffPrincipal, state: FormState, locale?: Locale): string {
  return renderPage({
    title: 'Invite staff',
    path: '/app/staff/invite',
    ...(locale ? { lang: locale } : {}),
    signedInAs: principal,
    body:
      '<h1>Invite staff</h1>' +
      (state.notice ? `<p class="flash" role="status">${escapeHtml(state.notice)}</p>` : '') +
      (state.error ? `<p class="error" role="alert">${escapeHtml(state.error)}</p>` : '') +
      '<form method="post" action="/app/staff/invite" class="card">' +
      '<label for="email">Email address</label>' +
      `<input id="email" name="email" type="email" autocomplete="off" required maxlength="254" value="${escapeHtml(state.email ?? '')}">` +
      '<label for="org">Organisation</label>' +
      `<input id="org" name="org" required pattern="[a-z0-9][a-z0-9-]{0,63}" value="${escapeHtml(state.org ?? principal.org)}" aria-describedby="org-hint">` +
      '<p id="org-hint" class="muted">The organisation\'s id, e.g. mdm-lu.</p>' +
      '<fieldset><legend>Roles</legend>' +
      STAFF_ROLES.map(
        (r) =>
          `<label><input type="checkbox" name="roles" value="${r}" style="display:inline;width:auto;min-height:auto"> ${escapeHtml(ROLE_LABELS[r])}</label>`,
      ).join('') +
      '</fieldset>' +
      '<button type="submit">Send the invitation</button></form>',
  });
}

/**
 * `/app/staff/invite`: an administrator invites a staff member by email, with their organisation and
 * roles, through deps.staffInvitations (Cognito deployed; locally the dev sign-in and the outbox).
 * A server-rendered form, no script needed; administrators only.
 */
export function staffPages(deps: Deps) {
  const adminOnly = async (c: Context, next: () => Promise<void>) => {
    const p: StaffPrincipal = c.var.principal;
    if (!p.roles.includes('admin')) {
      return c.body(
        renderPage({
          title: 'Not allowed',
          signedInAs: p,
          body: '<h1>Not allowed</h1><p class="error">Inviting staff is for administrators.</p>',
        }),
        403,
        PAGE_HEADERS,
      );
    }
    await next();
  };
  return (
    new Hono()
      .onError(pageOnError(deps))
      // Guarded on its own path: /app/staff beside it is the coordinators' (list.tsx).
      .get('/invite', sameOriginOnly, pageSession(deps), adminOnly, async (c) => {
        const { locale } = await pageLocale(c, deps, c.var.principal);
        const invitedTo = c.req.query('invited');
        const notice = invitedTo ? 'The invitation is on its way.' : undefined;
        return c.body(invitePage(c.var.principal, { notice }, locale), 200, PAGE_HEADERS);
      })
      .post('/invite', sameOriginOnly, pageSession(deps), adminOnly, async (c) => {
        const form = await readForm(c, inviteForm);
        const roles = Array.isArray(form.roles) ? form.roles : [form.roles];
        const { locale } = await pageLocale(c, deps, c.var.principal);
        const again = (status: 422 | 409 | 503, error: string) =>
          c.body(
            invitePage(c.var.principal, { error, email: form.email, org: form.org }, locale),
            status,
            PAGE_HEADERS,
          );
        if (!deps.staffInvitations) return again(503, 'Invitations are not set up on this deployment.');
        if (!(await deps.organisations.get(form.org))) {
          return again(422, `There is no organisation "${form.org}".`);
        }
        const outcome = await deps.staffInvitations.invite({ email: form.email, org: form.org, roles });
        if (outcome === 'exists') return again(409, 'That address already has an account: nothing was sent.');
        return c.redirect('/app/staff/invite?invited=1', 303);
      })
  );
}
