import { Hono } from 'hono';
import * as z from 'zod/mini';
import { ORGANISATION_ID } from '../../../../domain/organisation-id.ts';
import { STAFF_ROLES } from '../../../../domain/referral/model.ts';
import { readForm } from '../../../edge/validation.ts';
import { t } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { pageOnError } from '../error-page.tsx';
import { pageResponse } from '../layout.tsx';
import { rolesOnly } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import { type InviteFormState, InvitePage } from './invite-page.tsx';

const role = z.enum(STAFF_ROLES);
const inviteForm = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  org: z.string().check(z.trim(), z.regex(ORGANISATION_ID)),
  roles: z.union([role, z.array(role).check(z.minLength(1), z.maxLength(STAFF_ROLES.length))]),
});

/**
 * `/app/staff/invite`: an administrator invites a staff member by email, with their organisation and
 * roles, through deps.staffInvitations (Cognito deployed; locally the dev sign-in and the outbox).
 * A server-rendered form, no script needed; administrators only.
 */
export function staffPages(deps: PagesAppDeps) {
  const adminOnly = rolesOnly(deps, ['admin'], 'staff.invite.not_allowed');
  return (
    new Hono()
      .onError(pageOnError(deps))
      // Guarded on its own path: /app/staff beside it is the coordinators' (list.tsx).
      .get('/invite', sameOriginOnly, pageSession(deps), adminOnly, (c) => {
        const { locale } = c.var.pageLocale;
        const notice = c.req.query('invited') ? t(locale, 'staff.invite.sent') : undefined;
        return pageResponse(c, InvitePage({ principal: c.var.principal, state: { notice }, locale }));
      })
      .post('/invite', sameOriginOnly, pageSession(deps), adminOnly, async (c) => {
        const form = await readForm(c, inviteForm);
        const roles = Array.isArray(form.roles) ? form.roles : [form.roles];
        const { locale } = c.var.pageLocale;
        const again = (status: 422 | 409 | 503, error: string) => {
          const state: InviteFormState = { error, email: form.email, org: form.org };
          return pageResponse(c, InvitePage({ principal: c.var.principal, state, locale }), status);
        };
        if (!deps.staffInvitations) return again(503, t(locale, 'staff.invite.not_set_up'));
        if (!(await deps.organisations.get(form.org))) {
          return again(422, t(locale, 'staff.invite.no_org', { org: form.org }));
        }
        const outcome = await deps.staffInvitations.invite({ email: form.email, org: form.org, roles });
        if (outcome === 'exists') return again(409, t(locale, 'staff.invite.exists'));
        return c.redirect('/app/staff/invite?invited=1', 303);
      })
  );
}
