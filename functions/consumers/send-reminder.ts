import type { Consumer } from './dispatch.ts';
import { offerEmail } from './emails/index.ts';
import { offerLink } from './links.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';
import { consumerLog, specialistMailBase } from './specialist-mail.ts';

/**
 * reminder.due → the reminder, once per deadline (the sweep records it on the referral; this consumer
 * runs once per event):
 * - the specialist of a pending offer, at half its time: the offer email again, said to be a reminder,
 *   with a fresh link to the same offer and its deadline (nothing more is shared than in the offer);
 * - the accompanier, the evening before: an item in their in-app feed.
 * A reminder that no longer helps when it is delivered (the offer answered or expired, the accompaniment
 * taken by someone else, the appointment passed) is dropped.
 */
export const sendReminder: Consumer<NotifyDeps> = {
  name: 'send-reminder',
  handles: ['reminder.due'],
  async handle(event, deps) {
    if (event.type !== 'reminder.due') return;
    const log = consumerLog(deps, 'send-reminder', event);
    const r = await referralOf(deps, event);
    if (!r) return log.warn('referral not found: no reminder');
    const now = deps.clock.now();

    if (event.data.kind === 'accompanier') {
      const sub = event.data.accompanierId;
      const appt = r.appointment ? Date.parse(r.appointment.at) : Number.NaN;
      if (
        !sub ||
        r.accompaniment.accompanierId !== sub ||
        !(appt > now.getTime()) ||
        r.status !== 'scheduled'
      ) {
        return log.info('accompanier reminder no longer useful');
      }
      await deps.notifications.add(
        { sub, org: r.org },
        { id: event.id, at: event.at, kind: 'accompaniment_reminder', referralId: r.id, eventId: event.id },
      );
      return log.info('accompanier reminded');
    }

    const offer = r.offers.find((o) => o.id === event.data.offerId);
    if (!offer) return log.warn('offer not found: no reminder');
    if (offer.state !== 'pending' || now.getTime() >= Date.parse(offer.expiresAt)) {
      return log.info('specialist reminder no longer useful');
    }
    const base = await specialistMailBase(deps, r, offer.specialistId);
    if (!base) return log.warn('specialist not in the directory: no reminder');
    // The reminder is the offer again, "contact through the organisation only" note included, said to
    // be a reminder in its subject and first line.
    const link = await offerLink(deps, r, offer, now);
    await deps.mailer.send(
      offerEmail({ ...base, link: link.url, expiresAt: link.expiresAt, reminder: true }),
    );
    log.info('specialist reminded', { offerId: offer.id, specialistId: offer.specialistId });
  },
};
