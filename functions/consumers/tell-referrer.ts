import type { EventType } from '../../events/catalog.ts';
import { organisationOf } from '../lib/organisation-cache.ts';
import type { Consumer } from './dispatch.ts';
import { type StaffNotificationKind, staffNotificationEmail } from './emails/index.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';
import { referralPageUrl, referringWorker, tellStaff } from './staff-feed.ts';

/** What the referring worker is told of, and as what. */
const KIND_OF = {
  'appointment.scheduled': 'appointment_scheduled',
  'offer.info_requested': 'info_requested',
  'referral.returned_with_advice': 'advice_returned',
} as const satisfies Partial<Record<EventType, StaffNotificationKind>>;

type Told = keyof typeof KIND_OF;
const isTold = (type: EventType): type is Told => type in KIND_OF;

/**
 * A specialist answered (accepted, asked a question, returned advice) → the referring worker is told:
 * an item in the feed of the staff member who opened the referral (and of the accompanier, if one is
 * assigned), and an email to the referring organisation's desk that says only that something happened
 * and where to look (never what: the question, the advice and the person stay inside Relais).
 */
export const tellReferrer: Consumer<NotifyDeps> = {
  name: 'tell-referrer',
  handles: Object.keys(KIND_OF) as Told[],
  async handle(event, deps) {
    if (!isTold(event.type)) return;
    const kind = KIND_OF[event.type];
    const log = deps.logger.child({
      consumer: 'tell-referrer',
      eventId: event.id,
      referralId: event.referralId,
    });
    const r = await referralOf(deps, event);
    if (!r) return log.warn('referral not found: nobody told');

    // The referring worker, and the accompanier when one was assigned before the answer came.
    await tellStaff(deps, r, event, kind, [referringWorker(r), r.accompaniment.accompanierId], {
      team: true,
    });
    const org = await organisationOf(deps, r.org);
    if (!org?.contact.email) return log.warn('organisation has no desk address: feed only', { org: r.org });
    await deps.mailer.send(
      staffNotificationEmail({
        to: org.contact.email,
        locale: org.locale,
        kind,
        link: referralPageUrl(deps, r.id),
      }),
    );
    log.info('referrer told', { kind });
  },
};
