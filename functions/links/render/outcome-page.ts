import type { Specialty } from '../../../domain/referral/model.ts';
import { escapeHtml } from '../../ui/html.ts';
import { formatDateTime, type Locale, specialtyName, t, tHtml } from '../../ui/messages.ts';
import { assertNoHealthData, type NoPersonData, PAGE_FORBIDDEN_KEYS } from '../../ui/no-health-data.ts';
import { errorNote, linkAction, renderPage } from './layout.ts';

export type OutcomePageInput = NoPersonData<{
  readonly locale: Locale;
  readonly timeZone?: string;
  readonly specialty: Specialty;
  readonly appointmentAt: Date;
  readonly place: string;
  readonly token: string;
  /** Shown again after a refused answer. */
  readonly error?: boolean;
  /** More of the page, already escaped (the reschedule form of reschedule-page.ts). */
  readonly moreHtml?: string;
}>;

/**
 * The page behind an outcome link: did the person come? Two buttons of one form POST
 * `attended=true|false` to `/o/{token}/outcome`.
 */
export function outcomePage(input: OutcomePageInput): string {
  assertNoHealthData(input, PAGE_FORBIDDEN_KEYS);
  const { locale } = input;
  const title = t(locale, 'page.outcome.title');
  const when = formatDateTime(locale, input.appointmentAt, input.timeZone);
  const body =
    `<h1>${escapeHtml(title)}</h1>` +
    (input.error ? errorNote(locale) : '') +
    `<section class="card"><p>${escapeHtml(specialtyName(locale, input.specialty))}</p>` +
    `<p>${tHtml(locale, 'page.outcome.lead', { when, place: input.place })}</p>` +
    `<form method="post" action="${linkAction(input.token, 'outcome')}">` +
    `<button type="submit" name="attended" value="true">${tHtml(locale, 'page.outcome.attended')}</button>` +
    `<button type="submit" name="attended" value="false" class="warn">${tHtml(locale, 'page.outcome.noShow')}</button>` +
    '</form></section>' +
    (input.moreHtml ?? '');
  return renderPage(locale, title, body);
}
