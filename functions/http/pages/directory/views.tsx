import type { FC } from 'hono/jsx';
import type { Specialist } from '../../../../domain/directory/model.ts';
import { SPECIALTIES } from '../../../../domain/referral/model.ts';
import { described, FieldError, type FieldErrors, Notices } from '../../../ui/form-parts.tsx';
import {
  catalogue,
  LOCALES,
  type Locale,
  languageList,
  specialtyName,
  type TextKey,
} from '../../../ui/messages.ts';
import { LOCALE_NAMES, words } from '../layout.tsx';
import type { StateCode } from './standing.ts';

/*
 * The directory page's pieces (the layout wraps them), every word from the staff pages' catalogue in the
 * page's locale, every date in the organisation's time zone. Form fields are named as the JSON of
 * `POST`/`PATCH /v1/specialists` (dots for nesting), so a refusal naming a field lands next to it.
 */

/** A field's error, by the field's (JSON, dotted) name. */
export type { FieldErrors } from '../../../ui/form-parts.tsx';
/** What was typed, kept when a form comes back refused. */
export type Typed = Readonly<Record<string, string | undefined>>;

/** What every piece needs to speak: the locale's words and the organisation's time zone. */
export interface Speech {
  readonly locale: Locale;
  readonly timeZone: string;
}

const say = (s: Speech) => words(s.locale);

/** A day as people of the locale write it, in the organisation's time zone. */
export const dayOf = (s: Speech, at: string): string =>
  new Intl.DateTimeFormat(catalogue(s.locale).intl, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: s.timeZone,
  }).format(new Date(at));

/** An entry as a list or its page shows it: its state in words and its quota this month. */
export interface Standing {
  readonly s: Specialist;
  readonly states: readonly StateCode[];
  readonly used: number;
  /** Whether the viewer may change it (its organisation's coordinators, admins). */
  readonly mayChange: boolean;
  /** Whether the viewer may approve it now (an admin, and it waits for an approval). */
  readonly mayApprove?: boolean;
}

const STATE_KEYS: Readonly<Record<StateCode, TextKey>> = {
  eligible: 'staff.directory.state.eligible',
  pending_approval: 'staff.directory.state.pending_approval',
  address_unconfirmed: 'staff.directory.state.address_unconfirmed',
  paused: 'staff.directory.state.paused',
  away: 'staff.directory.state.away',
  inactive: 'staff.directory.state.inactive',
  quota_reached: 'staff.directory.state.quota_reached',
};

const States: FC<{ sp: Speech; st: Standing }> = ({ sp, st }) => (
  <p>
    {st.states.map((code) => (
      <>
        <span class="tag">
          {say(sp)(STATE_KEYS[code], {
            date: st.s.pausedUntil ? dayOf(sp, st.s.pausedUntil) : '',
          })}
        </span>{' '}
      </>
    ))}
    <br />
    <span class="muted">
      {say(sp)('staff.directory.quota', { used: String(st.used), total: String(st.s.monthlyQuota) })}
    </span>
  </p>
);

/** A labelled text input, its error under it, what was typed in it. */
const Field: FC<{
  sp: Speech;
  name: string;
  label: TextKey;
  value: string | undefined;
  errors: FieldErrors;
  type?: string;
  required?: boolean;
}> = ({ sp, name, label, value, errors, type = 'text', required = false }) => (
  <>
    <label for={name}>{say(sp)(label)}</label>
    <input
      id={name}
      name={name}
      type={type}
      value={value ?? ''}
      required={required}
      {...(type === 'number' ? { min: '0', max: '500' } : {})}
      {...described(errors, name)}
    />
    <FieldError errors={errors} name={name} />
  </>
);

const Select: FC<{
  sp: Speech;
  name: string;
  label: TextKey;
  value: string | undefined;
  options: readonly { value: string; text: string }[];
  errors: FieldErrors;
}> = ({ sp, name, label, value, options, errors }) => (
  <>
    <label for={name}>{say(sp)(label)}</label>
    <select id={name} name={name} {...described(errors, name)}>
      {options.map((o) => (
        <option value={o.value} selected={o.value === value}>
          {o.text}
        </option>
      ))}
    </select>
    <FieldError errors={errors} name={name} />
  </>
);

