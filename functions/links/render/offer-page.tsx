import type { FC } from 'hono/jsx';
import { DECLINE_REASONS } from '../../../domain/referral/model.ts';
import { sharedFacts } from '../../ui/facts.ts';
import { toDateTimeLocal } from '../../ui/local-time.ts';
import { DEFAULT_TIME_ZONE, declineReasonName, formatDateTime, type Locale, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoPersonData, PAGE_FORBIDDEN_KEYS } from '../../ui/no-health-data.ts';
import { contactThroughOrganisationOnly } from '../../ui/reschedule-words.ts';
import type { ReferringOrg, SharedMinimum } from '../../ui/types.ts';
import { ErrorNote, FactList, linkAction, renderPage } from './layout.tsx';

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
    /** Shown again after a refused answer: a note above the forms says what to check. */
    readonly error?: boolean;
  }
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
  assertNoHealthData(input, PAGE_FORBIDDEN_KEYS);
  const { locale, token, referringOrg } = input;
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const title = t(locale, 'page.offer.title');
  const min = input.now ? toDateTimeLocal(input.now, timeZone) : undefined;
  return renderPage(
    locale,
    title,
    <>
      <h1>{title}</h1>
      {input.error ? <ErrorNote locale={locale} /> : null}
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
            aria-describedby="tz"
          />
          <p class="hint" id="tz">
            {t(locale, 'page.accept.timeZone', { timeZone })}
          </p>
          <input type="hidden" name="timeZone" value={timeZone} />
          <label for="place">{t(locale, 'page.accept.place')}</label>
          <input
            id="place"
            name="place"
            type="text"
            required
            maxlength={TEXT_LIMITS.place}
            value={input.practice}
          />
          <button type="submit">{t(locale, 'page.accept.submit')}</button>
        </form>
      </section>
      <details class="card">
        <summary>{t(locale, 'page.decline.title')}</summary>
        <form method="post" action={linkAction(token, 'decline')}>
          <label for="reason">{t(locale, 'page.decline.reason')}</label>
          <select id="reason" name="reason" required>
            <option value="">{t(locale, 'page.decline.choose')}</option>
            {DECLINE_REASONS.map((r) => (
              <option value={r}>{declineReasonName(locale, r)}</option>
            ))}
          </select>
          <button type="submit" class="secondary">
            {t(locale, 'page.decline.submit')}
          </button>
        </form>
      </details>
      <details class="card">
        <summary>{t(locale, 'page.moreInfo.title')}</summary>
        <form method="post" action={linkAction(token, 'more-info')}>
          <label for="question">{t(locale, 'page.moreInfo.label')}</label>
          <textarea
            id="question"
            name="question"
            required
            maxlength={TEXT_LIMITS.question}
            aria-describedby="question-hint"
          ></textarea>
          <p class="hint" id="question-hint">
            {t(locale, 'page.moreInfo.hint')}
          </p>
          <button type="submit" class="secondary">
            {t(locale, 'page.moreInfo.submit')}
          </button>
        </form>
      </details>
      <details class="card">
        <summary>{t(locale, 'page.advice.title')}</summary>
        <form method="post" action={linkAction(token, 'advice')}>
          <label for="advice">{t(locale, 'page.advice.label')}</label>
          <textarea id="advice" name="advice" required maxlength={TEXT_LIMITS.advice}></textarea>
          <button type="submit" class="secondary">
            {t(locale, 'page.advice.submit')}
          </button>
        </form>
      </details>
    </>,
  );
}
