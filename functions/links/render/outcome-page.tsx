import type { Child } from 'hono/jsx';
import type { Specialty } from '../../../domain/referral/model.ts';
import { FieldError } from '../../ui/form-parts.tsx';
import { formatDateTime, type Locale, specialtyName, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoPersonData, PAGE_FORBIDDEN_KEYS } from '../../ui/no-health-data.ts';
import { ErrorNote, fieldErrors, linkAction, renderPage, type ShownAgain } from './layout.tsx';

export type OutcomePageInput = NoPersonData<{
  readonly locale: Locale;
  readonly timeZone?: string;
  readonly specialty: Specialty;
  readonly appointmentAt: Date;
  readonly place: string;
  readonly token: string;
  /** More of the page, as JSX (the reschedule form of reschedule-page.tsx). */
  readonly more?: Child;
}> &
  ShownAgain;

/**
 * The page behind an outcome link: did the person come? Two buttons of one form POST
 * `attended=true|false` to `/o/{token}/outcome`.
 */
export function outcomePage(input: OutcomePageInput): string {
  assertNoHealthData(input, PAGE_FORBIDDEN_KEYS);
  const { locale } = input;
  const title = t(locale, 'page.outcome.title');
  const when = formatDateTime(locale, input.appointmentAt, input.timeZone);
  return renderPage(
    locale,
    title,
    <>
      <h1>{title}</h1>
      <ErrorNote locale={locale} refused={input.refused} />
      <section class="card">
        <p>{specialtyName(locale, input.specialty)}</p>
        <p>{t(locale, 'page.outcome.lead', { when, place: input.place })}</p>
        <form method="post" action={linkAction(input.token, 'outcome')}>
          <button type="submit" name="attended" value="true">
            {t(locale, 'page.outcome.attended')}
          </button>
          <button type="submit" name="attended" value="false" class="warn">
            {t(locale, 'page.outcome.noShow')}
          </button>
        </form>
        <FieldError errors={fieldErrors(locale, input.refused)} name="attended" />
      </section>
      {input.more ?? null}
    </>,
  );
}