const Check: FC<{ sp: Speech; name: string; label: TextKey; checked: boolean }> = ({
  sp,
  name,
  label,
  checked,
}) => (
  <p>
    <input type="checkbox" id={name} name={name} value="true" checked={checked} />{' '}
    <label for={name}>{say(sp)(label)}</label>
  </p>
);

const localeOptions = LOCALES.map((l) => ({ value: l, text: LOCALE_NAMES[l] }));

/** The directory: admins' approvals first, then the entries, each with its state. */
export const DirectoryList: FC<{
  sp: Speech;
  lead: TextKey;
  entries: readonly Standing[];
  /** Admins: the entries waiting for an approval, any organisation's. */
  pending?: readonly Standing[] | undefined;
  mayAdd: boolean;
  showOrganisation: boolean;
  done?: string | undefined;
  error?: string | undefined;
}> = ({ sp, lead, entries, pending, mayAdd, showOrganisation, done, error }) => {
  const w = say(sp);
  return (
    <section>
      <h1>{w('staff.directory.title')}</h1>
      <p>{w(lead)}</p>
      <Notices done={done} error={error} />
      {mayAdd ? (
        <p>
          <a href="/app/directory/new">{w('staff.directory.add.title')}</a>
        </p>
      ) : null}
      {pending ? (
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">{w('staff.directory.pending.title')}</h2>
          {pending.length === 0 ? <p>{w('staff.directory.pending.none')}</p> : null}
          {pending.map((st) => (
            <div class="card">
              <Summary sp={sp} st={st} showOrganisation />
              <p>
                {st.s.email} · {st.s.practice}
                {st.s.country ? ` · ${st.s.country}` : ''}
              </p>
              <form method="post" action={`/app/directory/${encodeURIComponent(st.s.id)}/approve`}>
                <input type="hidden" name="version" value={String(st.s.version ?? 1)} />
                <button
                  type="submit"
                  class="ok"
                  aria-label={`${w('staff.directory.approve')}: ${st.s.displayName}`}
                >
                  {w('staff.directory.approve')}
                </button>
              </form>
            </div>
          ))}
          <h2>{w('staff.directory.title')}</h2>
        </section>
      ) : null}
      {entries.length === 0 ? <p>{w('staff.directory.none')}</p> : null}
      {entries.map((st) => (
        <div class="card">
          <Summary sp={sp} st={st} showOrganisation={showOrganisation} level={pending ? 3 : 2} />
        </div>
      ))}
    </section>
  );
};

/** An entry's card: its name (a heading under the section's, linking to its page), what it is, its state. */
const Summary: FC<{ sp: Speech; st: Standing; showOrganisation: boolean; level?: 2 | 3 }> = ({
  sp,
  st,
  showOrganisation,
  level = 3,
}) => {
  const link = <a href={`/app/directory/${encodeURIComponent(st.s.id)}`}>{st.s.displayName}</a>;
  return (
    <>
      {level === 2 ? <h2 style="margin:0">{link}</h2> : <h3 style="margin:0">{link}</h3>}
      <p style="margin:.2rem 0">
        {say(sp)(
          st.s.kind === 'doctor' ? 'staff.directory.kind.doctor' : 'staff.directory.kind.service_desk',
        )}{' '}
        · {specialtyName(sp.locale, st.s.specialty)}
        {showOrganisation && st.s.organisation
          ? ` · ${say(sp)('staff.directory.of_org', { org: st.s.organisation })}`
          : ''}
      </p>
      <States sp={sp} st={st} />
    </>
  );
};

