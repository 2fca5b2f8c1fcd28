import type { FC } from 'hono/jsx';
import type { Caller } from '../../../../domain/caller.ts';
import type { Notification } from '../../../../domain/ports.ts';
import { reachThrough } from '../../../../domain/referral/load-referral.ts';
import type { YearFigures } from '../../../../domain/stats/figures.ts';
import {
  ESCALATION_KINDS,
  ESCALATION_STATES,
  type EscalationKind,
  type EscalationState,
} from '../../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../../domain/timers/ports.ts';
import type { SeenStaff } from '../../../ports/staff-seen.ts';
import {
  catalogue,
  DEFAULT_TIME_ZONE,
  formatDateTime,
  type Locale,
  specialtyName,
  type TextKey,
  urgencyName,
} from '../../../ui/messages.ts';
import { Layout, renderHtml, ScrollRegion, words } from '../layout.tsx';
import { formatTime } from '../referral-words.ts';
import { AccompanierChoice, hasChoice } from '../staff/accompanier-choice.tsx';
import { ActivityPanel } from './charts.tsx';

/** Notices shown after an action, by code (never text from the request); their words are the catalogue's. */
export const NOTICE_CODES = [
  'acknowledged',
  'reoffered',
  'no_candidate',
  'reassigned',
  'followed_up',
  'not_allowed',
  'not_found',
  'changed',
  'already_done',
  'choose_accompanier',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

/** The time from `from` to `now` in its largest whole unit: days, else hours, else minutes. */
function elapsed(from: string, now: Date): { readonly n: number; readonly unit: 'day' | 'hour' | 'minute' } {
  const ms = Math.max(0, now.getTime() - Date.parse(from));
  if (ms >= 86_400_000) return { n: Math.floor(ms / 86_400_000), unit: 'day' };
  if (ms >= 3_600_000) return { n: Math.floor(ms / 3_600_000), unit: 'hour' };
  return { n: Math.floor(ms / 60_000), unit: 'minute' };
}

/** "3 days overdue", "5 hours overdue", "12 minutes overdue", in the page's language. */
export function overdueText(since: string, now: Date, locale: Locale = 'en'): string {
  const w = words(locale);
  const { n, unit } = elapsed(since, now);
  return n === 1 ? w(`staff.board.overdue.${unit}`) : w(`staff.board.overdue.${unit}s`, { n: String(n) });
}

/** "5 days ago", "il y a 5 jours", "vor 5 Tagen": how long ago, in the page's language. */
export function agoText(at: string, now: Date, locale: Locale = 'en'): string {
  const { n, unit } = elapsed(at, now);
  return new Intl.RelativeTimeFormat(catalogue(locale).intl, { numeric: 'always' }).format(-n, unit);
}

export interface BoardView {
  readonly state: EscalationState;
  readonly kind?: EscalationKind | undefined;
  readonly org?: string | undefined;
  /** Network coordinators may filter by organisation. */
  readonly network: boolean;
  readonly items: readonly BoardEscalation[];
  readonly nextCursor?: string | undefined;
  readonly now: Date;
  readonly figures: YearFigures;
  readonly notice?: NoticeCode | undefined;
  readonly signedInAs: Pick<Caller, 'sub' | 'org' | 'roles'>;
  /** The staff member's language; English by default. */
  readonly locale?: Locale;
  /** The organisation's time zone, for every date shown. */
  readonly timeZone?: string;
  /** Recent notices of the organisation's coordinators' feed that need someone (undeliverable offers). */
  readonly notices?: readonly Notification[];
  /**
   * The accompaniers of each organisation whose escalation the caller may assign one on, to assign by
   * name (accompaniersFor).
   */
  readonly accompaniers?: Readonly<Record<string, readonly SeenStaff[]>>;
}

const q = (params: Record<string, string | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
  const text = s.toString();
  return text ? `?${text}` : '';
};

/**
 * The kinds answered on the referral's page, where the question and the hold's actions (seen again,
 * reschedule, close) are: the board links there, for the referring organisation only (need to know).
 */
const ON_REFERRAL_PAGE: Partial<
  Record<EscalationKind, { readonly label: TextKey; readonly anchor: string }>
> = {
  question_unanswered: { label: 'staff.board.answer_question', anchor: '#answer' },
  absence_unresolved: { label: 'staff.board.resolve_absence', anchor: '' },
};

/** Whether the board offers to assign an accompanier on this escalation. */
export const assignsAccompanier = (caller: Pick<Caller, 'org' | 'roles'>, e: BoardEscalation): boolean =>
  e.state !== 'resolved' &&
  (e.kind === 'no_accompanier' || e.kind === 'arrival_unconfirmed') &&
  reachThrough(caller, e) !== undefined;

/** The board page: overdue items grouped by kind, filters, actions, and the year's activity. */
export function renderBoard(v: BoardView): string {
  const locale = v.locale ?? 'en';
  const w = words(locale);
  return renderHtml(
    <Layout title={w('staff.board.title')} locale={locale} signedInAs={v.signedInAs} path="/app/board">
      <Board v={v} locale={locale} />
    </Layout>,
  );
}

const Board: FC<{ v: BoardView; locale: Locale }> = ({ v, locale }) => {
  const w = words(locale);
  const filters = { state: v.state, kind: v.kind, org: v.org };
  const back = `/app/board${q(filters)}`;
  const groups = ESCALATION_KINDS.map((kind) => ({
    kind,
    items: v.items.filter((e) => e.kind === kind),
  })).filter((g) => g.items.length > 0);
  return (
    <>
      <h1>{w('staff.board.heading')}</h1>
      {v.notice ? (
        <p class="flash" role="status">
          {w(`staff.board.notice.${v.notice}`)}
        </p>
      ) : null}
      <nav aria-label={w('staff.board.states')}>
        {ESCALATION_STATES.map((s, i) => (
          <>
            {i > 0 ? ' · ' : ''}
            {s === v.state ? (
              <strong aria-current="page">{w(`staff.board.state.${s}`)}</strong>
            ) : (
              <a href={`/app/board${q({ ...filters, state: s })}`}>{w(`staff.board.state.${s}`)}</a>
            )}
          </>
        ))}
      </nav>
      <FilterForm v={v} locale={locale} />
      <Undeliverable notices={v.notices ?? []} locale={locale} timeZone={v.timeZone} />
      {groups.length === 0 ? (
        <p class="card">{w(`staff.board.nothing.${v.state}`)}</p>
      ) : (
        groups.map((g) => <Group kind={g.kind} items={g.items} v={v} back={back} locale={locale} />)
      )}
      {v.nextCursor ? (
        <p>
          <a href={`/app/board${q({ ...filters, cursor: v.nextCursor })}`}>{w('staff.board.more')}</a>
        </p>
      ) : null}
      <ActivityPanel
        figures={v.figures}
        locale={locale}
        download={`/app/board/stats.csv?${new URLSearchParams({ year: String(v.figures.year), ...(v.org ? { org: v.org } : {}) })}`}
      />
    </>
  );
};

const FilterForm: FC<{ v: BoardView; locale: Locale }> = ({ v, locale }) => {
  const w = words(locale);
  return (
    <form method="get" action="/app/board" class="card row" aria-label={w('staff.board.filters')}>
      <input type="hidden" name="state" value={v.state} />
      {v.network ? (
        <div>
          <label for="f-org">{w('staff.board.filter.org')}</label>
          <input
            id="f-org"
            name="org"
            value={v.org ?? ''}
            pattern="[a-z0-9][a-z0-9-]*"
            aria-describedby="f-org-hint"
          />
          <p id="f-org-hint" class="muted">
            {w('staff.board.filter.org_hint')}
          </p>
        </div>
      ) : null}
      <div>
        <label for="f-kind">{w('staff.board.filter.kind')}</label>
        <select id="f-kind" name="kind">
          <option value="">{w('staff.board.filter.all_kinds')}</option>
          {ESCALATION_KINDS.map((k) => (
            <option value={k} selected={k === v.kind}>
              {w(`staff.board.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit" class="secondary">
          {w('staff.board.filter.submit')}
        </button>
      </div>
    </form>
  );
};

const Group: FC<{
  kind: EscalationKind;
  items: readonly BoardEscalation[];
  v: BoardView;
  back: string;
  locale: Locale;
}> = ({ kind, items, v, back, locale }) => {
  const w = words(locale);
  return (
    <section class="card" aria-labelledby={`k-${kind}`} data-kind={kind}>
      <h2 id={`k-${kind}`}>
        {w(`staff.board.kind.${kind}`)} <span class="tag">{items.length}</span>
      </h2>
      <ScrollRegion label={w(`staff.board.kind.${kind}`)}>
        <table>
          <thead>
            <tr>
              <th scope="col">{w('staff.board.col.referral')}</th>
              <th scope="col">{w('staff.board.col.urgency')}</th>
              <th scope="col">{w('staff.board.col.level')}</th>
              <th scope="col">{w('staff.board.col.since')}</th>
              <th scope="col">{w('staff.board.col.act')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <Row e={e} v={v} back={back} locale={locale} />
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
};

/**
 * A one-button form acting on an escalation, back to the board with its filters, with the version the
 * coordinator saw (index.tsx `version`): the escalation's to acknowledge it, its referral's to act on
 * that (none known: the action is told "changed").
 */
const Action: FC<{
  e: BoardEscalation;
  back: string;
  path: string;
  label: string;
  cls: string;
  version: number | undefined;
  children?: unknown;
}> = ({ e, back, path, label, cls, version, children }) => (
  <form method="post" action={`/app/board/escalations/${encodeURIComponent(e.id)}/${path}`}>
    <input type="hidden" name="back" value={back} />
    {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
    {children as never}
    <button type="submit" class={cls}>
      {label}
    </button>
  </form>
);

const Row: FC<{ e: BoardEscalation; v: BoardView; back: string; locale: Locale }> = ({
  e,
  v,
  back,
  locale,
}) => {
  const w = words(locale);
  /** A form acting on the escalation or its referral, sending `version` (the one its action checks). */
  const action = (path: string, label: string, cls: string, version?: number, children?: unknown) => (
    <Action e={e} back={back} path={path} label={label} cls={cls} version={version}>
      {children}
    </Action>
  );
  const forms: unknown[] = [];
  if (e.state === 'open') forms.push(action('ack', w('staff.board.ack'), 'ok', e.version));
  // Acting on the referral is offered where it works: the caller's organisation's, or another's once it
  // reached the network coordinators (load-referral.ts), on the referral's version the item shows.
  const reach = e.state !== 'resolved' ? reachThrough(v.signedInAs, e) : undefined;
  const seen = e.referral?.version;
  if (reach) {
    if (e.kind === 'candidates_exhausted') {
      forms.push(action('reoffer', w('staff.board.reoffer'), '', seen));
    }
    // The follow-up stays with the referring organisation, like the outcome it follows.
    if (e.kind === 'follow_up_due' && reach === 'organisation') {
      forms.push(action('follow-up-done', w('staff.board.follow_up_done'), '', seen));
    }
    const onPage = ON_REFERRAL_PAGE[e.kind];
    if (onPage && reach === 'organisation') {
      forms.push(
        <a href={`/app/referrals/${encodeURIComponent(e.referralId)}${onPage.anchor}`}>{w(onPage.label)}</a>,
      );
    }
    if (e.kind === 'no_accompanier' || e.kind === 'arrival_unconfirmed') {
      // Chosen by name among the accompaniers of the referral's organisation.
      const choices = v.accompaniers?.[e.org] ?? [];
      const choice = <AccompanierChoice locale={locale} choices={choices} id={`acc-${e.id}`} />;
      forms.push(
        hasChoice(choices) ? (
          action('reassign', w('staff.board.reassign'), 'warn', seen, choice)
        ) : (
          <div>{choice}</div>
        ),
      );
    }
  }
  return (
    <tr data-escalation-id={e.id} data-state={e.state}>
      <td>
        <ReferralNamed e={e} v={v} locale={locale} />
        {v.network ? (
          <>
            <br />
            <span class="muted">{e.org}</span>
          </>
        ) : null}
      </td>
      <td>
        <span class="tag">{urgencyName(locale, e.urgency)}</span>
      </td>
      <td>{w(`staff.board.level.${e.level}`)}</td>
      <td>
        {e.state === 'resolved' ? (
          w('staff.board.resolved_on', {
            date: e.resolvedAt
              ? formatDateTime(locale, new Date(e.resolvedAt), v.timeZone ?? DEFAULT_TIME_ZONE)
              : '',
          })
        ) : (
          <span class="overdue">{overdueText(e.since, v.now, locale)}</span>
        )}
      </td>
      <td>
        <div class="row">{forms.length > 0 ? (forms as never) : <span class="muted">—</span>}</div>
      </td>
    </tr>
  );
};

/**
 * The referral as a coordinator recognises it (PRODUCT.md: by its specialty and its date, never its id),
 * from what the board item shows of it (referral-summary.ts): the specialty, linking to its page; how
 * long ago it was opened; its appointment, in the organisation's time zone.
 */
const ReferralNamed: FC<{ e: BoardEscalation; v: BoardView; locale: Locale }> = ({ e, v, locale }) => {
  const w = words(locale);
  const r = e.referral;
  const where = { locale, timeZone: v.timeZone ?? DEFAULT_TIME_ZONE };
  return (
    <>
      <a href={`/app/referrals/${encodeURIComponent(e.referralId)}`}>
        {r ? specialtyName(locale, r.specialty) : w('staff.board.undeliverable.open')}
      </a>
      {r ? (
        <>
          <br />
          <span class="muted">{w('staff.board.opened', { ago: agoText(r.openedAt, v.now, locale) })}</span>
        </>
      ) : null}
      {r?.appointmentAt ? (
        <>
          <br />
          {w('staff.board.appointment', { at: formatTime(r.appointmentAt, where) })}
        </>
      ) : null}
    </>
  );
};

/**
 * Offers whose email bounced or was reported as spam: the next candidate was offered already, but the
 * specialist stays paused until someone fixes the address in the directory or talks to them.
 */
const Undeliverable: FC<{
  notices: readonly Notification[];
  locale: Locale;
  timeZone?: string | undefined;
}> = ({ notices, locale, timeZone }) => {
  const w = words(locale);
  const items = notices.filter((n) => n.kind === 'offer_undeliverable');
  if (items.length === 0) return null;
  return (
    <section class="card" aria-labelledby="undeliverable" data-notices="undeliverable">
      <h2 id="undeliverable">
        {w('staff.board.undeliverable.title')} <span class="tag">{items.length}</span>
      </h2>
      <ul>
        {items.map((n) => (
          <li>
            {w('staff.board.undeliverable.item', {
              at: formatDateTime(locale, new Date(n.at), timeZone ?? DEFAULT_TIME_ZONE),
            })}{' '}
            {n.referralId ? (
              <a href={`/app/referrals/${encodeURIComponent(n.referralId)}`}>
                {w('staff.board.undeliverable.open')}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
};
