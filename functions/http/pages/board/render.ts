import type { Caller } from '../../../../domain/caller.ts';
import type { Notification } from '../../../../domain/ports.ts';
import { reachThrough } from '../../../../domain/referral/load-referral.ts';
import { NO_OTHER_CANDIDATE } from '../../../../domain/referral/offer-to-more.ts';
import type { YearFigures } from '../../../../domain/stats/figures.ts';
import {
  ESCALATION_KINDS,
  ESCALATION_STATES,
  type EscalationKind,
  type EscalationLevel,
  type EscalationState,
} from '../../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../../domain/timers/ports.ts';
import type { Locale } from '../../../ui/messages.ts';
import { escapeHtml, renderPage } from '../layout.tsx';
import { activityPanel } from './charts.ts';

export const KIND_LABEL: Readonly<Record<EscalationKind, string>> = {
  candidates_exhausted: 'No specialist found',
  no_accompanier: 'No accompanier',
  arrival_unconfirmed: 'Arrival not confirmed',
  outcome_missing: 'Outcome not recorded',
  follow_up_due: 'Follow-up overdue',
};
const LEVEL_LABEL: Readonly<Record<EscalationLevel, string>> = {
  assignee: 'Assignee',
  org_coordinator: 'Coordinator',
  network_coordinator: 'Network coordinator',
};
const STATE_LABEL: Readonly<Record<EscalationState, string>> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** Notices shown after an action, by code (never text from the request). */
export const NOTICES = {
  acknowledged: 'Acknowledged: it moved to the acknowledged list.',
  reoffered: 'Offered to the next candidates.',
  no_candidate: NO_OTHER_CANDIDATE,
  reassigned: 'The accompaniment was assigned.',
  followed_up: 'The follow-up was recorded as done.',
  not_allowed: 'That is not possible for this referral any more (or not from your organisation).',
  not_found: 'That escalation no longer exists.',
  changed: 'Someone changed it meanwhile: look again.',
  already_done: 'That was already done before: nothing changed.',
} as const;
export type NoticeCode = keyof typeof NOTICES;

/** "3 days overdue", "5 hours overdue", "12 minutes overdue". */
export function overdueText(since: string, now: Date): string {
  const ms = Math.max(0, now.getTime() - Date.parse(since));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'} overdue`;
  if (ms >= 86_400_000) return unit(Math.floor(ms / 86_400_000), 'day');
  if (ms >= 3_600_000) return unit(Math.floor(ms / 3_600_000), 'hour');
  return unit(Math.floor(ms / 60_000), 'minute');
}

export interface BoardView {
  readonly state: EscalationState;
  readonly kind?: EscalationKind;
  readonly org?: string;
  /** Network coordinators may filter by organisation. */
  readonly network: boolean;
  readonly items: readonly BoardEscalation[];
  readonly nextCursor?: string;
  readonly now: Date;
  readonly figures: YearFigures;
  readonly notice?: NoticeCode;
  readonly signedInAs: Pick<Caller, 'sub' | 'org' | 'roles'>;
  /** The staff member's language (the page's shell; the body is English still). */
  readonly locale?: Locale;
  /** Recent notices of the organisation's coordinators' feed that need someone (undeliverable offers). */
  readonly notices?: readonly Notification[];
}

const q = (params: Record<string, string | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
  const text = s.toString();
  return text ? `?${text}` : '';
};

/** The board page: overdue items grouped by kind, filters, actions, and the year's activity. */
export function renderBoard(v: BoardView): string {
  const filters = { state: v.state, kind: v.kind, org: v.org };
  const back = `/app/board${q(filters)}`;
  const tabs = ESCALATION_STATES.map((s) =>
    s === v.state
      ? `<strong aria-current="page">${STATE_LABEL[s]}</strong>`
      : `<a href="/app/board${q({ ...filters, state: s })}">${STATE_LABEL[s]}</a>`,
  ).join(' · ');

  const groups = ESCALATION_KINDS.map((kind) => ({
    kind,
    items: v.items.filter((e) => e.kind === kind),
  })).filter((g) => g.items.length > 0);
  const body =
    groups.length === 0
      ? `<p class="card">Nothing ${v.state === 'open' ? 'overdue' : v.state} here.</p>`
      : groups.map((g) => group(g.kind, g.items, v, back)).join('');
  const more = v.nextCursor
    ? `<p><a href="/app/board${q({ ...filters, cursor: v.nextCursor })}">More</a></p>`
    : '';

  return renderPage({
    title: 'Board',
    signedInAs: v.signedInAs,
    path: '/app/board',
    ...(v.locale ? { lang: v.locale } : {}),
    body:
      `<h1>Overdue: the coordinator board</h1>` +
      (v.notice ? `<p class="flash" role="status">${escapeHtml(NOTICES[v.notice])}</p>` : '') +
      `<nav aria-label="States">${tabs}</nav>` +
      filterForm(v) +
      undeliverable(v.notices ?? []) +
      body +
      more +
      activityPanel(v.figures),
  });
}

