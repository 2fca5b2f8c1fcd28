import type { FC } from 'hono/jsx';
import * as Rules from '../../../../domain/referral/rules/index.ts';
import { languageList, specialtyName, urgencyName } from '../../../ui/messages.ts';
import type { AccompanimentView, OpenView } from '../../schemas/need-to-know.ts';
import type { AnyReferralView } from '../../views/need-to-know-view.ts';
import { Layout, ScrollRegion, type SignedInAs, words } from '../layout.tsx';
import {
  actionLabel,
  closeReasonLabel,
  dayOf,
  formatTime,
  type PageWhere,
  roleLabel,
  statusLabel,
} from '../referral-words.ts';

/*
 * The accompanier's phone page and a referral's page for the views below the referring organisation's,
 * as components of what they show: the views the caller gets (domain/referral/need-to-know.ts,
 * functions/http/views), never the referral itself, so a page shows no more than the API would. Plain
 * HTML forms (one tap each, POST then redirect back), no JavaScript, nothing fetched from elsewhere.
 * Words from the staff catalogue in the staff member's language, times in the organisation's zone.
 */

/** What a tap did, shown once after the redirect (`?done=`): the words are `staff.acc.done.<done>`. */
export const DONES = ['taken', 'departed', 'arrived', 'attended', 'no_show', 'absent', 'seen_again'] as const;
export type Done = (typeof DONES)[number];

/** Why a tap did nothing (`?error=`), in words that say what to do: `staff.acc.error.<error>`. */
export const PAGE_ERRORS = [
  'already',
  'conflict',
  'forbidden',
  'not_found',
  'invalid_state',
  'invalid_input',
  'other',
] as const;
export type PageError = (typeof PAGE_ERRORS)[number];

/** An accompaniment the caller goes on: the accompaniment view's fields (the full view has them too). */
export type CardView = Pick<
  AccompanimentView,
  'id' | 'status' | 'pseudonym' | 'need' | 'languages' | 'interpreterNeeded' | 'accompaniment'
> & { readonly appointment?: { readonly at: string; readonly place: string } | undefined };
/** One open to take: the open view's fields. */
export type OpenCardView = Pick<OpenView, 'id' | 'need' | 'appointment'>;

/** Extra rules for these pages, on top of the shared staff style. */
const PAGE_STYLE =
  'h3{font-size:1.05rem;margin:0 0 .35rem;display:flex;justify-content:space-between;gap:.5rem;align-items:center}' +
  '.who{margin:.1rem 0 .4rem}.facts{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;margin:0 0 .6rem}' +
  '.facts dt{color:#4b5563;font-size:.9rem}.facts dd{margin:0}.more{margin:.5rem 0 0;font-size:.9rem}' +
  'details{margin-top:.6rem}summary{cursor:pointer;font-weight:600;min-height:2.5rem}';

type Rows = readonly (readonly [string, string])[];

const Facts: FC<{ rows: Rows }> = ({ rows }) => (
  <dl class="facts">
    {rows.map(([k, v]) => (
      <>
        <dt>{k}</dt>
        <dd>{v}</dd>
      </>
    ))}
  </dl>
);

const tapPath = (id: string, action: string) => `/app/accompaniments/${encodeURIComponent(id)}/${action}`;

/** A form of one button posting to `/app/accompaniments/{id}/{action}`. */
const Tap: FC<{ id: string; action: string; label: string; cls?: string }> = ({ id, action, label, cls }) => (
  <form method="post" action={tapPath(id, action)}>
    <button type="submit" class={cls}>
      {label}
    </button>
  </form>
);

interface CardProps {
  readonly r: CardView;
  /** The page's time: "seen again" is offered only while the missed appointment is still ahead. */
  readonly now: Date;
  readonly where: PageWhere;
}

/** The buttons that make sense at this step. */
const Actions: FC<CardProps> = ({ r, where, now }) => {
  const w = words(where.locale);
  const tap = (action: string, label: Parameters<typeof w>[0], cls?: string) => (
    <Tap id={r.id} action={action} label={w(label)} cls={cls} />
  );
  switch (r.status) {
    case 'scheduled':
      return (
        <div class="row">
          {tap('departed', 'staff.acc.tap.departed')}
          {tap('arrived', 'staff.acc.tap.arrived', 'ok')}
          {tap('absent', 'staff.acc.tap.absent', 'warn')}
        </div>
      );
    case 'departed':
      // Left the meeting point with the person: they were there, no absence to record.
      return <div class="row">{tap('arrived', 'staff.acc.tap.arrived', 'ok')}</div>;
    case 'arrived':
      return (
        <>
          <div class="row">
            {tap('attended', 'staff.acc.tap.attended', 'ok')}
            {tap('no-show', 'staff.acc.tap.no_show', 'warn')}
          </div>
          <details>
            <summary>{w('staff.acc.attended.more')}</summary>
            <form method="post" action={tapPath(r.id, 'attended')}>
              <label for={`f-${r.id}`}>{w('staff.acc.attended.follow_up')}</label>
              <input id={`f-${r.id}`} type="date" name="followUpOn" />
              <label for={`n-${r.id}`}>{w('staff.acc.attended.note')}</label>
              <textarea id={`n-${r.id}`} name="note" maxlength={280} rows={3} />
              <button type="submit" class="ok">
                {w('staff.acc.attended.submit')}
              </button>
            </form>
          </details>
        </>
      );
    case 'on_hold':
      return (
        <>
          <p class="muted">{w('staff.acc.on_hold')}</p>
          {Rules.appointmentAhead(r, now.toISOString()) ? (
            <div class="row">{tap('seen-again', 'staff.acc.tap.seen_again', 'secondary')}</div>
          ) : null}
        </>
      );
    default:
      return null;
  }
};

