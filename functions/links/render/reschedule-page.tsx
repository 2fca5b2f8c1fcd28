import type { Child } from 'hono/jsx';
import { described, FieldError } from '../../ui/form-parts.tsx';
import { toDateTimeLocal } from '../../ui/local-time.ts';
import { formatDateTime, type Locale } from '../../ui/messages.ts';
import { rescheduleWord } from '../../ui/reschedule-words.ts';
import { fieldErrors, linkAction, renderPage, type ShownAgain } from './layout.tsx';

/**
 * The form to move an appointment, for the page behind an outcome link: one date-time field posting to
 * `/o/{token}/reschedule`, pre-filled with the appointment `current` and typed in `timeZone` (the
 * referring organisation's, as the accept form).
 */
export function rescheduleForm(
  locale: Locale,
  token: string,
  timeZone: string,
  current: Date,
  again: ShownAgain = {},
): Child {
  const errors = fieldErrors(locale, again.refused);
  return (
    <section class="card">
      <h2>{rescheduleWord(locale, 'formTitle')}</h2>
      <form method="post" action={linkAction(token, 'reschedule')}>
        <label for="reschedule-at">{rescheduleWord(locale, 'formWhen')}</label>
        <input
          id="reschedule-at"
          type="datetime-local"
          name="appointmentAt"
          value={again.typed?.appointmentAt ?? toDateTimeLocal(current, timeZone)}
          required
          {...described(errors, 'appointmentAt')}
        />
        <FieldError errors={errors} name="appointmentAt" />
        <input type="hidden" name="timeZone" value={timeZone} />
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
  timeZone: string,
): string {
  const when = formatDateTime(locale, new Date(appointment.at), timeZone);
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
