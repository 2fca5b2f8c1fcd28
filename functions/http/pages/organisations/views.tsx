import type { FC } from 'hono/jsx';
import { Notices } from '../../../ui/form-parts.tsx';
import { LOCALES, type Locale, type TextKey } from '../../../ui/messages.ts';
import type { OrganisationView } from '../../schemas/organisations.ts';
import { ScrollRegion, words } from '../layout.tsx';

/*
 * `/app/organisations` as JSX components (the layout wraps them): the list, the add form and the edit
 * form. The form's field names are the JSON names of `POST/PATCH /v1/organisations`, dots for nesting.
 */

/** What the form shows: what was typed (kept after a refusal), or the organisation as it is. */
export type OrganisationValues = Readonly<Record<string, string | undefined>>;

/** A field's error next to it, by field name: a catalogue key, said in the page's language. */
export type OrganisationErrors = Readonly<Record<string, TextKey>>;

/** The language names in their own language, as the language setting shows them. */
const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  fr: 'Français',
  en: 'English',
  de: 'Deutsch',
  nl: 'Nederlands',
  it: 'Italiano',
};

/** The IANA time zones this runtime knows, for the select (the organisation's own one kept if not listed). */
const ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');

export const valuesOf = (o: OrganisationView): OrganisationValues => ({
  id: o.id,
  name: o.name,
  city: o.city,
  country: o.country,
  locale: o.locale,
  timeZone: o.timeZone,
  'desk.email': o.desk.email,
});

const Field: FC<{
  locale: Locale;
  name: string;
  label: TextKey;
  errors: OrganisationErrors;
  hint?: TextKey;
  children: unknown;
}> = ({ locale, name, label, errors, hint, children }) => {
  const w = words(locale);
  const error = errors[name];
  return (
    <div>
      <label for={`org-${name}`}>{w(label)}</label>
      {hint ? (
        <p class="muted" id={`org-${name}-hint`}>
          {w(hint)}
        </p>
      ) : null}
      {children as never}
      {error ? (
        <p class="error" id={`org-${name}-error`} role="alert">
          {w(error)}
        </p>
      ) : null}
    </div>
  );
};

/** The attributes tying an input to its hint and error. */
const describedBy = (name: string, errors: OrganisationErrors, hint = false) => {
  const ids = [hint ? `org-${name}-hint` : '', errors[name] ? `org-${name}-error` : ''].filter(Boolean);
  return {
    id: `org-${name}`,
    name,
    ...(ids.length > 0 ? { 'aria-describedby': ids.join(' ') } : {}),
    ...(errors[name] ? { 'aria-invalid': 'true' } : {}),
  };
};

const OrganisationFields: FC<{
  locale: Locale;
  values: OrganisationValues;
  errors: OrganisationErrors;
  withId: boolean;
}> = ({ locale, values, errors, withId }) => {
  const zones = values.timeZone && !ZONES.includes(values.timeZone) ? [values.timeZone, ...ZONES] : ZONES;
  const text = (name: string, label: TextKey, type = 'text', hint?: TextKey) => (
    <Field locale={locale} name={name} label={label} errors={errors} {...(hint ? { hint } : {})}>
      <input type={type} value={values[name] ?? ''} required {...describedBy(name, errors, !!hint)} />
    </Field>
  );
  return (
    <>
      {withId ? text('id', 'staff.orgs.field.id', 'text', 'staff.orgs.field.id.hint') : null}
      {text('name', 'staff.orgs.field.name')}
      {text('city', 'staff.orgs.field.city')}
      {text('country', 'staff.orgs.field.country')}
      <Field locale={locale} name="locale" label="staff.orgs.field.locale" errors={errors}>
        <select {...describedBy('locale', errors)}>
          {LOCALES.map((l) => (
            <option value={l} lang={l} selected={values.locale === l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </Field>
      <Field locale={locale} name="timeZone" label="staff.orgs.field.time_zone" errors={errors}>
        <select {...describedBy('timeZone', errors)}>
          {zones.map((z) => (
            <option value={z} selected={(values.timeZone ?? 'Europe/Luxembourg') === z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </Field>
      {text('desk.email', 'staff.orgs.field.desk', 'email')}
    </>
  );
};

export const OrganisationList: FC<{
  locale: Locale;
  items: readonly OrganisationView[];
  next?: string | undefined;
  done?: string | undefined;
  general?: TextKey | undefined;
  idempotencyKey: string;
  values: OrganisationValues;
  errors: OrganisationErrors;
}> = ({ locale, items, next, done, general, idempotencyKey, values, errors }) => {
  const w = words(locale);
  return (
    <>
      <h1>{w('staff.orgs.title')}</h1>
      <Notices done={done} error={general ? words(locale)(general) : undefined} />
      {items.length === 0 ? (
        <p>{w('staff.orgs.none')}</p>
      ) : (
        <ScrollRegion label={w('staff.orgs.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{w('staff.orgs.col.name')}</th>
                <th scope="col">{w('staff.orgs.col.place')}</th>
                <th scope="col">{w('staff.orgs.col.locale')}</th>
                <th scope="col">{w('staff.orgs.col.time_zone')}</th>
                <th scope="col">{w('staff.orgs.col.desk')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr>
                  <td>
                    <a
                      href={`/app/organisations/${encodeURIComponent(o.id)}`}
                      aria-label={w('staff.orgs.edit', { name: o.name })}
                    >
                      {o.name}
                    </a>
                    <br />
                    <span class="muted">{o.id}</span>
                  </td>
                  <td>
                    {o.city}, {o.country}
                  </td>
                  <td>{LOCALE_NAMES[o.locale]}</td>
                  <td>{o.timeZone.replaceAll('_', ' ')}</td>
                  <td>{o.desk.email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {next ? (
        <p>
          <a href={next}>{w('staff.orgs.next')}</a>
        </p>
      ) : null}
      <h2 id="add">{w('staff.orgs.add.title')}</h2>
      <form method="post" action="/app/organisations" class="card" aria-labelledby="add">
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <OrganisationFields locale={locale} values={values} errors={errors} withId />
        <button type="submit">{w('staff.orgs.add.submit')}</button>
      </form>
    </>
  );
};

export const OrganisationEdit: FC<{
  locale: Locale;
  organisation: OrganisationView;
  values: OrganisationValues;
  errors: OrganisationErrors;
  done?: string | undefined;
  general?: TextKey | undefined;
}> = ({ locale, organisation, values, errors, done, general }) => {
  const w = words(locale);
  return (
    <>
      <h1>{w('staff.orgs.edit.title', { name: organisation.name })}</h1>
      <Notices done={done} error={general ? words(locale)(general) : undefined} />
      <p class="muted">
        {w('staff.orgs.field.id')}: {organisation.id}
      </p>
      <form method="post" action={`/app/organisations/${encodeURIComponent(organisation.id)}`} class="card">
        <input type="hidden" name="version" value={String(organisation.version)} />
        <OrganisationFields locale={locale} values={values} errors={errors} withId={false} />
        <button type="submit">{w('staff.orgs.edit.submit')}</button>
      </form>
      <p>
        <a href="/app/organisations">{w('staff.orgs.back')}</a>
      </p>
    </>
  );
};