const Card: FC<CardProps> = ({ r, where, now }) => {
  const w = words(where.locale);
  const a = r.accompaniment;
  const time = (at: string) => formatTime(at, where);
  const rows: [string, string][] = [
    [w('staff.acc.where'), r.appointment?.place ?? '—'],
    [
      w('staff.acc.languages'),
      languageList(where.locale, r.languages) +
        (r.interpreterNeeded ? ` · ${w('staff.acc.interpreter')}` : ''),
    ],
  ];
  if (a.meetingPoint || a.meetingAt) {
    const meet = [a.meetingAt ? time(a.meetingAt) : '', a.meetingPoint ?? ''].filter(Boolean).join(', ');
    rows.push([w('staff.acc.meet'), meet]);
  }
  const journey = [
    a.departedAt ? w('staff.acc.departed_at', { at: time(a.departedAt) }) : '',
    a.arrivedAt ? w('staff.acc.arrived_at', { at: time(a.arrivedAt) }) : '',
  ].filter(Boolean);
  return (
    <article class="card" id={`r-${r.id}`}>
      <h3>
        <span>{r.appointment ? time(r.appointment.at) : '—'}</span>{' '}
        <span class="tag">{statusLabel(where.locale, r.status)}</span>
      </h3>
      <p class="who">
        <strong>{r.pseudonym}</strong> · {specialtyName(where.locale, r.need.specialty)}
      </p>
      <Facts rows={rows} />
      {journey.length > 0 ? <p class="muted">{journey.join(' · ')}</p> : null}
      <Actions r={r} where={where} now={now} />
      <p class="more">
        <a href={`/app/referrals/${encodeURIComponent(r.id)}`}>{w('staff.acc.timeline')}</a>
      </p>
    </article>
  );
};

/** Without the pseudonym: who the person is shows once the caller has taken it. */
const AvailableCard: FC<{ r: OpenCardView; where: PageWhere }> = ({ r, where }) => {
  const w = words(where.locale);
  return (
    <article class="card" id={`r-${r.id}`}>
      <h3>{r.appointment ? formatTime(r.appointment.at, where) : '—'}</h3>
      <p class="who">{specialtyName(where.locale, r.need.specialty)}</p>
      <Facts rows={[[w('staff.acc.where'), r.appointment?.place ?? '—']]} />
      <div class="row">
        <Tap id={r.id} action="take" label={w('staff.acc.tap.take')} />
      </div>
    </article>
  );
};

export interface AccompanimentsPageProps {
  readonly signedInAs: SignedInAs;
  readonly where: PageWhere;
  readonly now: Date;
  readonly mine: readonly CardView[];
  readonly available: readonly OpenCardView[];
  readonly done?: Done | undefined;
  readonly error?: PageError | undefined;
}

/** `GET /app/accompaniments`: today's and upcoming accompaniments, and those the caller could take. */
export const AccompanimentsPage: FC<AccompanimentsPageProps> = (p) => {
  const { where } = p;
  const w = words(where.locale);
  const today = dayOf(p.now, where.timeZone);
  const day = (r: CardView) => (r.appointment ? dayOf(new Date(r.appointment.at), where.timeZone) : today);
  const Section: FC<{ title: string; items: readonly CardView[]; empty?: string }> = ({
    title,
    items,
    empty,
  }) =>
    items.length > 0 || empty ? (
      <>
        <h2>{title}</h2>
        {items.length > 0 ? (
          items.map((r) => <Card r={r} where={where} now={p.now} />)
        ) : (
          <p class="muted">{empty}</p>
        )}
      </>
    ) : null;
  return (
    <Layout
      title={w('staff.acc.title')}
      locale={where.locale}
      signedInAs={p.signedInAs}
      path="/app/accompaniments"
      style={PAGE_STYLE}
    >
      <h1>{w('staff.acc.title')}</h1>
      {p.done ? (
        <p class="flash" role="status">
          {w(`staff.acc.done.${p.done}`)}
        </p>
      ) : null}
      {p.error ? (
        <p class="error" role="alert">
          {w(`staff.acc.error.${p.error}`)}
        </p>
      ) : null}
      <Section title={w('staff.acc.earlier')} items={p.mine.filter((r) => day(r) < today)} />
      <Section
        title={w('staff.acc.today')}
        items={p.mine.filter((r) => day(r) === today)}
        empty={w('staff.acc.nothing_today')}
      />
      <Section
        title={w('staff.acc.upcoming')}
        items={p.mine.filter((r) => day(r) > today)}
        empty={w('staff.acc.nothing_planned')}
      />
      {p.available.length > 0 ? (
        <>
          <h2>{w('staff.acc.available')}</h2>
          {p.available.map((r) => (
            <AvailableCard r={r} where={where} />
          ))}
        </>
      ) : null}
    </Layout>
  );
};

