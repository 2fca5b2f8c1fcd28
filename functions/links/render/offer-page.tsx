import type { FC } from 'hono/jsx';
import { DECLINE_REASONS } from '../../../domain/referral/model.ts';
import { sharedFacts } from '../../ui/facts.ts';
import { described, FieldError } from '../../ui/form-parts.tsx';
import { toDateTimeLocal } from '../../ui/local-time.ts';
import { DEFAULT_TIME_ZONE, declineReasonName, formatDateTime, type Locale, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoPersonData, PAGE_FORBIDDEN_KEYS } from '../../ui/no-health-data.ts';
import { contactThroughOrganisationOnly } from '../../ui/reschedule-words.ts';
import type { ReferringOrg, SharedMinimum } from '../../ui/types.ts';
import { ErrorNote, FactList, fieldErrors, linkAction, renderPage, type ShownAgain } from './layout.tsx';

/** A question the specialist asked through the link, and the referring worker's answer once given. */
export interface Exchange {
  readonly question: string;
  readonly answer?: string;
}

export type OfferPageInput = NoPersonData<
  SharedMinimum & {
    readonly locale: Locale;
    /** IANA zone of the specialist; times are entered and shown in it. */
    readonly timeZone?: string;
    readonly referringOrg: ReferringOrg;
    /** Where the specialist practises: the default place of the appointment. */
    readonly practice: string;
    readonly expiresAt: Date;
    /** The link token, as it came in the URL. */
    readonly token: string;
    readonly exchanges?: readonly Exchange[];
    /** The service clock: the earliest time the date picker offers. */
    readonly now?: Date;
  } & ShownAgain
>;

/** Limits the link handlers should also enforce. */
export const TEXT_LIMITS = { place: 300, question: 2000, advice: 4000 } as const;

const Exchanges: FC<{ readonly locale: Locale; readonly exchanges: readonly Exchange[] }> = ({
  locale,
  exchanges,
}) =>
  exchanges.length === 0 ? null : (
    <section class="card">
      <h2>{t(locale, 'page.exchanges.title')}</h2>
      {exchanges.map((e) => (
        <div class="qa">
          <p>
            <strong>{t(locale, 'page.exchanges.question')}</strong>
            <br />
            {e.question}
          </p>
          {e.answer ? (
            <p>
              <strong>{t(locale, 'page.exchanges.answer')}</strong>
              <br />
              {e.answer}
            </p>
          ) : (
            <p class="muted">{t(locale, 'page.exchanges.pending')}</p>
          )}
        </div>
      ))}
    </section>
  );

/**
 * The page behind an offer link (`GET /o/{token}`): the shared minimum, then the four answers as plain
 * HTML forms. Rendering it changes nothing; only the POSTs do.
 */
export function offerPage(input: OfferPageInput): string {
  // What the specialist typed in the decline and advice forms, given back to them after a refusal, is
  // theirs (a reason from the decline list, their own advice), not the referral's.
  assertNoHealthData(input, PAGE_FORBIDDEN_KEYS, ['typed.reason', 'typed.advice']);
  const { locale, token, referringOrg } = input;
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const title = t(locale, 'page.offer.title');
  const min = input.now ? toDateTimeLocal(input.now, timeZone) : undefined;
  // Shown again after a refused answer: the reason next to its field, what was typed kept, its section open.
  const errors = fieldErrors(locale, input.refused);
  const typed = input.typed ?? {};
  const openFor = (name: string) => input.refused?.field === name;
  return renderPage(
    locale,
    title,
    <>
      <h1>{title}</h1>
      <ErrorNote locale={locale} refused={input.refused} />
      <p>{t(locale, 'page.offer.lead', { org: referringOrg.name })}</p>
      <section class="card">
        <FactList
          rows={[
            ...sharedFacts(locale, input),
            [t(locale, 'label.referredBy'), `${referringOrg.name} (${referringOrg.contact})`],
            [t(locale, 'label.answerBefore'), formatDateTime(locale, input.expiresAt, timeZone)],
          ]}
        />
      </section>
      {input.contactThroughOrganisationOnly ? (
        <p class="card">{contactThroughOrganisationOnly(locale, referringOrg)}</p>
      ) : null}
      <Exchanges locale={locale} exchanges={input.exchanges ?? []} />
      <section class="card">
        <h2>{t(locale, 'page.accept.title')}</h2>
        <form method="post" action={linkAction(token, 'accept')}>
          <label for="appointmentAt">{t(locale, 'page.accept.when')}</label>
          <input
            id="appointmentAt"
            name="appointmentAt"
            type="datetime-local"
            required
            min={min}
            value={typed.appointmentAt}
            {...described(errors, 'appointmentAt', 'tz')}
          />
          <p class="hint" id="tz">
            {t(locale, 'page.accept.timeZone', { timeZone })}
          </p>
          <FieldError errors={errors} name="appointmentAt" />
          <input type="hidden" name="timeZone" value={timeZone} />
          <label for="place">{t(locale, 'page.accept.place')}</label>
          <input
            id="place"
            name="place"
            type="text"
            required
            maxlength={TEXT_LIMITS.place}
            value={typed.place ?? input.practice}
            {...described(errors, 'place')}
          />
          <FieldError errors={errors} name="place" />
          <button type="submit">{t(locale, 'page.accept.submit')}</button>
        </form>
      </section>
      <details class="card" open={openFor('reason')}>
        <summary>{t(locale, 'page.decline.title')}</summary>
        <form method="post" action={linkAction(token, 'decline')}>
          <label for="reason">{t(locale, 'page.decline.reason')}</label>
          <select id="reason" name="reason" required {...described(errors, 'reason')}>
            <option value="">{t(locale, 'page.decline.choose')}</option>
            {DECLINE_REASONS.map((r) => (
              <option value={r} selected={typed.reason === r}>
                {declineReasonName(locale, r)}
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="reason" />
          <button type="submit" class="secondary">
            {t(locale, 'page.decline.submit')}
          </button>
        </form>
      </details>
      <details class="card" open={openFor('question')}>
        <summary>{t(locale, 'page.moreInfo.title')}</summary>
        <form method="post" action={linkAction(token, 'more-info')}>
          <label for="question">{t(locale, 'page.moreInfo.label')}</label>
          <textarea
            id="question"
            name="question"
            required
            maxlength={TEXT_LIMITS.question}
            {...described(errors, 'question', 'question-hint')}
          >
            {typed.question ?? ''}
          </textarea>
          <p class="hint" id="question-hint">
            {t(locale, 'page.moreInfo.hint')}
          </p>
          <FieldError errors={errors} name="question" />
          <button type="submit" class="secondary">
            {t(locale, 'page.moreInfo.submit')}
          </button>
        </form>
      </details>
      <details class="card" open={openFor('advice')}>
        <summary>{t(locale, 'page.advice.title')}</summary>
        <form method="post" action={linkAction(token, 'advice')}>
          <label for="advice">{t(locale, 'page.advice.label')}</label>
          <textarea
            id="advice"
            name="advice"
            required
            maxlength={TEXT_LIMITS.advice}
            {...described(errors, 'advice')}
          >
            {typed.advice ?? ''}
          </textarea>
          <FieldError errors={errors} name="advice" />
          <button type="submit" class="secondary">
            {t(locale, 'page.advice.submit')}
          </button>
        </form>
      </details>
    </>,
  );
}