/** `POST /v1/specialists` as a form; an admin may name another organisation. */
export const AddForm: FC<{
  sp: Speech;
  values: Typed;
  errors: FieldErrors;
  idempotencyKey: string;
  mayNameOrganisation: boolean;
  error?: string | undefined;
}> = ({ sp, values, errors, idempotencyKey, mayNameOrganisation, error }) => {
  const w = say(sp);
  // A new form starts active; one sent back keeps what was ticked.
  const active = values.idempotencyKey === undefined ? true : values.active === 'true';
  return (
    <section>
      <h1>{w('staff.directory.add.title')}</h1>
      <Notices error={error} />
      <form method="post" action="/app/directory/new" class="card" novalidate>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <Select
          sp={sp}
          name="kind"
          label="staff.directory.field.kind"
          value={values.kind}
          errors={errors}
          options={[
            { value: 'doctor', text: w('staff.directory.kind.doctor') },
            { value: 'service_desk', text: w('staff.directory.kind.service_desk') },
          ]}
        />
        <Field
          sp={sp}
          name="displayName"
          label="staff.directory.field.displayName"
          value={values.displayName}
          errors={errors}
          required
        />
        <Field
          sp={sp}
          name="email"
          label="staff.directory.field.email"
          value={values.email}
          errors={errors}
          type="email"
          required
        />
        <Select
          sp={sp}
          name="specialty"
          label="staff.directory.field.specialty"
          value={values.specialty}
          errors={errors}
          options={SPECIALTIES.map((s) => ({ value: s, text: specialtyName(sp.locale, s) }))}
        />
        {mayNameOrganisation ? (
          <Field
            sp={sp}
            name="organisation"
            label="staff.directory.field.organisation"
            value={values.organisation}
            errors={errors}
          />
        ) : null}
        <Field
          sp={sp}
          name="practice"
          label="staff.directory.field.practice"
          value={values.practice}
          errors={errors}
          required
        />
        <Field
          sp={sp}
          name="country"
          label="staff.directory.field.country"
          value={values.country}
          errors={errors}
        />
        <Field
          sp={sp}
          name="languages"
          label="staff.directory.field.languages"
          value={values.languages}
          errors={errors}
          required
        />
        <Select
          sp={sp}
          name="locale"
          label="staff.directory.field.locale"
          value={values.locale ?? sp.locale}
          errors={errors}
          options={localeOptions}
        />
        <Field
          sp={sp}
          name="monthlyQuota"
          label="staff.directory.field.monthlyQuota"
          value={values.monthlyQuota ?? '4'}
          errors={errors}
          type="number"
          required
        />
        <Field
          sp={sp}
          name="pausedUntil"
          label="staff.directory.field.pausedUntil"
          value={values.pausedUntil}
          errors={errors}
          type="date"
        />
        <Check sp={sp} name="active" label="staff.directory.field.active" checked={active} />
        <button type="submit">{w('staff.directory.add.submit')}</button>
      </form>
      <p>
        <a href="/app/directory">{w('staff.directory.back')}</a>
      </p>
    </section>
  );
};

