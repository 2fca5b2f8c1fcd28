import { DEFAULT_TIME_ZONE, languageListIn, specialtyNameIn } from '../../../ui/catalogue.ts';
import { en } from '../../../ui/locales/en.ts';
import type { Locale } from '../../../ui/messages.ts';
import type { AccompanimentView, OpenView } from '../../schemas/need-to-know.ts';
import type { AnyReferralView } from '../../views/need-to-know-view.ts';
import { escapeHtml, renderPage, type SignedInAs } from '../layout.tsx';

/*
 * The accompanier's phone page and a referral's page, as pure functions of what they show: the views
 * the caller gets (domain/referral/need-to-know.ts, functions/http/views), never the referral itself, so
 * a page shows no more than the API would. Plain HTML
 * forms (one tap each, POST then redirect back), no JavaScript, nothing fetched from elsewhere.
 */

// The staff pages are in English: the English catalogue alone, not messages.ts (every locale's email words).
const LOCALE: Locale = 'en';
const INTL = 'en-GB';

/** What a tap did, shown once after the redirect (`?done=`). */
export const DONE_MESSAGES = {
  taken: 'You accompany this person now.',
  departed: 'Departure confirmed.',
  arrived: 'Arrival confirmed.',
  attended: 'Recorded: the person was seen.',
  no_show: 'Recorded: the person did not attend.',
  absent: 'Recorded: the person was not at the meeting point. The referring worker is told.',
  seen_again: 'Recorded: the person is back. The appointment can be rescheduled.',
} as const;
export type Done = keyof typeof DONE_MESSAGES;

/** Why a tap did nothing (`?error=`), in words that say what to do. */
export const ERROR_MESSAGES = {
  already: 'Already recorded before: nothing changed.',
  conflict:
    'Someone else changed or took this accompaniment at the same time. Nothing changed: check the list.',
  forbidden: 'Only the accompanier assigned to this person can do this.',
  not_found: 'This accompaniment is not there any more.',
  invalid_state: 'This is not possible at this step any more. Check the list.',
  invalid_input:
    'Some of what you entered is not valid (a date in the future, a note without contact details).',
  other: 'That did not work. Please try again.',
} as const;
export type PageError = keyof typeof ERROR_MESSAGES;

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  scheduled: 'Scheduled',
  departed: 'On the way',
  arrived: 'Arrived',
  on_hold: 'On hold',
  attended: 'Attended',
  no_show: 'Did not attend',
  open: 'Open',
  offered: 'Offered',
  closed: 'Closed',
};

export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'referral.opened': 'Referral opened',
  'offer.sent': 'Offer sent to a specialist',
  'offer.declined': 'Specialist declined',
  'offer.expired': 'Offer expired',
  'offer.withdrawn': 'Offer withdrawn',
  'offer.info_requested': 'Specialist asked a question',
  'referral.info_provided': 'Question answered',
  'referral.candidates_exhausted': 'No specialist left to ask',
  'appointment.scheduled': 'Appointment scheduled',
  'appointment.rescheduled': 'Appointment moved',
  'referral.returned_with_advice': 'Returned with advice',
  'accompaniment.assigned': 'Accompanier assigned',
  'accompaniment.departed': 'Departed with the person',
  'accompaniment.arrived': 'Arrived at the appointment',
  'outcome.recorded': 'Outcome recorded',
  'follow_up.recorded': 'Follow-up done or moved',
  'referral.amended': 'Referral amended',
  'person.absent': 'Person absent at the meeting point',
  'person.seen_again': 'Person seen again',
  'person.do_not_contact': 'Marked: contact through the organisation only',
  'person.do_not_contact_lifted': 'Direct contact allowed again',
  'referral.closed': 'Referral closed',
};

/** A time as people read it on a phone: "Wed 25 Nov, 14:30". */
export function formatTime(at: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(INTL, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(at));
}

/** The calendar day of an instant in the zone, `YYYY-MM-DD`: to tell today from later. */
export function dayOf(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(at);
}

const h = escapeHtml;

/** A form of one button posting to `/app/accompaniments/{id}/{action}`. */
function tap(id: string, action: string, label: string, cls = ''): string {
  return (
    `<form method="post" action="/app/accompaniments/${encodeURIComponent(id)}/${action}">` +
    `<button type="submit"${cls ? ` class="${cls}"` : ''}>${h(label)}</button></form>`
  );
}

/** An accompaniment the caller goes on: the accompaniment view's fields (the full view has them too). */
export type CardView = Pick<
  AccompanimentView,
  'id' | 'status' | 'pseudonym' | 'need' | 'languages' | 'interpreterNeeded' | 'accompaniment'
> & { readonly appointment?: { readonly at: string; readonly place: string } | undefined };
/** One open to take: the open view's fields. */
export type OpenCardView = Pick<OpenView, 'id' | 'need' | 'languages' | 'appointment'>;

