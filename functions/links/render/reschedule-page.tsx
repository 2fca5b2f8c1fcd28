import type { Child } from 'hono/jsx';
import { DEFAULT_TIME_ZONE, formatDateTime, type Locale } from '../../ui/messages.ts';
import { rescheduleWord } from '../../ui/reschedule-words.ts';
import { linkAction, renderPage } from './layout.tsx';

/**
 * The form to move an appointment, for the page behind an outcome link: one date-time field posting to
 * `/o/{token}/reschedule` (`current` pre-fills the field, `YYYY-MM-DDTHH:mm` local).
 */
export function rescheduleForm(locale: Locale, token: string, current: string): Child {
  return (
    <section class="card">
      <h2>{rescheduleWord(locale, 'formTitle')}</h2>
      <form method="post" action={linkAction(token, 'reschedule')}>
        <label for="reschedule-at">{rescheduleWord(locale, 'formWhen')}</label>
        <input id="reschedule-at" type="datetime-local" name="appointmentAt" value={current} required />
        <input type="hidden" name="timeZone" value={DEFAULT_TIME_ZONE} />
        <button type="submit" class="secondary">
          {rescheduleWord(locale, 'formSubmit')}
        </button>
      </form>
    </section>
  );
}

/** The page after the specialist moved their appointment. */
export function movedPage(
  locale: Locale,
  appointment: { readonly at: string; readonly place: string },
  timeZone?: string,
): string {
  const when = formatDateTime(locale, new Date(appointment.at), timeZone ?? DEFAULT_TIME_ZONE);
  const title = rescheduleWord(locale, 'pageTitle');
  return renderPage(
    locale,
    title,
    <>
      <h1>{title}</h1>
      <section class="card">
        <p>{rescheduleWord(locale, 'pageBody', { when, place: appointment.place })}</p>
      </section>
    </>,
  );
}
