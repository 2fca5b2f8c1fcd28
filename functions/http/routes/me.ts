import {
  listAvailableAccompaniments,
  listMyAccompaniments,
} from '../../../domain/accompaniment/list-accompaniments.ts';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { viewOf } from '../../../domain/referral/need-to-know.ts';
import { groupFeedsOf } from '../../lib/feeds.ts';
import {
  type NotificationList,
  notificationListSchema,
  notificationsQuery,
  notificationsReadBody,
} from '../schemas/accompaniment.ts';
import { referralViewListSchema } from '../schemas/need-to-know.ts';
import { exactly } from '../views/exact.ts';
import { listedInViews } from '../views/need-to-know-view.ts';
import { type StaffRoutes, staffRoute } from './context.ts';

const tags = ['me'];
const unauthorized = { description: 'No or invalid staff token' };
const forbidden = {
  description: 'The caller’s role may not do this, or they are not the accompanier assigned',
};
const asNotificationList = exactly<NotificationList>();

/**
 * A list of accompaniments, the caller's own or those open to take, each in the view the caller gets of
 * it as a single read would give it (need-to-know.ts): an accompanier's own in its `accompaniment` view,
 * those open to take in their `open` view (no pseudonym), a coordinator's in full.
 */
function accompanimentList(
  path: string,
  roles: readonly StaffRole[],
  summary: string,
  list: typeof listMyAccompaniments,
) {
  return staffRoute({
    method: 'get',
    path,
    roles,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary,
      description:
        'Each item in the view the caller gets, as `GET /v1/referrals/{id}` gives it (without the timeline).',
      tags,
      responses: {
        200: { description: 'The list', schema: referralViewListSchema() },
        401: unauthorized,
        403: forbidden,
      },
    },
    async handler(c, _, { deps }) {
      const caller = c.var.principal;
      const items = await listedInViews(deps.store, await list(deps, caller), (r) =>
        viewOf(r, caller, false),
      );
      return c.json({ items });
    },
  });
}

/** `/v1/me/…`: the caller's own feed and lists. */
export const meRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/me/notifications',
    query: notificationsQuery,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The caller’s feed, newest first: outcomes, reschedules, absences, answers, escalations',
      description:
        'The caller’s own feed within their organisation, merged with their groups’: the referring team’s ' +
        '(social workers and coordinators: the notices of the organisation’s referrals), the coordinators’ ' +
        'and the network coordinators’. An event told both to the caller and to their team is listed once.',
      tags,
      responses: { 200: { description: 'A page', schema: notificationListSchema() }, 401: unauthorized },
    },
    async handler(c, { query }, { deps }) {
      // Feeds are keyed by organisation and sub: a token of another organisation with the same sub
      // reads nothing of this one. The reader's team and coordinator groups are merged in.
      const { sub, org } = c.var.principal;
      const groups = groupFeedsOf(c.var.principal);
      const page = await deps.notifications.list(
        { sub, org, groups },
        { ...query, limit: query.limit ?? 25 },
      );
      const read = await deps.notificationReads.readOf({ sub, org }, page.items);
      return c.json(
        asNotificationList({
          // Read is the reader's own, also on their groups' shared items (notification-reads.ts).
          items: page.items.map((n) => ({ ...n, read: read.has(n.id) })),
          ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
        }),
      );
    },
  }),
  staffRoute({
    method: 'post',
    path: '/v1/me/notifications/read',
    body: notificationsReadBody,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Marks notifications of the caller’s feed read',
      description:
        '`{ "ids": [...] }` marks those items read, `{ "before": instant }` everything at or before it. ' +
        'Read is per reader: an item of a shared group feed (the team’s, the coordinators’) read by one ' +
        'colleague stays unread for the others. Ids not in the caller’s feed change nothing.',
      tags,
      responses: { 204: { description: 'Marked' }, 401: unauthorized },
    },
    async handler(c, { body }, { deps }) {
      const { sub, org } = c.var.principal;
      if ('ids' in body) await deps.notificationReads.markIds({ sub, org }, body.ids);
      else await deps.notificationReads.markBefore({ sub, org }, body.before);
      return c.body(null, 204);
    },
  }),
  accompanimentList(
    '/v1/me/accompaniments',
    ['accompanier'],
    'The caller’s accompaniments still to do, soonest first (accompanier)',
    listMyAccompaniments,
  ),
  accompanimentList(
    '/v1/me/available-accompaniments',
    ['accompanier', 'coordinator', 'network_coordinator'],
    'Scheduled referrals of the caller’s organisation that need an accompanier and have none',
    listAvailableAccompaniments,
  ),
];
