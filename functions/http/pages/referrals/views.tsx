import type { FC } from 'hono/jsx';
import {
  CLOSE_REASONS,
  type Referral,
  SPECIALTIES,
  STATUSES,
  URGENCIES,
} from '../../../../domain/referral/model.ts';
import type { SeenStaff } from '../../../ports/staff-seen.ts';
import { ACTION_LABELS, formatTime, STATUS_LABELS } from '../accompanier/render.ts';
import { AssignAccompaniment, accompanierName } from '../staff/accompanier-choice.tsx';

/*
 * The social worker's pages, as JSX components (the page bodies; the layout wraps them). Strings are
 * plain English for now: the catalogue with its five locales is the `pages` helper's move.
 */

/** A field's error next to it: `errors` maps the JSON field name (dotted) to a sentence. */
export type FieldErrors = Readonly<Record<string, string>>;

const FieldError: FC<{ errors: FieldErrors; name: string }> = ({ errors, name }) =>
  errors[name] ? (
    <p class="error" id={`${name}-error`} role="alert">
      {errors[name]}
    </p>
  ) : null;

const described = (errors: FieldErrors, name: string) =>
  errors[name] ? { 'aria-describedby': `${name}-error`, 'aria-invalid': 'true' } : {};

const words = (code: string) => code.replaceAll('_', ' ');

/** What was typed, kept when the form comes back with an error. */
export type NewReferralValues = Readonly<Record<string, string | undefined>>;

export const NewReferralForm: FC<{ values: NewReferralValues; errors: FieldErrors; general?: string }> = ({
  values,
  errors,
  general,
}) => (
  <section>
    <h1>New referral</h1>
    {general ? (
      <p class="error" role="alert">
        {general}
      </p>
    ) : null}
    <form method="post" action="/app/referrals/new">
      <p>
        <label for="pseudonym">Pseudonym agreed with the person</label>
        <br />
        <input
          id="pseudonym"
          name="pseudonym"
          value={values.pseudonym ?? ''}
          required
          {...described(errors, 'pseudonym')}
        />
      </p>
      <FieldError errors={errors} name="pseudonym" />
      <p>
        <label for="need.specialty">Need</label>
        <br />
        <select id="need.specialty" name="need.specialty">
          {SPECIALTIES.map((s) => (
            <option value={s} selected={values['need.specialty'] === s}>
              {words(s)}
            </option>
          ))}
        </select>
      </p>
      <FieldError errors={errors} name="need.specialty" />
      <UrgencySelect value={values.urgency} />
      <FieldError errors={errors} name="urgency" />
      <p>
        <label for="reason">Reason (no names, phone numbers or addresses)</label>
        <br />
        <textarea id="reason" name="reason" rows={4} cols={40} {...described(errors, 'reason')}>
          {values.reason ?? ''}
        </textarea>
      </p>
      <FieldError errors={errors} name="reason" />
      <p>
        <label for="languages">Languages (ISO codes, comma-separated, e.g. pt, fr)</label>
        <br />
        <input
          id="languages"
          name="languages"
          value={values.languages ?? ''}
          {...described(errors, 'languages')}
        />
      </p>
      <FieldError errors={errors} name="languages" />
      <Check
        name="interpreterNeeded"
        label="Interpreter needed"
        checked={values.interpreterNeeded === 'true'}
      />
      <Check
        name="accompaniment.required"
        label="Accompaniment required"
        checked={values['accompaniment.required'] === 'true'}
      />
      <Check
        name="doNotContactDirectly"
        label="Contact through the organisation only"
        checked={values.doNotContactDirectly === 'true'}
      />
      <Check
        name="socialCheckDone"
        label="The social check is done"
        checked={values.socialCheckDone === 'true'}
      />
      <FieldError errors={errors} name="socialCheckDone" />
      <Check
        name="consentToShare"
        label="The person consents to share the minimum with a specialist"
        checked={values.consentToShare === 'true'}
      />
      <FieldError errors={errors} name="consentToShare" />
      <p>
        <button type="submit">Open the referral</button>
      </p>
    </form>
  </section>
);

const Check: FC<{ name: string; label: string; checked: boolean }> = ({ name, label, checked }) => (
  <p>
    <input type="checkbox" id={name} name={name} value="true" checked={checked} />{' '}
    <label for={name}>{label}</label>
  </p>
);

