import { type Context, Hono } from 'hono';
import { changeOrganisation, createOrganisation } from '../../../../domain/directory/organisations.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { isOrganisationId } from '../../../../domain/organisation-id.ts';
import { HttpProblemError } from '../../../edge/problem.ts';
import { parseWith } from '../../../edge/validation.ts';
import type { StaffPrincipal } from '../../../lib/deps.ts';
import type { Locale, TextKey } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { organisationView, storedChange } from '../../routes/organisations.ts';
import { idempotencyKeyOf } from '../../routes/referrals.ts';
import {
  changeOrganisationBody,
  createOrganisationBody,
  organisationIdParams,
} from '../../schemas/organisations.ts';
import { pageOnError } from '../error-page.tsx';
import { type Form, readPostedForm } from '../forms.ts';
import { Layout, pageResponse, words } from '../layout.tsx';
import { pageLocale } from '../locale.ts';
import { pathParams } from '../path-params.ts';
import { rolesOnly } from '../roles-only.tsx';
import { pageSession, sameOriginOnly } from '../session.ts';
import {
  OrganisationEdit,
  type OrganisationErrors,
  OrganisationList,
  type OrganisationValues,
  valuesOf,
} from './views.tsx';

/*
 * `/app/organisations` (admin): the organisations of the network, added and edited through the same
 * schemas and domain functions as `GET/POST/PATCH /v1/organisations`. The add form carries an
 * idempotency key (a second click adds nothing more); the edit form the version it was shown at, as
 * If-Match: a stale form says someone changed it meanwhile and shows the organisation as it is now.
 */

const PATH = '/app/organisations';

/** The JSON body of `POST/PATCH /v1/organisations` from the form's dotted names. */
const bodyOf = (form: Form, withId: boolean) => ({
  ...(withId ? { id: form.id?.trim() ?? '' } : {}),
  name: form.name ?? '',
  city: form.city ?? '',
  country: (form.country ?? '').trim().toUpperCase(),
  locale: form.locale ?? '',
  timeZone: form.timeZone ?? '',
  desk: { email: (form['desk.email'] ?? '').trim() },
});

/** Each field's refusal, in words of the catalogue (the schema's own messages are the API's, in English). */
const FIELD_ERRORS: Readonly<Record<string, TextKey>> = {
  id: 'staff.orgs.error.id',
  name: 'staff.orgs.error.name',
  city: 'staff.orgs.error.city',
  country: 'staff.orgs.error.country',
  locale: 'staff.orgs.error.locale',
  timeZone: 'staff.orgs.error.time_zone',
  desk: 'staff.orgs.error.desk',
  'desk.email': 'staff.orgs.error.desk',
};

/** The refusal by field, or rethrown when it is not about what was typed (the error page says it). */
function fieldErrors(err: unknown): OrganisationErrors {
  if (err instanceof HttpProblemError && err.status === 400) {
    const errors: Record<string, TextKey> = {};
    for (const e of err.init.errors ?? []) {
      const key = FIELD_ERRORS[e.path];
      if (key) errors[e.path === 'desk' ? 'desk.email' : e.path] ??= key;
    }
    if (Object.keys(errors).length > 0) return errors;
  }
  if (err instanceof DomainError && err.kind === 'conflict' && err.field === 'id') {
    return { id: 'staff.orgs.error.id_taken' };
  }
  throw err;
}