function filterForm(v: BoardView): string {
  const kinds = ESCALATION_KINDS.map(
    (k) => `<option value="${k}"${k === v.kind ? ' selected' : ''}>${escapeHtml(KIND_LABEL[k])}</option>`,
  ).join('');
  const org = v.network
    ? `<div><label for="f-org">Organisation</label><input id="f-org" name="org" value="${escapeHtml(v.org ?? '')}" placeholder="all" pattern="[a-z0-9][a-z0-9-]*"></div>`
    : '';
  return (
    `<form method="get" action="/app/board" class="card row" aria-label="Filters">` +
    `<input type="hidden" name="state" value="${v.state}">` +
    org +
    `<div><label for="f-kind">Kind</label><select id="f-kind" name="kind"><option value="">All kinds</option>${kinds}</select></div>` +
    `<div><label>&nbsp;</label><button type="submit" class="secondary">Filter</button></div></form>`
  );
}

function group(kind: EscalationKind, items: readonly BoardEscalation[], v: BoardView, back: string): string {
  const rows = items.map((e) => row(e, v, back)).join('');
  return (
    `<section class="card" aria-labelledby="k-${kind}" data-kind="${kind}">` +
    `<h2 id="k-${kind}">${escapeHtml(KIND_LABEL[kind])} <span class="tag">${items.length}</span></h2>` +
    '<table><thead><tr><th>Referral</th><th>Urgency</th><th>Level</th><th>Since</th><th>Act</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></section>`
  );
}

function row(e: BoardEscalation, v: BoardView, back: string): string {
  const id = encodeURIComponent(e.id);
  const action = (path: string, label: string, cls: string, extra = '') =>
    `<form method="post" action="/app/board/escalations/${id}/${path}">` +
    `<input type="hidden" name="back" value="${escapeHtml(back)}">${extra}` +
    `<button type="submit" class="${cls}">${escapeHtml(label)}</button></form>`;
  const forms: string[] = [];
  if (e.state === 'open') forms.push(action('ack', 'Acknowledge', 'ok'));
  // Acting on the referral is offered where it works: the caller's organisation's, or another's once it
  // reached the network coordinators (load-referral.ts).
  const reach = e.state !== 'resolved' ? reachThrough(v.signedInAs, e) : undefined;
  if (reach) {
    if (e.kind === 'candidates_exhausted') forms.push(action('reoffer', 'Re-offer', ''));
    // The follow-up stays with the referring organisation, like the outcome it follows.
    if (e.kind === 'follow_up_due' && reach === 'organisation') {
      forms.push(action('follow-up-done', 'Follow-up done', ''));
    }
    if (e.kind === 'no_accompanier' || e.kind === 'arrival_unconfirmed') {
      forms.push(
        action(
          'reassign',
          'Reassign',
          'warn',
          `<label for="acc-${id}">Accompanier</label><input id="acc-${id}" name="accompanierId" required maxlength="64">`,
        ),
      );
    }
  }
  const age =
    e.state === 'resolved'
      ? `resolved ${escapeHtml((e.resolvedAt ?? '').slice(0, 10))}`
      : `<span class="overdue">${escapeHtml(overdueText(e.since, v.now))}</span>`;
  return (
    `<tr data-escalation-id="${escapeHtml(e.id)}" data-state="${e.state}">` +
    `<td><a href="/app/referrals/${encodeURIComponent(e.referralId)}"><code>${escapeHtml(e.referralId)}</code></a>${v.network ? `<br><span class="muted">${escapeHtml(e.org)}</span>` : ''}</td>` +
    `<td><span class="tag">${escapeHtml(e.urgency)}</span></td>` +
    `<td>${escapeHtml(LEVEL_LABEL[e.level])}</td>` +
    `<td>${age}</td>` +
    `<td><div class="row">${forms.join('') || '<span class="muted">—</span>'}</div></td></tr>`
  );
}

/**
 * Offers whose email bounced or was reported as spam: the next candidate was offered already, but the
 * specialist stays paused until someone fixes the address in the directory or talks to them.
 */
function undeliverable(notices: readonly Notification[]): string {
  const items = notices.filter((n) => n.kind === 'offer_undeliverable');
  if (items.length === 0) return '';
  const rows = items
    .map(
      (n) =>
        `<li>${escapeHtml(n.at.slice(0, 16).replace('T', ' '))} UTC: an offer email for ` +
        `<a href="/app/referrals/${encodeURIComponent(n.referralId ?? '')}"><code>${escapeHtml(n.referralId ?? '')}</code></a> ` +
        'could not be delivered. The next candidate was offered; the specialist is paused until their address is fixed in the directory.</li>',
    )
    .join('');
  return (
    '<section class="card" aria-labelledby="undeliverable" data-notices="undeliverable">' +
    `<h2 id="undeliverable">Undeliverable offers <span class="tag">${items.length}</span></h2><ul>${rows}</ul></section>`
  );
}