const UrgencySelect: FC<{ value: string | undefined }> = ({ value }) => (
  <p>
    <label for="urgency">Urgency</label>
    <br />
    <select id="urgency" name="urgency">
      {URGENCIES.map((u) => (
        <option value={u} selected={value === u}>
          {u}
        </option>
      ))}
    </select>
  </p>
);

export interface ListFilters {
  readonly status?: string | undefined;
  readonly specialty?: string | undefined;
  readonly pseudonym?: string | undefined;
  readonly from?: string | undefined;
}

export interface ListRow {
  readonly id: string;
  readonly status: string;
  readonly specialty?: string | undefined;
  readonly pseudonym?: string | undefined;
  readonly createdAt?: string | undefined;
  readonly mine: boolean;
}

export const ReferralList: FC<{
  rows: readonly ListRow[];
  filters: ListFilters;
  next?: string | undefined;
}> = ({ rows, filters, next }) => (
  <section>
    <h1>Referrals</h1>
    <p>
      <a href="/app/referrals/new">New referral</a> · <a href="/app/people">Find a person</a>
    </p>
    <form method="get" action="/app/referrals">
      <label for="status">Status</label>{' '}
      <select id="status" name="status">
        <option value="">any</option>
        {STATUSES.map((s) => (
          <option value={s} selected={filters.status === s}>
            {STATUS_LABELS[s] ?? s}
          </option>
        ))}
      </select>{' '}
      <label for="specialty">Need</label>{' '}
      <select id="specialty" name="specialty">
        <option value="">any</option>
        {SPECIALTIES.map((s) => (
          <option value={s} selected={filters.specialty === s}>
            {words(s)}
          </option>
        ))}
      </select>{' '}
      <label for="from">Opened since</label>{' '}
      <input type="date" id="from" name="from" value={filters.from ?? ''} />{' '}
      <label for="filter-pseudonym">Pseudonym</label>{' '}
      <input id="filter-pseudonym" name="pseudonym" value={filters.pseudonym ?? ''} />{' '}
      <button type="submit">Filter</button>
    </form>
    {rows.length === 0 ? (
      <p>No referral here.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Need</th>
            <th scope="col">Status</th>
            <th scope="col">Opened</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={`/app/referrals/${encodeURIComponent(r.id)}`}>{r.pseudonym ?? 'Referral'}</a>
                {r.mine ? <span class="tag"> mine</span> : null}
              </td>
              <td>{r.specialty ? words(r.specialty) : '—'}</td>
              <td>{STATUS_LABELS[r.status] ?? r.status}</td>
              <td>{r.createdAt ? formatTime(r.createdAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {next ? (
      <p>
        <a href={next}>Next page</a>
      </p>
    ) : null}
  </section>
);

/** A one-button form posting to `/app/referrals/{id}/{action}` with the version it is based on. */
const Act: FC<{ r: Referral; action: string; label: string; children?: unknown }> = ({
  r,
  action,
  label,
  children,
}) => (
  <form method="post" action={`/app/referrals/${encodeURIComponent(r.id)}/${action}`}>
    <input type="hidden" name="version" value={String(r.version)} />
    {children as never}
    <button type="submit">{label}</button>
  </form>
);

export const ReferralDetail: FC<{
  r: Referral;
  done?: string | undefined;
  error?: string | undefined;
  errors?: FieldErrors;
  typed?: Readonly<Record<string, string | undefined>>;
  /** The organisation's accompaniers, for a coordinator: named, and chosen by name (accompanier-choice.tsx). */
  accompaniers?: readonly SeenStaff[] | undefined;
}> = ({ r, done, error, errors = {}, typed = {}, accompaniers }) => {
  const open = r.status !== 'closed';
  const question = r.hold?.reason === 'more_info' ? r.hold.question : undefined;
  return (
    <section>
      <h1>Referral for {r.pseudonym}</h1>
      {done ? <p class="flash">{done}</p> : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <dl>
        <dt>Status</dt>
        <dd>{STATUS_LABELS[r.status] ?? r.status}</dd>
        <dt>Need</dt>
        <dd>
          {words(r.need.specialty)} · {r.urgency}
        </dd>
        <dt>Languages</dt>
        <dd>
          {r.languages.join(', ')}
          {r.interpreterNeeded ? ' · interpreter needed' : ''}
        </dd>
        <dt>Reason</dt>
        <dd>{r.reason}</dd>
        <dt>Accompaniment</dt>
        <dd>
          {r.accompaniment.required
            ? r.accompaniment.accompanierId
              ? accompaniers
                ? `assigned: ${accompanierName(accompaniers, r.accompaniment.accompanierId)}`
                : 'assigned'
              : 'required, nobody yet'
            : 'not needed'}
        </dd>
        {r.appointment ? (
          <>
            <dt>Appointment</dt>
            <dd>
              {formatTime(r.appointment.at)} · {r.appointment.place}
            </dd>
          </>
        ) : null}
        {r.advice ? (
          <>
            <dt>Advice</dt>
            <dd>{r.advice}</dd>
          </>
        ) : null}
        {r.outcome ? (
          <>
            <dt>Outcome</dt>
            <dd>
              {r.outcome.attended ? 'Attended' : 'Did not attend'}
              {r.outcome.followUpDueAt && !r.outcome.followUpDone
                ? ` · follow-up due ${formatTime(r.outcome.followUpDueAt)}`
                : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {accompaniers && r.accompaniment.required && r.status === 'scheduled' ? (
        <AssignAccompaniment referral={r} choices={accompaniers} error={errors.accompanierId} />
      ) : null}
      {question ? (
        <section>
          <h2>The specialist asks</h2>
          <p class="question">{question}</p>
          <Act r={r} action="answer" label="Send the answer">
            <p>
              <label for="answer">Your answer</label>
              <br />
              <textarea id="answer" name="answer" rows={3} cols={40} {...described(errors, 'answer')}>
                {typed.answer ?? ''}
              </textarea>
            </p>
            <FieldError errors={errors} name="answer" />
          </Act>
        </section>
      ) : null}
      {(r.exchanges ?? []).length > 0 ? (
        <section>
          <h2>Questions and answers</h2>
          {(r.exchanges ?? []).map((x) => (
            <p>
              <strong>Q:</strong> {x.question}
              <br />
              <strong>A:</strong> {x.answer}
            </p>
          ))}
        </section>
      ) : null}
      {open ? (
        <section>
          <h2>Actions</h2>
          {r.status === 'open' || r.status === 'offered' ? (
            <Act r={r} action="offer" label="Offer to the next specialists" />
          ) : null}
          {r.hold?.reason === 'person_absent' ? (
            <Act r={r} action="seen-again" label="Person seen again" />
          ) : null}
          {r.outcome?.followUpDueAt && !r.outcome.followUpDone ? (
            <Act r={r} action="follow-up" label="Follow-up done" />
          ) : null}
          <Act r={r} action="close" label="Close the referral">
            <label for="close-reason">Why</label>{' '}
            <select id="close-reason" name="reason">
              {CLOSE_REASONS.map((c) => (
                <option value={c}>{words(c)}</option>
              ))}
            </select>{' '}
          </Act>
          <h2>Amend</h2>
          <Act r={r} action="amend" label="Save the changes">
            <UrgencySelect value={typed.urgency ?? r.urgency} />
            <p>
              <label for="amend-languages">Languages</label>
              <br />
              <input
                id="amend-languages"
                name="languages"
                value={typed.languages ?? r.languages.join(', ')}
              />
            </p>
            <FieldError errors={errors} name="languages" />
            <Check name="interpreterNeeded" label="Interpreter needed" checked={r.interpreterNeeded} />
            <Check
              name="accompaniment.required"
              label="Accompaniment required"
              checked={r.accompaniment.required}
            />
            <p>
              <label for="amend-reason">Reason</label>
              <br />
              <textarea id="amend-reason" name="reason" rows={3} cols={40} {...described(errors, 'reason')}>
                {typed.reason ?? r.reason}
              </textarea>
            </p>
            <FieldError errors={errors} name="reason" />
          </Act>
        </section>
      ) : null}
      <section>
        <h2>Timeline</h2>
        <ol>
          {r.timeline.map((e) => (
            <li>
              {formatTime(e.at)}: {ACTION_LABELS[e.action] ?? e.action}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
};