function facts(r: CardView): string {
  const a = r.accompaniment;
  const rows: [string, string][] = [
    ['Where', r.appointment?.place ?? '—'],
    ['Languages', languageListIn(en, r.languages) + (r.interpreterNeeded ? ' · interpreter needed' : '')],
  ];
  if (a.meetingPoint || a.meetingAt) {
    rows.push([
      'Meet',
      [a.meetingAt ? formatTime(a.meetingAt) : '', a.meetingPoint ?? ''].filter(Boolean).join(', '),
    ]);
  }
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
}

/** The buttons that make sense at this step. */
function actions(r: CardView): string {
  switch (r.status) {
    case 'scheduled':
      return `<div class="row">${tap(r.id, 'departed', 'Departed')}${tap(r.id, 'arrived', 'Arrived', 'ok')}${tap(r.id, 'absent', 'Absent', 'warn')}</div>`;
    case 'departed':
      return `<div class="row">${tap(r.id, 'arrived', 'Arrived', 'ok')}${tap(r.id, 'absent', 'Absent', 'warn')}</div>`;
    case 'arrived':
      return (
        `<div class="row">${tap(r.id, 'attended', 'Attended', 'ok')}${tap(r.id, 'no-show', 'No-show', 'warn')}</div>` +
        '<details><summary>Attended, with a follow-up or a note</summary>' +
        `<form method="post" action="/app/accompaniments/${encodeURIComponent(r.id)}/attended">` +
        `<label for="f-${h(r.id)}">Follow-up on</label><input id="f-${h(r.id)}" type="date" name="followUpOn">` +
        `<label for="n-${h(r.id)}">Note (no names, no phone numbers)</label>` +
        `<textarea id="n-${h(r.id)}" name="note" maxlength="280" rows="3"></textarea>` +
        '<button type="submit" class="ok">Record attended</button></form></details>'
      );
    case 'on_hold':
      return `<p class="muted">Waiting: the person was not at the meeting point.</p><div class="row">${tap(r.id, 'seen-again', 'Seen again', 'secondary')}</div>`;
    default:
      return '';
  }
}

function journey(r: CardView): string {
  const a = r.accompaniment;
  const parts = [
    a.departedAt ? `Departed ${formatTime(a.departedAt)}` : '',
    a.arrivedAt ? `Arrived ${formatTime(a.arrivedAt)}` : '',
  ].filter(Boolean);
  return parts.length ? `<p class="muted">${h(parts.join(' · '))}</p>` : '';
}

function card(r: CardView): string {
  const when = r.appointment ? formatTime(r.appointment.at) : '—';
  return (
    `<article class="card" id="r-${h(r.id)}">` +
    `<h3><span>${h(when)}</span> <span class="tag">${h(STATUS_LABELS[r.status] ?? r.status)}</span></h3>` +
    `<p class="who"><strong>${h(r.pseudonym)}</strong> · ${h(specialtyNameIn(en, r.need.specialty))}</p>` +
    facts(r) +
    journey(r) +
    actions(r) +
    `<p class="more"><a href="/app/referrals/${encodeURIComponent(r.id)}">Timeline</a></p>` +
    '</article>'
  );
}

/** Without the pseudonym: who the person is shows once the caller has taken it. */
function availableCard(r: OpenCardView): string {
  const when = r.appointment ? formatTime(r.appointment.at) : '—';
  const rows: [string, string][] = [
    ['Where', r.appointment?.place ?? '—'],
    ['Languages', languageListIn(en, r.languages)],
  ];
  return (
    `<article class="card" id="r-${h(r.id)}">` +
    `<h3>${h(when)}</h3>` +
    `<p class="who">${h(specialtyNameIn(en, r.need.specialty))}</p>` +
    `<dl class="facts">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>` +
    `<div class="row">${tap(r.id, 'take', 'Take this accompaniment')}</div></article>`
  );
}

/** Extra rules for this page, on top of the shared staff style (still one inline <style>). */
const PAGE_STYLE =
  '<style>' +
  'h3{font-size:1.05rem;margin:0 0 .35rem;display:flex;justify-content:space-between;gap:.5rem;align-items:center}' +
  '.who{margin:.1rem 0 .4rem}.facts{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;margin:0 0 .6rem}' +
  '.facts dt{color:#4b5563;font-size:.9rem}.facts dd{margin:0}.more{margin:.5rem 0 0;font-size:.9rem}' +
  'details{margin-top:.6rem}summary{cursor:pointer;font-weight:600;min-height:2.5rem}' +
  '</style>';

export interface AccompanimentsPageInput {
  readonly signedInAs: SignedInAs;
  /** The staff member's language (the page's shell; the body is English still). */
  readonly locale?: Locale;
  readonly now: Date;
  readonly mine: readonly CardView[];
  readonly available: readonly OpenCardView[];
  readonly done?: Done | undefined;
  readonly error?: PageError | undefined;
}

