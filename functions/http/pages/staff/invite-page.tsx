import type { FC } from 'hono/jsx';
import { STAFF_ROLES } from '../../../../domain/referral/model.ts';
import type { StaffPrincipal } from '../../../lib/deps.ts';
import { described, FieldError, type FieldErrors } from '../../../ui/form-parts.tsx';
import type { Locale } from '../../../ui/messages.ts';
import { Layout, words } from '../layout.tsx';

/** What the invitation form shows: a notice after sending, or a refusal with what was typed. */
export interface InviteFormState {
  readonly notice?: string;
  readonly error?: string;
  /** A refusal next to each field at fault (`email`, `org`, `roles`). */
  readonly errors?: FieldErrors;
  readonly email?: string;
  readonly org?: string;
  /** The roles ticked, kept when the form comes back. */
  readonly roles?: readonly string[];
}

/** `/app/staff/invite`: the invitation form, in the staff member's language. */
export const InvitePage: FC<{ principal: StaffPrincipal; state: InviteFormState; locale: Locale }> = ({
  principal,
  state,
  locale,
}) => {
  const w = words(locale);
  const errors = state.errors ?? {};
  return (
    <Layout title={w('staff.nav.invite')} locale={locale} signedInAs={principal} path="/app/staff/invite">
      <h1>{w('staff.nav.invite')}</h1>
      {state.notice ? (
        <p class="flash" role="status">
          {state.notice}
        </p>
      ) : null}
      {state.error ? (
        <p class="error" role="alert">
          {state.error}
        </p>
      ) : null}
      <form method="post" action="/app/staff/invite" class="card">
        <label for="email">{w('staff.invite.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="off"
          required
          maxlength={254}
          value={state.email ?? ''}
          {...described(errors, 'email')}
        />
        <FieldError errors={errors} name="email" />
        <label for="org">{w('staff.invite.org')}</label>
        <input
          id="org"
          name="org"
          required
          pattern="[a-z0-9][a-z0-9-]{0,63}"
          value={state.org ?? principal.org}
          {...described(errors, 'org', 'org-hint')}
        />
        <p id="org-hint" class="muted">
          {w('staff.invite.org_hint')}
        </p>
        <FieldError errors={errors} name="org" />
        <fieldset {...described(errors, 'roles')}>
          <legend>{w('staff.invite.roles')}</legend>
          {STAFF_ROLES.map((r) => (
            <label>
              <input
                type="checkbox"
                name="roles"
                value={r}
                checked={state.roles?.includes(r) ?? false}
                style="display:inline;width:auto;min-height:auto"
              />{' '}
              {w(`staff.role.${r}`)}
            </label>
          ))}
          <FieldError errors={errors} name="roles" />
        </fieldset>
        <button type="submit">{w('staff.invite.submit')}</button>
      </form>
    </Layout>
  );
};