export interface ReferralPageProps {
  readonly signedInAs: SignedInAs;
  readonly where: PageWhere;
  /** The referral in the view the caller gets of it: the page shows what that view holds, no more. */
  readonly referral: AnyReferralView;
}

/**
 * `GET /app/referrals/{id}` for a view below the referring organisation's: where a staff email leads.
 * The referral's state, appointment, journey, outcome and its timeline of who did what and when, as far
 * as the caller's view of it goes.
 */
export const ReferralPage: FC<ReferralPageProps> = ({ signedInAs, where, referral: r }) => {
  const { locale } = where;
  const w = words(locale);
  const time = (at: string) => formatTime(at, where);
  const o = 'outcome' in r ? r.outcome : undefined;
  const a = 'accompaniment' in r ? r.accompaniment : undefined;
  const row = (k: string, v: string | undefined): [string, string][] => (v === undefined ? [] : [[k, v]]);
  const accompanier =
    a && (a.required ? (a.accompanierId ?? w('staff.referral.accompanier_unassigned')) : undefined);
  const closeReason = 'closeReason' in r ? r.closeReason : undefined;
  const rows: [string, string][] = [
    ...row(w('staff.referral.status'), 'status' in r ? statusLabel(locale, r.status) : undefined),
    ...row(w('staff.referral.person'), 'pseudonym' in r ? r.pseudonym : undefined),
    [w('staff.referral.need'), specialtyName(locale, r.need.specialty)],
    ...row(w('staff.referral.field.urgency'), 'urgency' in r ? urgencyName(locale, r.urgency) : undefined),
    ...row(w('staff.acc.languages'), 'languages' in r ? languageList(locale, r.languages) : undefined),
    ...row(w('staff.referral.appointment'), r.appointment && time(r.appointment.at)),
    ...row(w('staff.acc.where'), r.appointment?.place),
    ...row(w('staff.role.accompanier'), a && (accompanier ?? w('staff.referral.accompanier_not_needed'))),
    ...row(w('staff.referral.departed'), a?.departedAt && time(a.departedAt)),
    ...row(w('staff.referral.arrived'), a?.arrivedAt && time(a.arrivedAt)),
    ...row(w('staff.referral.outcome'), o && statusLabel(locale, o.attended ? 'attended' : 'no_show')),
    ...row(w('staff.referral.follow_up_due'), o?.followUpDueAt && time(o.followUpDueAt)),
    ...row(w('staff.referral.note'), o?.note),
    ...row(
      w('staff.referral.contact'),
      'doNotContactDirectly' in r && r.doNotContactDirectly
        ? w('staff.referral.contact_org_only')
        : undefined,
    ),
    ...row(w('staff.referral.closed'), closeReason ? closeReasonLabel(locale, closeReason) : undefined),
  ];
  const timeline = 'timeline' in r ? r.timeline : [];
  // The pseudonym is on the page, not in its title: a title travels to the browser's history, its tabs
  // and bookmarks, and to whoever sees a shared screen's window list.
  return (
    <Layout
      title={w('staff.referral.title')}
      locale={locale}
      signedInAs={signedInAs}
      path={`/app/referrals/${r.id}`}
      style={PAGE_STYLE}
    >
      <p>
        {/* A network coordinator came from the board, where the escalation behind it is. */}
        {'view' in r && r.view === 'coordination' ? (
          <a href="/app/board">← {w('staff.nav.board')}</a>
        ) : (
          <a href="/app/accompaniments">← {w('staff.acc.title')}</a>
        )}
      </p>
      <h1>
        {'pseudonym' in r
          ? w('staff.referral.title_of', { pseudonym: r.pseudonym })
          : w('staff.referral.title')}
      </h1>
      <section class="card">
        <Facts rows={rows} />
      </section>
      <h2>{w('staff.acc.timeline')}</h2>
      <ScrollRegion label={w('staff.acc.timeline')}>
        <table>
          <thead>
            <tr>
              <th>{w('staff.referral.when')}</th>
              <th>{w('staff.referral.who')}</th>
              <th>{w('staff.referral.what')}</th>
            </tr>
          </thead>
          <tbody>
            {timeline.map((e) => (
              <tr>
                <td>{time(e.at)}</td>
                <td>
                  {roleLabel(locale, e.actor.role)}
                  <br />
                  <span class="muted">{e.actor.id}</span>
                </td>
                <td>{actionLabel(locale, e.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </Layout>
  );
};