/** `GET /app/accompaniments`: today's and upcoming accompaniments, and those the caller could take. */
export function accompanimentsPage(input: AccompanimentsPageInput): string {
  const today = dayOf(input.now);
  const day = (r: Pick<CardView, 'appointment'>) =>
    r.appointment ? dayOf(new Date(r.appointment.at)) : today;
  const earlier = input.mine.filter((r) => day(r) < today);
  const todays = input.mine.filter((r) => day(r) === today);
  const upcoming = input.mine.filter((r) => day(r) > today);
  const section = (title: string, items: readonly CardView[], empty?: string) =>
    items.length || empty
      ? `<h2>${h(title)}</h2>${items.length ? items.map(card).join('') : `<p class="muted">${h(empty ?? '')}</p>`}`
      : '';
  const body =
    PAGE_STYLE +
    '<h1>My accompaniments</h1>' +
    (input.done ? `<p class="flash" role="status">${h(DONE_MESSAGES[input.done])}</p>` : '') +
    (input.error ? `<p class="error" role="alert">${h(ERROR_MESSAGES[input.error])}</p>` : '') +
    section('Earlier, still to finish', earlier) +
    section('Today', todays, 'Nothing today.') +
    section('Upcoming', upcoming, 'Nothing planned.') +
    (input.available.length
      ? `<h2>Need an accompanier</h2>${input.available.map(availableCard).join('')}`
      : '');
  return renderPage({
    title: 'My accompaniments',
    lang: input.locale ?? LOCALE,
    body,
    signedInAs: input.signedInAs,
    path: '/app/accompaniments',
  });
}

export interface ReferralPageInput {
  readonly signedInAs: SignedInAs;
  /** The staff member's language (the page's shell; the body is English still). */
  readonly locale?: Locale;
  /** The referral in the view the caller gets of it: the page shows what that view holds, no more. */
  readonly referral: AnyReferralView;
}

/**
 * `GET /app/referrals/{id}`: where a staff email leads. The referral's state, appointment, journey,
 * outcome and its timeline of who did what and when, as far as the caller's view of it goes.
 */
export function referralPage({ signedInAs, referral: r, locale }: ReferralPageInput): string {
  const o = 'outcome' in r ? r.outcome : undefined;
  const a = 'accompaniment' in r ? r.accompaniment : undefined;
  const row = (k: string, v: string | undefined): [string, string][] => (v === undefined ? [] : [[k, v]]);
  const rows: [string, string][] = [
    ['Status', STATUS_LABELS[r.status] ?? r.status],
    ...row('Person', 'pseudonym' in r ? r.pseudonym : undefined),
    ['Need', specialtyNameIn(en, r.need.specialty)],
    ['Languages', languageListIn(en, r.languages)],
    ...row('Appointment', r.appointment && formatTime(r.appointment.at)),
    ...row('Where', r.appointment?.place),
    ...row('Accompanier', a && (a.required ? (a.accompanierId ?? 'not yet assigned') : 'not needed')),
    ...row('Departed', a?.departedAt && formatTime(a.departedAt)),
    ...row('Arrived', a?.arrivedAt && formatTime(a.arrivedAt)),
    ...row('Outcome', o && (o.attended ? 'Attended' : 'Did not attend')),
    ...row('Follow-up due', o?.followUpDueAt && formatTime(o.followUpDueAt)),
    ...row('Note', o?.note),
    ...row(
      'Contact',
      'doNotContactDirectly' in r && r.doNotContactDirectly ? 'Through the organisation only' : undefined,
    ),
    ...row('Closed', 'closeReason' in r ? r.closeReason?.replace(/_/g, ' ') : undefined),
  ];
  const title = 'pseudonym' in r ? `Referral ${r.pseudonym}` : 'Referral';
  const timeline = ('timeline' in r ? r.timeline : [])
    .map(
      (e) =>
        `<tr><td>${h(formatTime(e.at))}</td><td>${h(e.actor.role.replace(/_/g, ' '))}<br><span class="muted">${h(e.actor.id)}</span></td>` +
        `<td>${h(ACTION_LABELS[e.action] ?? e.action)}</td></tr>`,
    )
    .join('');
  const body =
    PAGE_STYLE +
    `<p><a href="/app/accompaniments">← My accompaniments</a></p>` +
    `<h1>${h(title)}</h1>` +
    `<section class="card"><dl class="facts">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl></section>` +
    '<h2>Timeline</h2>' +
    `<table><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead><tbody>${timeline}</tbody></table>`;
  // The pseudonym is on the page, not in its title: a title travels to the browser's history, its tabs
  // and bookmarks, and to whoever sees a shared screen's window list.
  return renderPage({
    title: 'Referral',
    lang: locale ?? LOCALE,
    body,
    signedInAs,
    path: `/app/referrals/${r.id}`,
  });
}
