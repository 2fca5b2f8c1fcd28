import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { Notification } from '../../../../domain/ports.ts';
import { queryOf } from '../../../edge/validation.ts';
import { groupFeedsOf } from '../../../lib/feeds.ts';
import { formatDateTime, type Locale, type TextKey } from '../../../ui/messages.ts';
import type { PagesAppDeps } from '../../pages-parts.ts';
import { notificationsQuery } from '../../schemas/accompaniment.ts';
import { pageOnError } from '../error-page.tsx';
import { Layout, pageResponse, words } from '../layout.tsx';
import { pageLocale } from '../locale.ts';
import { pageSession, sameOriginOnly } from '../session.ts';

/*
 * `/app/notifications`: the caller's feed as `GET /v1/me/notifications` reads it (their own merged with
 * their groups', newest first, a page at a time with the store's sealed cursor), each item linking to
 * its referral's page. What the page shows is marked read with the store call
 * `POST /v1/me/notifications/read` makes (markIds): shown once as new, read from then on.
 */

const PAGE_SIZE = 25;

/** The kinds the feed holds (staff-feed.ts and the consumers); another kind reads as "something changed". */
const KINDS = [
  'outcome_recorded',
  'appointment_scheduled',
  'appointment_rescheduled',
  'info_requested',
  'advice_returned',
  'accompaniment_assigned',
  'accompaniment_unassigned',
  'accompaniment_cancelled',
  'accompaniment_reminder',
  'person_absent',
  'person_seen_again',
  'escalation',
  'offer_undeliverable',
] as const;

const kindText = (kind: string): TextKey =>
  (KINDS as readonly string[]).includes(kind)
    ? (`staff.notifications.kind.${kind as (typeof KINDS)[number]}` as const)
    : 'staff.notifications.kind.other';

export interface FeedItem extends Notification {
  readonly read: boolean;
}

interface FeedView {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly items: readonly FeedItem[];
  readonly nextCursor?: string | undefined;
  /** Whether the reader has the board (an escalation without a referral links there). */
  readonly board: boolean;
}

const Feed: FC<{ v: FeedView }> = ({ v }) => {
  const w = words(v.locale);
  const unread = v.items.filter((n) => !n.read).length;
  return (
    <>
      <h1>{w('staff.notifications.title')}</h1>
      <p>{w('staff.notifications.lead')}</p>
      {unread > 0 ? (
        <p role="status">
          <strong>{w('staff.notifications.unread_count', { n: String(unread) })}</strong>
        </p>
      ) : null}
      {v.items.length === 0 ? (
        <p class="card">{w('staff.notifications.empty')}</p>
      ) : (
        <ul class="card" style="list-style:none;padding-left:.9rem">
          {v.items.map((n) => (
            <li
              data-notification={n.id}
              data-read={String(n.read)}
              style="padding:.4rem 0;border-bottom:1px solid #e5e7eb"
            >
              {/* New is said in words, not by colour alone. */}
              {n.read ? null : (
                <>
                  <span class="tag">{w('staff.notifications.unread')}</span>{' '}
                </>
              )}
              {n.read ? w(kindText(n.kind)) : <strong>{w(kindText(n.kind))}</strong>}
              <br />
              <span class="muted">
                <time datetime={n.at}>{formatDateTime(v.locale, new Date(n.at), v.timeZone)}</time>
              </span>
              {n.referralId ? (
                <>
                  {' · '}
                  <a href={`/app/referrals/${encodeURIComponent(n.referralId)}`}>
                    {w('staff.notifications.open')}
                  </a>
                </>
              ) : v.board && n.kind === 'escalation' ? (
                <>
                  {' · '}
                  <a href="/app/board">{w('staff.notifications.board')}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {v.nextCursor ? (
        <p>
          <a href={`/app/notifications?${new URLSearchParams({ cursor: v.nextCursor })}`}>
            {w('staff.notifications.more')}
          </a>
        </p>
      ) : null}
    </>
  );
};

export function notificationsPages(deps: PagesAppDeps) {
  return new Hono()
    .onError(pageOnError(deps))
    .use(sameOriginOnly, pageSession(deps))
    .get('/', async (c) => {
      const p = c.var.principal;
      const { cursor } = queryOf(c, notificationsQuery);
      const reader = { sub: p.sub, org: p.org };
      // The same reads as GET /v1/me/notifications: the caller's feed merged with their groups'.
      const page = await deps.notifications.list(
        { ...reader, groups: groupFeedsOf(p) },
        { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      );
      const read = await deps.notificationReads.readOf(reader, page.items);
      const items = page.items.map((n) => ({ ...n, read: read.has(n.id) }));
      // Shown is read: the same call as POST /v1/me/notifications/read with these ids. This view still
      // marks them new, so that the reader sees what they had not seen.
      const unread = items.filter((n) => !n.read).map((n) => n.id);
      if (unread.length > 0) await deps.notificationReads.markIds(reader, unread);
      const { locale, timeZone } = await pageLocale(c, deps, p);
      const v: FeedView = {
        locale,
        timeZone,
        items,
        nextCursor: page.nextCursor,
        board: p.roles.includes('coordinator') || p.roles.includes('network_coordinator'),
      };
      return pageResponse(
        c,
        <Layout
          title={words(locale)('staff.notifications.title')}
          locale={locale}
          signedInAs={p}
          path="/app/notifications"
        >
          <Feed v={v} />
        </Layout>,
        200,
      );
    });
}
