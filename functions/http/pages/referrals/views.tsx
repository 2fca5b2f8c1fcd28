import type { FC } from 'hono/jsx';
import type { OfferChoice } from '../../../../domain/matching/offer-slots.ts';
import {
  CLOSE_REASONS,
  type Referral,
  SPECIALTIES,
  STATUSES,
  URGENCIES,
} from '../../../../domain/referral/model.ts';
import type { SeenStaff } from '../../../ports/staff-seen.ts';
import { described, FieldError, type FieldErrors, Notices } from '../../../ui/form-parts.tsx';
import { languageList, specialtyName, urgencyName } from '../../../ui/messages.ts';
import { ScrollRegion } from '../layout.tsx';
import { AssignAccompaniment, accompanierName } from '../staff/accompanier-choice.tsx';
import { MoreActions } from './actions.tsx';
import { eventName, type Speech, say, statusName, timeOf } from './speech.ts';

/*
 * The social worker's pages, as JSX components (the page bodies; the layout wraps them). Every word
 * comes from the staff catalogue in the page's locale (`s`), every date in the organisation's time zone.
 */

export { described, FieldError, type FieldErrors } from '../../../ui/form-parts.tsx';

/** What was typed, kept when the form comes back with an error. */
export type NewReferralValues = Readonly<Record<string, string | undefined>>;

