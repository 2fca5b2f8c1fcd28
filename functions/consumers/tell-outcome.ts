import { organisationOf } from '../lib/organisation-cache.ts';
import type { Consumer } from './dispatch.ts';
import { staffNotificationEmail } from './emails/index.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';
import { referralPageUrl, referringWorker, tellStaff } from './staff-feed.ts';

/**
 * outcome.recorded → the loop closes for the referring worker: an item in their feed, and an email to
 * the referring organisation's desk (staff have no address in Relais) that says only that an outcome
 * was recorded and links to the referral's page behind sign-in: no pseudonym, no outcome, no note.
 * Whoever recorded it is not told what they just did.
 */
export const tellOutcome: Consumer<NotifyDeps> = {
  name: 'tell-outcome',
  handles: ['outcome.recorded'],
  async handle(event, deps) {
    if (event.type !== 'outcome.recorded') return;
    const log = deps.logger.child({
      consumer: 'tell-outcome',
      eventId: event.id,
      referralId: event.referralId,
    });
    const r = await referralOf(deps, event);
    if (!r) return log.warn('referral not found: nobody told');
    const worker = referringWorker(r);
    await tellStaff(deps, r, event, 'outcome_recorded', [worker], { team: true });
    if (worker === event.actor.id) return log.info('outcome recorded by the referring worker: no email');

    const org = await organisationOf(deps, r.org);
    if (!org?.contact.email) return log.warn('organisation has no desk address: feed only', { org: r.org });
    await deps.mailer.send(
      staffNotificationEmail({
        to: org.contact.email,
        locale: org.locale,
        kind: 'outcome_recorded',
        link: referralPageUrl(deps, r.id),
      }),
    );
    log.info('referrer told of the outcome');
  },
};
