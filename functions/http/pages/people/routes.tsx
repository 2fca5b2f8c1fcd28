import { type Context, Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Caller } from '../../../../domain/caller.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { setDoNotContactOf } from '../../../../domain/people/mark-do-not-contact.ts';
import type { PersonChange } from '../../../../domain/people/person-referrals.ts';
import { withdrawConsentOf } from '../../../../domain/people/withdraw-consent.ts';
import type { UseCaseDeps } from '../../../../domain/referral/deps.ts';
import type { StaffRole } from '../../../../domain/referral/model.ts';
import { viewOf } from '../../../../domain/referral/need-to-know.ts';
import { own } from '../../../edge/own.ts';
import { useCaseDeps } from '../../../lib/use-case-deps.ts';
import { type Locale, specialtyName, type TextKey, t } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { ROLES_TO } from '../../routes/roles.ts';
import { pseudonymParams } from '../../schemas/params.ts';
import { pageOnError } from '../error-page.tsx';
import { Layout, pageResponse, words } from '../layout.tsx';
import { pathParams } from '../path-params.ts';
import { statusLabel } from '../referral-words.ts';
import { refusedRole } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';

/*
 * `/app/people/{pseudonym}`: a person's referrals in the organisation, found through a search form, with
 * consent withdrawal and "contact through the organisation only" behind a confirmation step. The same
 * use cases as `POST /v1/people/{pseudonym}/…`. Words from the staff catalogue, in the page's language.
 */

const ACTIONS: Readonly<
  Record<
    string,
    {
      readonly label: TextKey;
      readonly warn: TextKey;
      readonly done: TextKey;
      /** Who may: the roles of its JSON route (routes/roles.ts). */
      readonly roles: readonly StaffRole[];
      readonly run: (uc: UseCaseDeps, c: Caller, p: string) => Promise<PersonChange>;
    }
  >
> = {
  'consent-withdrawal': {
    label: 'staff.people.consent.label',
    warn: 'staff.people.consent.warn',
    done: 'staff.people.consent.done',
    roles: ROLES_TO.person,
    run: (uc, caller, p) => withdrawConsentOf(uc, caller, p),
  },
  'do-not-contact': {
    label: 'staff.people.dnc.label',
    warn: 'staff.people.dnc.warn',
    done: 'staff.people.dnc.done',
    roles: ROLES_TO.person,
    run: (uc, caller, p) => setDoNotContactOf(uc, caller, p, true),
  },
};

/** The action of that name, if it is one. */
const actionOf = (name: string) => own(ACTIONS, name);

/** A page of these: the signed-in staff member's shell, language and navigation around `body`. */
const page = (c: Context, title: TextKey, body: Child, status: ContentfulStatusCode = 200) => {
  const caller = c.var.principal;
  const { locale } = c.var.pageLocale;
  return pageResponse(
    c,
    <Layout
      title={t(locale, title)}
      locale={locale}
      signedInAs={{ sub: caller.sub, org: caller.org, roles: caller.roles }}
      path={new URL(c.req.url).pathname}
    >
      {body}
    </Layout>,
    status,
  );
};

const Search: FC<{ locale: Locale; value?: string }> = ({ locale, value }) => (
  <form method="get" action="/app/people">
    <label for="pseudonym">{t(locale, 'staff.people.pseudonym')}</label>{' '}
    <input id="pseudonym" name="pseudonym" value={value ?? ''} />{' '}
    <button type="submit">{t(locale, 'staff.people.find')}</button>
  </form>
);

const at = (p: string) => `/app/people/${encodeURIComponent(p)}`;

export function peoplePages(deps: PagesAppDeps) {
  const uc = useCaseDeps(deps);
  return new Hono()
    .onError(pageOnError(deps))
    .use(sameOriginOnly, pageSession(deps))
    .use('/:pseudonym/*', pathParams(pseudonymParams, 'pseudonym'))
    .get('/', (c) => {
      const p = c.req.query('pseudonym')?.trim();
      if (p) return c.redirect(at(p), 303);
      const w = words(c.var.pageLocale.locale);
      return page(
        c,
        'staff.people.find_title',
        <section>
          <h1>{w('staff.people.find_title')}</h1>
          <Search locale={c.var.pageLocale.locale} />
        </section>,
      );
    })
    .get('/:pseudonym', async (c) => {
      const caller = c.var.principal;
      const { locale } = c.var.pageLocale;
      const w = words(locale);
      const p = c.req.param('pseudonym');
      const list = await deps.store.listByOrg(caller.org, { pseudonym: p, limit: 50 });
      const rows = list.items.filter((r) => viewOf(r, caller, false) === 'full');
      const done = actionOf(c.req.query('done') ?? '');
      return page(
        c,
        'staff.people.person',
        <section>
          <h1>{p}</h1>
          <Search locale={locale} value={p} />
          {done ? (
            <p class="flash" role="status">
              {w(done.done)}
            </p>
          ) : null}
          {rows.length === 0 ? (
            <p>{w('staff.people.none')}</p>
          ) : (
            <>
              <ul>
                {rows.map((r) => (
                  <li>
                    <a href={`/app/referrals/${encodeURIComponent(r.id)}`}>
                      {specialtyName(locale, r.need.specialty)}
                    </a>{' '}
                    · {statusLabel(locale, r.status)}
                  </li>
                ))}
              </ul>
              <h2>{w('staff.people.for_person')}</h2>
              {Object.entries(ACTIONS).map(([action, a]) => (
                <p>
                  <a href={`${at(p)}/${action}`}>{w(a.label)}</a>
                </p>
              ))}
            </>
          )}
        </section>,
      );
    })
    .get('/:pseudonym/:action', (c) => {
      const a = actionOf(c.req.param('action'));
      if (!a) return c.notFound();
      const w = words(c.var.pageLocale.locale);
      const p = c.req.param('pseudonym');
      return page(
        c,
        'staff.people.confirm',
        <section>
          <h1>{w(a.label)}</h1>
          <p>{w(a.warn)}</p>
          <form method="post" action={`${at(p)}/${c.req.param('action')}`}>
            <button type="submit">{w('staff.people.confirm.yes')}</button>
          </form>
          <p>
            <a href={at(p)}>{w('staff.people.confirm.no')}</a>
          </p>
        </section>,
      );
    })
    .post('/:pseudonym/:action', async (c) => {
      const action = c.req.param('action');
      const a = actionOf(action);
      if (!a) return c.notFound();
      // The role check of the action's JSON route, before anything is read.
      const refused = await refusedRole(c, deps, a.roles, 'staff.not_allowed.role');
      if (refused) return refused;
      const caller = c.var.principal;
      const p = c.req.param('pseudonym');
      try {
        const result = await a.run(uc, caller, p);
        if (result.changed.length === 0 && result.unchanged === 0)
          throw new DomainError('not_found', 'None.');
      } catch (err) {
        if (!(err instanceof DomainError) || err.kind === 'not_found') throw err;
        // The refusal's own words are the use case's (as the API gives them); the page around them is translated.
        const body = (
          <section>
            <h1>{p}</h1>
            <p class="error" role="alert">
              {err.message}
            </p>
            <p>
              <a href={at(p)}>{t(c.var.pageLocale.locale, 'staff.error.back')}</a>
            </p>
          </section>
        );
        return page(c, 'staff.people.person', body, err.kind === 'forbidden' ? 403 : 422);
      }
      return c.redirect(`${at(p)}?done=${action}`, 303);
    });
}