export function organisationPages(deps: PagesAppDeps) {
  const page = async (
    c: Context,
    title: (w: ReturnType<typeof words>) => string,
    body: (l: Locale) => unknown,
    status = 200,
  ) => {
    const principal: StaffPrincipal = c.var.principal;
    const { locale } = await pageLocale(c, deps, principal);
    return pageResponse(
      c,
      <Layout title={title(words(locale))} locale={locale} signedInAs={principal} path={PATH}>
        {body(locale) as never}
      </Layout>,
      status as 200,
    );
  };

  const list = async (
    c: Context,
    form: { values: OrganisationValues; errors: OrganisationErrors; key?: string | undefined },
    status = 200,
  ) => {
    const cursor = c.req.query('cursor');
    const found = await deps.organisations.list({ ...(cursor ? { cursor } : {}), limit: 50 });
    const items = found.items.map(organisationView);
    // The redirect's own note, like `done` elsewhere: one that is not an organisation id says nothing.
    const addedId = c.req.query('added');
    const added =
      addedId !== undefined && isOrganisationId(addedId) ? await deps.organisations.get(addedId) : undefined;
    return page(
      c,
      (w) => w('staff.orgs.title'),
      (locale) => (
        <OrganisationList
          locale={locale}
          items={items}
          next={found.nextCursor ? `${PATH}?${new URLSearchParams({ cursor: found.nextCursor })}` : undefined}
          done={added ? words(locale)('staff.orgs.added', { name: added.name }) : undefined}
          general={Object.keys(form.errors).length > 0 ? 'staff.orgs.error.general' : undefined}
          idempotencyKey={form.key ?? deps.newId()}
          values={form.values}
          errors={form.errors}
        />
      ),
      status,
    );
  };

  const edit = async (
    c: Context,
    id: string,
    form?: { values?: OrganisationValues; errors: OrganisationErrors; general?: TextKey },
    status = 200,
  ) => {
    const found = await deps.organisations.get(id);
    if (!found) throw new DomainError('not_found', 'No such organisation.');
    const organisation = organisationView(found);
    const saved = c.req.query('done') === 'saved';
    return page(
      c,
      (w) => w('staff.orgs.edit.title', { name: organisation.name }),
      (locale) => (
        <OrganisationEdit
          locale={locale}
          organisation={organisation}
          values={form?.values ?? valuesOf(organisation)}
          errors={form?.errors ?? {}}
          done={saved ? words(locale)('staff.orgs.saved', { name: organisation.name }) : undefined}
          general={form?.general}
        />
      ),
      status,
    );
  };

  return new Hono()
    .onError(pageOnError(deps))
    .use(sameOriginOnly, pageSession(deps))
    .use(rolesOnly(deps, ['admin'], 'staff.orgs.admin_only', 'staff.orgs.not_allowed'))
    .use('/:id/*', pathParams(organisationIdParams, 'id'))
    .get('/', (c) => list(c, { values: {}, errors: {} }))
    .post('/', async (c) => {
      const form = (await readPostedForm(c)).form;
      try {
        const key = idempotencyKeyOf(form.idempotencyKey || undefined);
        const { desk, ...rest } = parseWith(createOrganisationBody, bodyOf(form, true));
        const { organisation } = await createOrganisation(
          deps,
          { ...rest, contact: { email: desk.email } },
          key,
        );
        return c.redirect(`${PATH}?${new URLSearchParams({ added: organisation.id })}`, 303);
      } catch (err) {
        return list(c, { values: form, errors: fieldErrors(err), key: form.idempotencyKey }, 400);
      }
    })
    .get('/:id', (c) => edit(c, c.req.param('id')))
    .post('/:id', async (c) => {
      const id = c.req.param('id');
      const form = (await readPostedForm(c)).form;
      const version = Number(form.version);
      try {
        const body = parseWith(changeOrganisationBody, bodyOf(form, false));
        const current = await deps.organisations.get(id);
        await changeOrganisation(
          deps,
          id,
          storedChange(body, current),
          Number.isInteger(version) && version >= 0 ? version : -1,
        );
        return c.redirect(`${PATH}/${encodeURIComponent(id)}?done=saved`, 303);
      } catch (err) {
        if (err instanceof DomainError && err.kind === 'conflict') {
          // Stale: the organisation as it is now, with the version to base a new change on.
          return edit(c, id, { errors: {}, general: 'staff.orgs.stale' }, 409);
        }
        return edit(c, id, { values: form, errors: fieldErrors(err) }, 400);
      }
    });
}
