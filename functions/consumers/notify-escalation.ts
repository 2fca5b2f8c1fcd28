import type { EscalationLevel } from '../../domain/timers/escalation.ts';
import type { Deps } from '../lib/deps.ts';
import { coordinatorsFeed, NETWORK_COORDINATORS_FEED } from '../lib/feeds.ts';
import { organisationOf } from '../lib/organisation-cache.ts';
import type { Consumer } from './dispatch.ts';
import { staffNotificationEmail } from './emails/index.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';

/** Where an escalation email sends staff: the board, behind sign-in. */
export const boardUrl = (deps: Pick<Deps, 'settings'>): string =>
  `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/app/board`;

/**
 * escalation.raised (new, or climbed a level) → the people of its level are told:
 * - assignee: the accompanier (an unconfirmed arrival) or the referring worker (a missing outcome, an
 *   unanswered question, an absence nobody followed up), in their own feed;
 * - organisation / network coordinator: their group feed, and an email to the organisation's desk that
 *   says only that something needs attention and links to the board (no health data, no pseudonym).
 * The escalation is on the board either way.
 */
export const notifyEscalation: Consumer<NotifyDeps> = {
  name: 'notify-escalation',
  handles: ['escalation.raised'],
  async handle(event, deps) {
    if (event.type !== 'escalation.raised') return;
    const { escalationId, kind, level } = event.data;
    const log = deps.logger.child({ consumer: 'notify-escalation', eventId: event.id, escalationId });
    const note = {
      id: event.id,
      at: event.at,
      kind: 'escalation',
      referralId: event.referralId,
      escalationId,
      eventId: event.id,
    };
    if (level === 'assignee') {
      const r = await referralOf(deps, event);
      const sub = r ? assigneeOf(r, kind) : undefined;
      if (!r || !sub) return log.warn('no assignee to tell', { kind });
      await deps.notifications.add({ sub, org: r.org }, note);
      return log.info('assignee told', { kind });
    }
    await deps.notifications.add({ group: feedOf(level, event.org), org: event.org }, note);
    const org = await organisationOf(deps, event.org);
    if (!org?.contact.email)
      return log.warn('organisation has no desk address: feed only', { org: event.org });
    await deps.mailer.send(
      staffNotificationEmail({
        to: org.contact.email,
        locale: org.locale,
        kind: 'escalation',
        link: boardUrl(deps),
      }),
    );
    log.info('coordinators told', { kind, level });
  },
};

function feedOf(level: Exclude<EscalationLevel, 'assignee'>, org: string): string {
  return level === 'org_coordinator' ? coordinatorsFeed(org) : NETWORK_COORDINATORS_FEED;
}

/** Who acts first on an escalation raised at the assignee level. */
function assigneeOf(
  r: { accompaniment: { accompanierId?: string }; createdBy: { role: string; id: string } },
  kind: string,
): string | undefined {
  if (kind === 'arrival_unconfirmed') return r.accompaniment.accompanierId;
  return r.createdBy.role === 'system' || r.createdBy.role === 'specialist' ? undefined : r.createdBy.id;
}
