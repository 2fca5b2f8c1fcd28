import type { DemoStaffMember } from '../../lib/deps.ts';
import type { Locale } from '../../ui/messages.ts';
import { Layout, renderHtml, words } from './layout.tsx';

/** The sign-in page: the provider's link, the dev sign-in (local mode), the staff token form. */
export interface SignInOptions {
  readonly locale: Locale;
  readonly error?: string;
  readonly next?: string;
  /** A link to sign in with the identity provider. */
  readonly provider?: boolean;
  /** The dev sign-in's staff (local mode only). */
  readonly demo?: readonly DemoStaffMember[];
}

const NextField = ({ next }: { next?: string }) =>
  next ? <input type="hidden" name="next" value={next} /> : null;

export function signInPage({ locale, error, next, provider, demo }: SignInOptions): string {
  const w = words(locale);
  const start = `/app/sign-in/start${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  return renderHtml(
    <Layout
      title={w('staff.sign_in.title')}
      locale={locale}
      path={next ? `/app/sign-in?next=${encodeURIComponent(next)}` : '/app/sign-in'}
    >
      <h1>{w('staff.sign_in.title')}</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {/* A link, not a form: the page's CSP (form-action 'self') would stop a form's redirect to the provider. */}
      {provider ? (
        <p class="card">
          <a id="provider-sign-in" href={start}>
            {w('staff.sign_in.provider')}
          </a>
        </p>
      ) : null}
      {demo ? <DevSignIn locale={locale} demo={demo} next={next} /> : null}
      <form method="post" action="/app/sign-in" class="card">
        <label for="token">{w('staff.sign_in.token')}</label>
        <textarea id="token" name="token" rows={4} autocomplete="off" spellcheck={false} required />
        <NextField next={next} />
        <button type="submit">{w('staff.sign_in.submit')}</button>
      </form>
    </Layout>,
  );
}

/** The dev sign-in: the demo staff grouped by organisation, each with their roles. */
const DevSignIn = ({
  locale,
  demo,
  next,
}: {
  locale: Locale;
  demo: readonly DemoStaffMember[];
  next?: string;
}) => {
  const w = words(locale);
  const orgs = [...new Set(demo.map((m) => m.org))].sort();
  return (
    <form method="post" action="/app/sign-in/dev" class="card" id="dev-sign-in">
      <h2>{w('staff.dev.title')}</h2>
      <p class="muted">{w('staff.dev.lead')}</p>
      <label for="user">{w('staff.dev.user')}</label>
      <select id="user" name="user" required>
        {orgs.map((org) => (
          <optgroup label={org}>
            {demo
              .filter((m) => m.org === org)
              .map((m) => (
                <option value={m.sub}>{`${m.roles.join(', ')} · ${m.email ?? m.sub}`}</option>
              ))}
          </optgroup>
        ))}
      </select>
      <NextField next={next} />
      <button type="submit">{w('staff.dev.submit')}</button>
    </form>
  );
};

/**
 * A page that moves the browser on by itself (no JavaScript). Used where a redirect would not do: after
 * the provider's callback (a Strict cookie set on a navigation that came from another site is not
 * sent on its redirects) and to the provider's sign-out (the sign-out form's CSP allows only 'self').
 */
export function movingOnPage(locale: Locale, title: string, to: string, text: string): string {
  return renderHtml(
    <Layout title={title} locale={locale}>
      <meta http-equiv="refresh" content={`0;url=${to}`} />
      <h1>{title}</h1>
      <p>
        <a href={to}>{text}</a>
      </p>
    </Layout>,
  );
}
