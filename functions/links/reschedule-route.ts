import { type Context, Hono } from 'hono';
import { rescheduleBySpecialist } from '../../domain/accompaniment/reschedule.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Referral } from '../../domain/referral/model.ts';
import { LinkTokenError } from '../adapters/tokens/link-tokens.ts';
import { PROBLEM_TYPES, problem } from '../edge/problem.ts';
import { readJsonOrForm } from '../edge/validation.ts';
import type { Deps } from '../lib/deps.ts';
import { escapeHtml } from '../ui/html.ts';
import { DEFAULT_TIME_ZONE, formatDateTime, type Locale, pickLocale } from '../ui/messages.ts';
import { rescheduleWord } from '../ui/reschedule-words.ts';
import { LINK_PAGE_HEADERS, linkAction, messagePage, renderPage } from './render/index.ts';
import { appointmentInstant, rescheduleLinkBody } from './schemas.ts';

/**
 * `POST /o/{token}/reschedule`: the specialist moves their appointment through the outcome link of their
 * confirmation email (the link names the accepted offer; it works for that appointment only, and not
 * once the referral is closed). Not single-use: a time may move twice. Everyone concerned is told by the
 * `appointment.rescheduled` consumer. A form post gets a page, a script JSON.
 */
export function rescheduleLinkRoutes(deps: Deps): Hono {
  return new Hono().post('/:token/reschedule', async (c) => {
    const html = isFormPost(c);
    let claims: { referralId: string; offerId: string };
    try {
      claims = await deps.linkTokens.verify(c.req.param('token'), {
        purpose: 'outcome',
        now: deps.clock.now(),
      });
    } catch (err) {
      if (!(err instanceof LinkTokenError)) throw err;
      return refused(c, err.reason, html);
    }
    const body = await readJsonOrForm(c, rescheduleLinkBody);
    let r: Referral;
    try {
      r = await rescheduleBySpecialist(deps, claims, {
        appointmentAt: appointmentInstant(body.appointmentAt, body.timeZone).toISOString(),
        ...(body.place ? { place: body.place } : {}),
      });
    } catch (err) {
      if (err instanceof DomainError && (err.kind === 'gone' || err.kind === 'not_found')) {
        return refused(c, err.kind === 'gone' ? 'closed' : 'invalid', html);
      }
      throw err;
    }
    const appointment = { at: r.appointment?.at ?? '', place: r.appointment?.place ?? '' };
    if (!html) return c.json({ result: 'rescheduled', appointment });
    const specialistId = r.appointment?.specialistId;
    const locale = (specialistId ? (await deps.specialists.get(specialistId))?.locale : undefined) ?? 'en';
    return c.html(movedPage(locale, appointment, body.timeZone), 200, LINK_PAGE_HEADERS);
  });
}

/**
 * The form to move an appointment, for the page behind an outcome link: one date-time field posting to
 * `/o/{token}/reschedule` (HTML, escaped; `current` pre-fills the field, `YYYY-MM-DDTHH:mm` local).
 */
export function rescheduleFormHtml(locale: Locale, token: string, current: string): string {
  return (
    `<section class="card"><h2>${escapeHtml(rescheduleWord(locale, 'formTitle'))}</h2>` +
    `<form method="post" action="${linkAction(token, 'reschedule')}">` +
    `<label for="reschedule-at">${escapeHtml(rescheduleWord(locale, 'formWhen'))}</label>` +
    `<input id="reschedule-at" type="datetime-local" name="appointmentAt" value="${escapeHtml(current)}" required>` +
    `<input type="hidden" name="timeZone" value="${escapeHtml(DEFAULT_TIME_ZONE)}">` +
    `<button type="submit" class="secondary">${escapeHtml(rescheduleWord(locale, 'formSubmit'))}</button>` +
    '</form></section>'
  );
}

function movedPage(locale: Locale, appointment: { at: string; place: string }, timeZone?: string): string {
  const when = formatDateTime(locale, new Date(appointment.at), timeZone ?? DEFAULT_TIME_ZONE);
  const title = rescheduleWord(locale, 'pageTitle');
  return renderPage(
    locale,
    title,
    `<h1>${escapeHtml(title)}</h1><section class="card"><p>${escapeHtml(
      rescheduleWord(locale, 'pageBody', { when, place: appointment.place }),
    )}</p></section>`,
  );
}

const isFormPost = (c: Context): boolean =>
  /^application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '');

const REFUSAL = {
  expired: {
    status: 410,
    type: PROBLEM_TYPES.gone,
    title: 'Link expired',
    detail: 'This link has expired; nothing was changed.',
  },
  closed: {
    status: 410,
    type: PROBLEM_TYPES.gone,
    title: 'Request closed',
    detail: 'This request has moved on or was withdrawn; nothing was changed.',
  },
  invalid: {
    status: 401,
    type: PROBLEM_TYPES.unauthorized,
    title: 'Invalid link',
    detail: 'This link is not valid.',
  },
} as const;

/** The same refusals, statuses and pages as the other link answers. */
function refused(c: Context, why: keyof typeof REFUSAL, html: boolean): Response {
  const p = REFUSAL[why];
  if (html) {
    const res = c.html(
      messagePage({ locale: pickLocale(c.req.header('accept-language')), kind: why }),
      p.status,
      LINK_PAGE_HEADERS,
    );
    if (p.status === 401) res.headers.set('www-authenticate', 'Bearer realm="relais-link"');
    return res;
  }
  return problem(p.status, {
    type: p.type,
    title: p.title,
    detail: p.detail,
    requestId: c.get('requestId'),
    ...(p.status === 401 ? { headers: { 'www-authenticate': 'Bearer realm="relais-link"' } } : {}),
  });
}
