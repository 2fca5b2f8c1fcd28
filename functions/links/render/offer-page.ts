import { DECLINE_REASONS } from '../../../domain/referral/model.ts';
import { sharedFacts } from '../../ui/facts.ts';
import { escapeHtml } from '../../ui/html.ts';
import { toDateTimeLocal } from '../../ui/local-time.ts';
import {
  DEFAULT_TIME_ZONE,
  declineReasonName,
  formatDateTime,
  type Locale,
  t,
  tHtml,
} from '../../ui/messages.ts';
import { assertNoHealthData, type NoPersonData, PAGE_FORBIDDEN_KEYS } from '../../ui/no-health-data.ts';
import { contactThroughOrganisationOnly } from '../../ui/reschedule-words.ts';
import type { ReferringOrg, SharedMinimum } from '../../ui/types.ts';
import { errorNote, factList, linkAction, renderPage } from './layout.ts';

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

function exchangesHtml(locale: Locale, exchanges: readonly Exchange[]): string {
  if (exchanges.length === 0) return '';
  const items = exchanges
    .map(
      (e) =>
        `<div class="qa"><p><strong>${tHtml(locale, 'page.exchanges.question')}</strong><br>${escapeHtml(e.question)}</p>` +
        (e.answer
          ? `<p><strong>${tHtml(locale, 'page.exchanges.answer')}</strong><br>${escapeHtml(e.answer)}</p>`
          : `<p class="muted">${tHtml(locale, 'page.exchanges.pending')}</p>`) +
        '</div>',
    )
    .join('');
  return `<section class="card"><h2>${tHtml(locale, 'page.exchanges.title')}</h2>${items}</section>`;
}

/**
 * The page behind an offer link (`GET /o/{token}`): the shared minimum, then the four answers as plain
 * HTML forms. Rendering it changes nothing; only the POSTs do.
 */
export function offerPage(input: OfferPageInput): string {
  assertNoHealthData(input, PAGE_FORBIDDEN_KEYS);
  const { locale, token, referringOrg } = input;
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const title = t(locale, 'page.offer.title');
  const min = input.now ? ` min="${escapeHtml(toDateTimeLocal(input.now, timeZone))}"` : '';
  const reasons = DECLINE_REASONS.map(
    (r) => `<option value="${r}">${escapeHtml(declineReasonName(locale, r))}</option>`,
  ).join('');

  const body =
    `<h1>${escapeHtml(title)}</h1>` +
    (input.error ? errorNote(locale) : '') +
    `<p>${tHtml(locale, 'page.offer.lead', { org: referringOrg.name })}</p>` +
    `<section class="card">${factList([
      ...sharedFacts(locale, input),
      [t(locale, 'label.referredBy'), `${referringOrg.name} (${referringOrg.contact})`],
      [t(locale, 'label.answerBefore'), formatDateTime(locale, input.expiresAt, timeZone)],
    ])}</section>` +
    (input.contactThroughOrganisationOnly
      ? `<p class="card">${escapeHtml(contactThroughOrganisationOnly(locale, referringOrg))}</p>`
      : '') +
    exchangesHtml(locale, input.exchanges ?? []) +
    `<section class="card"><h2>${tHtml(locale, 'page.accept.title')}</h2>` +
    `<form method="post" action="${linkAction(token, 'accept')}">` +
    `<label for="appointmentAt">${tHtml(locale, 'page.accept.when')}</label>` +
    `<input id="appointmentAt" name="appointmentAt" type="datetime-local" required${min} aria-describedby="tz">` +
    `<p class="hint" id="tz">${tHtml(locale, 'page.accept.timeZone', { timeZone })}</p>` +
    `<input type="hidden" name="timeZone" value="${escapeHtml(timeZone)}">` +
    `<label for="place">${tHtml(locale, 'page.accept.place')}</label>` +
    `<input id="place" name="place" type="text" required maxlength="${TEXT_LIMITS.place}" value="${escapeHtml(input.practice)}">` +
    `<button type="submit">${tHtml(locale, 'page.accept.submit')}</button>` +
    '</form></section>' +
    `<details class="card"><summary>${tHtml(locale, 'page.decline.title')}</summary>` +
    `<form method="post" action="${linkAction(token, 'decline')}">` +
    `<label for="reason">${tHtml(locale, 'page.decline.reason')}</label>` +
    `<select id="reason" name="reason" required><option value="">${tHtml(locale, 'page.decline.choose')}</option>${reasons}</select>` +
    `<button type="submit" class="secondary">${tHtml(locale, 'page.decline.submit')}</button>` +
    '</form></details>' +
    `<details class="card"><summary>${tHtml(locale, 'page.moreInfo.title')}</summary>` +
    `<form method="post" action="${linkAction(token, 'more-info')}">` +
    `<label for="question">${tHtml(locale, 'page.moreInfo.label')}</label>` +
    `<textarea id="question" name="question" required maxlength="${TEXT_LIMITS.question}" aria-describedby="question-hint"></textarea>` +
    `<p class="hint" id="question-hint">${tHtml(locale, 'page.moreInfo.hint')}</p>` +
    `<button type="submit" class="secondary">${tHtml(locale, 'page.moreInfo.submit')}</button>` +
    '</form></details>' +
    `<details class="card"><summary>${tHtml(locale, 'page.advice.title')}</summary>` +
    `<form method="post" action="${linkAction(token, 'advice')}">` +
    `<label for="advice">${tHtml(locale, 'page.advice.label')}</label>` +
    `<textarea id="advice" name="advice" required maxlength="${TEXT_LIMITS.advice}"></textarea>` +
    `<button type="submit" class="secondary">${tHtml(locale, 'page.advice.submit')}</button>` +
    '</form></details>';
  return renderPage(locale, title, body);
}