export const NewReferralForm: FC<{
  s: Speech;
  values: NewReferralValues;
  errors: FieldErrors;
  general?: string;
  /**
   * The form's Idempotency-Key, as the API takes one: the same form sent twice (a double tap, sent again
   * after a slow answer) opens one referral. Kept when the form comes back refused.
   */
  idempotencyKey: string;
}> = ({ s, values, errors, general, idempotencyKey }) => (
  <section>
    <h1>{say(s, 'staff.referral.new.title')}</h1>
    {general ? (
      <p class="error" role="alert">
        {general}
      </p>
    ) : null}
    <form method="post" action="/app/referrals/new">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <p>
        <label for="pseudonym">{say(s, 'staff.referral.new.pseudonym')}</label>
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
        <label for="need.specialty">{say(s, 'staff.referral.field.need')}</label>
        <br />
        <select id="need.specialty" name="need.specialty">
          {SPECIALTIES.map((sp) => (
            <option value={sp} selected={values['need.specialty'] === sp}>
              {specialtyName(s.locale, sp)}
            </option>
          ))}
        </select>
      </p>
      <FieldError errors={errors} name="need.specialty" />
      <UrgencySelect s={s} value={values.urgency} />
      <FieldError errors={errors} name="urgency" />
      <p>
        <label for="reason">{say(s, 'staff.referral.new.reason')}</label>
        <br />
        <textarea id="reason" name="reason" rows={4} cols={40} {...described(errors, 'reason')}>
          {values.reason ?? ''}
        </textarea>
      </p>
      <FieldError errors={errors} name="reason" />
      <p>
        <label for="languages">{say(s, 'staff.referral.new.languages')}</label>
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
        label={say(s, 'staff.referral.field.interpreter')}
        checked={values.interpreterNeeded === 'true'}
      />
      <Check
        name="accompaniment.required"
        label={say(s, 'staff.referral.field.accompaniment_required')}
        checked={values['accompaniment.required'] === 'true'}
      />
      <Check
        name="doNotContactDirectly"
        label={say(s, 'staff.referral.new.do_not_contact')}
        checked={values.doNotContactDirectly === 'true'}
      />
      <Check
        name="socialCheckDone"
        label={say(s, 'staff.referral.new.social_check')}
        checked={values.socialCheckDone === 'true'}
      />
      <FieldError errors={errors} name="socialCheckDone" />
      <Check
        name="consentToShare"
        label={say(s, 'staff.referral.new.consent')}
        checked={values.consentToShare === 'true'}
      />
      <FieldError errors={errors} name="consentToShare" />
      <p>
        <button type="submit">{say(s, 'staff.referral.new.submit')}</button>
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

const UrgencySelect: FC<{ s: Speech; value: string | undefined }> = ({ s, value }) => (
  <p>
    <label for="urgency">{say(s, 'staff.referral.field.urgency')}</label>
    <br />
    <select id="urgency" name="urgency">
      {URGENCIES.map((u) => (
        <option value={u} selected={value === u}>
          {urgencyName(s.locale, u)}
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
  s: Speech;
  rows: readonly ListRow[];
  filters: ListFilters;
  next?: string | undefined;
  /** The whole list with these filters as CSV (`/app/referrals/export.csv?...`), for whoever may read it. */
  download?: string | undefined;
  /** Whether the signed-in member may open a referral (the link to the form is shown to them only). */
  mayOpen: boolean;
}> = ({ s, rows, filters, next, download, mayOpen }) => (
  <section>
    <h1>{say(s, 'staff.referral.list.title')}</h1>
    <p>
      {mayOpen && (
        <>
          <a href="/app/referrals/new">{say(s, 'staff.referral.new.title')}</a> ·{' '}
        </>
      )}
      <a href="/app/people">{say(s, 'staff.referral.list.find_person')}</a>
    </p>
    <form method="get" action="/app/referrals">
      <label for="status">{say(s, 'staff.referral.field.status')}</label>{' '}
      <select id="status" name="status">
        <option value="">{say(s, 'staff.referral.list.any')}</option>
        {STATUSES.map((st) => (
          <option value={st} selected={filters.status === st}>
            {statusName(s, st)}
          </option>
        ))}
      </select>{' '}
      <label for="specialty">{say(s, 'staff.referral.field.need')}</label>{' '}
      <select id="specialty" name="specialty">
        <option value="">{say(s, 'staff.referral.list.any')}</option>
        {SPECIALTIES.map((sp) => (
          <option value={sp} selected={filters.specialty === sp}>
            {specialtyName(s.locale, sp)}
          </option>
        ))}
      </select>{' '}
      <label for="from">{say(s, 'staff.referral.list.opened_since')}</label>{' '}
      <input type="date" id="from" name="from" value={filters.from ?? ''} />{' '}
      <label for="filter-pseudonym">{say(s, 'staff.referral.field.pseudonym')}</label>{' '}
      <input id="filter-pseudonym" name="pseudonym" value={filters.pseudonym ?? ''} />{' '}
      <button type="submit">{say(s, 'staff.referral.list.filter')}</button>
    </form>
    {download ? (
      <p>
        <a href={download} download>
          {say(s, 'staff.referral.list.download')}
        </a>
      </p>
    ) : null}
    {rows.length === 0 ? (
      <p>{say(s, 'staff.referral.list.none')}</p>
    ) : (
      <ScrollRegion label={say(s, 'staff.referral.list.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{say(s, 'staff.referral.list.person')}</th>
              <th scope="col">{say(s, 'staff.referral.field.need')}</th>
              <th scope="col">{say(s, 'staff.referral.field.status')}</th>
              <th scope="col">{say(s, 'staff.referral.list.opened')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/app/referrals/${encodeURIComponent(r.id)}`}>
                    {r.pseudonym ?? say(s, 'staff.referral.list.referral')}
                  </a>
                  {r.mine ? <span class="tag"> {say(s, 'staff.referral.list.mine')}</span> : null}
                </td>
                <td>{r.specialty ? specialtyName(s.locale, r.specialty as never) : '—'}</td>
                <td>{statusName(s, r.status)}</td>
                <td>{r.createdAt ? timeOf(s, r.createdAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    )}
    {next ? (
      <p>
        <a href={next}>{say(s, 'staff.referral.list.next')}</a>
      </p>
    ) : null}
  </section>
);

/** A one-button form posting to `/app/referrals/{id}/{action}` with the version it is based on. */
export const Act: FC<{ r: Referral; action: string; label: string; children?: unknown }> = ({
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
  s: Speech;
  r: Referral;
  /** The specialists a named offer may go to, when the referral can be offered. */
  choices?: readonly OfferChoice[] | undefined;
  done?: string | undefined;
  error?: string | undefined;
  errors?: FieldErrors;
  typed?: Readonly<Record<string, string | undefined>>;
  /** The organisation's accompaniers, for a coordinator: named, and chosen by name (accompanier-choice.tsx). */
  accompaniers?: readonly SeenStaff[] | undefined;
  /** Whether "seen again" can end the hold now (rules/mark-seen-again.ts canBeSeenAgain, at the page's time). */
  seenAgain?: boolean | undefined;
}> = ({ s, r, choices, done, error, errors = {}, typed = {}, accompaniers, seenAgain }) => {
  const open = r.status !== 'closed';
  const question = r.hold?.reason === 'more_info' ? r.hold.question : undefined;
  return (
    <section>
      <h1>{say(s, 'staff.referral.heading', { pseudonym: r.pseudonym })}</h1>
      <Notices done={done} error={error} />
      <dl>
        <dt>{say(s, 'staff.referral.field.status')}</dt>
        <dd>{statusName(s, r.status)}</dd>
        <dt>{say(s, 'staff.referral.field.need')}</dt>
        <dd>
          {specialtyName(s.locale, r.need.specialty)} · {urgencyName(s.locale, r.urgency)}
        </dd>
        <dt>{say(s, 'staff.referral.field.languages')}</dt>
        <dd>
          {languageList(s.locale, r.languages)}
          {r.interpreterNeeded ? ` · ${say(s, 'staff.referral.interpreter_needed')}` : ''}
        </dd>
        <dt>{say(s, 'staff.referral.field.reason')}</dt>
        <dd>{r.reason}</dd>
        <dt>{say(s, 'staff.referral.field.accompaniment')}</dt>
        <dd>
          {r.accompaniment.required
            ? r.accompaniment.accompanierId
              ? accompaniers
                ? say(s, 'staff.referral.accompaniment.assigned_to', {
                    name: accompanierName(accompaniers, r.accompaniment.accompanierId),
                  })
                : say(s, 'staff.referral.accompaniment.assigned')
              : say(s, 'staff.referral.accompaniment.nobody')
            : say(s, 'staff.referral.accompaniment.not_needed')}
        </dd>
        {r.appointment ? (
          <>
            <dt>{say(s, 'staff.referral.field.appointment')}</dt>
            <dd>
              {timeOf(s, r.appointment.at)} · {r.appointment.place}
            </dd>
          </>
        ) : null}
        {r.advice ? (
          <>
            <dt>{say(s, 'staff.referral.field.advice')}</dt>
            <dd>{r.advice}</dd>
          </>
        ) : null}
        {r.outcome ? (
          <>
            <dt>{say(s, 'staff.referral.field.outcome')}</dt>
            <dd>
              {r.outcome.attended
                ? say(s, 'staff.referral.outcome.attended')
                : say(s, 'staff.referral.outcome.no_show')}
              {r.outcome.followUpDueAt
                ? ` · ${say(s, 'staff.referral.outcome.follow_up_due', { at: timeOf(s, r.outcome.followUpDueAt) })}`
                : r.outcome.followUpDone
                  ? ` · ${say(s, 'staff.referral.outcome.follow_up_done', { at: timeOf(s, r.outcome.followUpDone.at) })}`
                  : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {accompaniers && r.accompaniment.required && r.status === 'scheduled' ? (
        <AssignAccompaniment
          locale={s.locale}
          referral={r}
          choices={accompaniers}
          error={errors.accompanierId}
        />
      ) : null}
      {question ? (
        <section>
          <h2>{say(s, 'staff.referral.question.title')}</h2>
          <p class="question">{question}</p>
          <Act r={r} action="answer" label={say(s, 'staff.referral.question.send')}>
            <p>
              <label for="answer">{say(s, 'staff.referral.question.answer')}</label>
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
          <h2>{say(s, 'staff.referral.exchanges.title')}</h2>
          {(r.exchanges ?? []).map((x) => (
            <p>
              <strong>{say(s, 'staff.referral.exchanges.q')}</strong> {x.question}
              <br />
              <strong>{say(s, 'staff.referral.exchanges.a')}</strong> {x.answer}
            </p>
          ))}
        </section>
      ) : null}
      {open ? (
        <section>
          <h2>{say(s, 'staff.referral.actions.title')}</h2>
          <MoreActions s={s} r={r} choices={choices} errors={errors} typed={typed} seenAgain={seenAgain} />
          <Act r={r} action="close" label={say(s, 'staff.referral.actions.close')}>
            <label for="close-reason">{say(s, 'staff.referral.actions.close_why')}</label>{' '}
            <select id="close-reason" name="reason">
              {CLOSE_REASONS.map((c) => (
                <option value={c}>{say(s, `staff.referral.close.${c}`)}</option>
              ))}
            </select>{' '}
          </Act>
          <h2>{say(s, 'staff.referral.amend.title')}</h2>
          <Act r={r} action="amend" label={say(s, 'staff.referral.amend.submit')}>
            <UrgencySelect s={s} value={typed.urgency ?? r.urgency} />
            <p>
              <label for="amend-languages">{say(s, 'staff.referral.field.languages')}</label>
              <br />
              <input
                id="amend-languages"
                name="languages"
                value={typed.languages ?? r.languages.join(', ')}
              />
            </p>
            <FieldError errors={errors} name="languages" />
            <Check
              name="interpreterNeeded"
              label={say(s, 'staff.referral.field.interpreter')}
              checked={r.interpreterNeeded}
            />
            <Check
              name="accompaniment.required"
              label={say(s, 'staff.referral.field.accompaniment_required')}
              checked={r.accompaniment.required}
            />
            <p>
              <label for="amend-reason">{say(s, 'staff.referral.field.reason')}</label>
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
        <h2>{say(s, 'staff.referral.timeline.title')}</h2>
        <ol>
          {r.timeline.map((e) => (
            <li>
              {timeOf(s, e.at)}: {eventName(s, e.action)}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
};
