import { Hono } from 'hono';
import * as z from 'zod/mini';
import { ORGANISATION_ID } from '../../../../domain/organisation-id.ts';
import { STAFF_ROLES } from '../../../../domain/referral/model.ts';
import { type TextKey, t } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { pageOnError } from '../error-page.tsx';
import { readPostedForm } from '../forms.ts';
import { pageResponse } from '../layout.tsx';
import { rolesOnly } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import { type InviteFormState, InvitePage } from './invite-page.tsx';

const inviteForm = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  org: z.string().check(z.trim(), z.regex(ORGANISATION_ID)),
  // Checkboxes: every value sent under `roles` (readPostedForm `all`).
  roles: z.array(z.enum(STAFF_ROLES)).check(z.minLength(1), z.maxLength(STAFF_ROLES.length)),
});

/** The words of each field's refusal. */
const FIELD_WORDS = {
  email: 'staff.invite.error.email',
  org: 'staff.invite.error.org',
  roles: 'staff.invite.error.roles',
} as const satisfies Readonly<Record<keyof z.infer<typeof inviteForm>, TextKey>>;

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
        const { form: typed, all } = await readPostedForm(c);
        const { locale } = c.var.pageLocale;
        const page = (status: 400 | 422 | 409 | 503, state: InviteFormState) =>
          pageResponse(
            c,
            InvitePage({
              principal: c.var.principal,
              state: { email: typed['email'] ?? '', org: typed['org'] ?? '', roles: all('roles'), ...state },
              locale,
            }),
            status,
          );
        const parsed = inviteForm.safeParse({
          email: typed['email'],
          org: typed['org'],
          roles: all('roles'),
        });
        // A field refused is told next to it, in the administrator's words, with what was typed kept.
        if (!parsed.success) {
          const errors: Record<string, string> = {};
          for (const issue of parsed.error.issues) {
            const field = String(issue.path[0] ?? '');
            if (field in FIELD_WORDS)
              errors[field] ??= t(locale, FIELD_WORDS[field as keyof typeof FIELD_WORDS]);
          }
          return page(400, { errors });
        }
        const form = parsed.data;
        const again = (status: 422 | 409 | 503, error: string) => page(status, { error });
        if (!deps.staffInvitations) return again(503, t(locale, 'staff.invite.not_set_up'));
        if (!(await deps.organisations.get(form.org))) {
          return again(422, t(locale, 'staff.invite.no_org', { org: form.org }));
        }
        const outcome = await deps.staffInvitations.invite({
          email: form.email,
          org: form.org,
          roles: form.roles,
        });
        if (outcome === 'exists') return again(409, t(locale, 'staff.invite.exists'));
        return c.redirect('/app/staff/invite?invited=1', 303);
      })
  );
}