/** An entry's page: what it is, and for those who look after it, the forms that change it. */
export const SpecialistPage: FC<{
  sp: Speech;
  st: Standing;
  typed?: Typed;
  errors?: FieldErrors;
  done?: string | undefined;
  error?: string | undefined;
}> = ({ sp, st, typed = {}, errors = {}, done, error }) => {
  const w = say(sp);
  const { s } = st;
  const version = String(s.version ?? 1);
  const action = (a: string) => `/app/directory/${encodeURIComponent(s.id)}/${a}`;
  const Version = () => <input type="hidden" name="version" value={version} />;
  return (
    <section>
      <h1>{s.displayName}</h1>
      <Notices done={done} error={error} />
      <div class="card">
        <p style="margin:.2rem 0">
          {w(s.kind === 'doctor' ? 'staff.directory.kind.doctor' : 'staff.directory.kind.service_desk')} ·{' '}
          {specialtyName(sp.locale, s.specialty)}
          {s.organisation ? ` · ${w('staff.directory.of_org', { org: s.organisation })}` : ''}
        </p>
        <p style="margin:.2rem 0">
          {s.email} · {s.practice}
          {s.country ? ` · ${s.country}` : ''} · {languageList(sp.locale, s.languages)}
        </p>
        <States sp={sp} st={st} />
      </div>
      {st.mayApprove ? (
        <form method="post" action={action('approve')}>
          <Version />
          <input type="hidden" name="from" value="entry" />
          <button type="submit" class="ok">
            {w('staff.directory.approve')}
          </button>
        </form>
      ) : null}
      {st.mayChange ? (
        <>
          <h2>{w('staff.directory.edit.title')}</h2>
          <form method="post" action={action('edit')} class="card" novalidate>
            <Version />
            <Field
              sp={sp}
              name="displayName"
              label="staff.directory.field.displayName"
              value={typed.displayName ?? s.displayName}
              errors={errors}
              required
            />
            <Field
              sp={sp}
              name="email"
              label="staff.directory.field.email"
              value={typed.email ?? s.email}
              errors={errors}
              type="email"
              required
            />
            <Field
              sp={sp}
              name="practice"
              label="staff.directory.field.practice"
              value={typed.practice ?? s.practice}
              errors={errors}
              required
            />
            <Field
              sp={sp}
              name="country"
              label="staff.directory.field.country"
              value={typed.country ?? s.country}
              errors={errors}
            />
            <Field
              sp={sp}
              name="languages"
              label="staff.directory.field.languages"
              value={typed.languages ?? s.languages.join(', ')}
              errors={errors}
              required
            />
            <Select
              sp={sp}
              name="locale"
              label="staff.directory.field.locale"
              value={typed.locale ?? s.locale}
              errors={errors}
              options={localeOptions}
            />
            <Field
              sp={sp}
              name="monthlyQuota"
              label="staff.directory.field.monthlyQuota"
              value={typed.monthlyQuota ?? String(s.monthlyQuota)}
              errors={errors}
              type="number"
              required
            />
            <Check
              sp={sp}
              name="active"
              label="staff.directory.field.active"
              checked={typed._action === 'edit' ? typed.active === 'true' : s.active}
            />
            <button type="submit">{w('staff.directory.edit.submit')}</button>
          </form>

          <h2>{w('staff.directory.pause.title')}</h2>
          <div class="card">
            {s.pausedUntil ? (
              <form method="post" action={action('resume')}>
                <p>{w('staff.directory.state.paused', { date: dayOf(sp, s.pausedUntil) })}</p>
                <Version />
                <button type="submit" class="secondary">
                  {w('staff.directory.resume.submit')}
                </button>
              </form>
            ) : null}
            <form method="post" action={action('pause')} novalidate>
              <Version />
              <Field
                sp={sp}
                name="pausedUntil"
                label="staff.directory.pause.until"
                value={typed.pausedUntil}
                errors={errors}
                type="date"
                required
              />
              <button type="submit" class="warn">
                {w('staff.directory.pause.submit')}
              </button>
            </form>
          </div>

          <h2>{w('staff.directory.absences.title')}</h2>
          <div class="card">
            {(s.absences ?? []).length === 0 ? <p>{w('staff.directory.absences.none')}</p> : null}
            {(s.absences ?? []).map((a) => {
              const period = w('staff.directory.absences.period', {
                from: dayOf(sp, a.from),
                until: dayOf(sp, a.until),
              });
              return (
                <form method="post" action={action('absence-remove')}>
                  <p style="margin:.4rem 0">{period}</p>
                  <Version />
                  <input type="hidden" name="absences.from" value={a.from} />
                  <input type="hidden" name="absences.until" value={a.until} />
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={`${w('staff.directory.absences.remove')}: ${period}`}
                  >
                    {w('staff.directory.absences.remove')}
                  </button>
                </form>
              );
            })}
            <form method="post" action={action('absence-add')} novalidate>
              <Version />
              <Field
                sp={sp}
                name="absences.from"
                label="staff.directory.absences.from"
                value={typed['absences.from']}
                errors={errors}
                type="date"
                required
              />
              <Field
                sp={sp}
                name="absences.until"
                label="staff.directory.absences.until"
                value={typed['absences.until']}
                errors={errors}
                type="date"
                required
              />
              <button type="submit">{w('staff.directory.absences.add')}</button>
            </form>
          </div>
        </>
      ) : null}
      <p>
        <a href="/app/directory">{w('staff.directory.back')}</a>
      </p>
    </section>
  );
};
