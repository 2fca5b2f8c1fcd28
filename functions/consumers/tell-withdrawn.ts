import { organisationTimeZone } from '../../domain/directory/model.ts';
import type { CloseReason } from '../../domain/referral/model.ts';
import { organisationOf } from '../lib/organisation-cache.ts';
import type { Consumer } from './dispatch.ts';
import { withdrawnEmail } from './emails/index.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';
import { consumerLog, specialistCalendar } from './specialist-mail.ts';
import { calendarSequence } from './tell-rescheduled.ts';

/** Closings after which a specialist still waiting on the request must hear that it is off. */
const TOLD_ON: readonly CloseReason[] = ['withdrawn', 'cancelled', 'lost_contact'];

/**
 * referral.closed (consent withdrawn, cancelled, contact lost) → a neutral "request withdrawn" email to
 * each specialist concerned, saying nothing of why: the one whose appointment had not happened yet
 * (with a calendar cancellation), those whose pending offer the closing withdrew (if its email went
 * out), and those who had asked a question and were waiting for the answer. Their links already say
 * the request is closed.
 */
export const tellWithdrawn: Consumer<NotifyDeps> = {
  name: 'tell-withdrawn',
  handles: ['referral.closed'],
  accepts: (event) => event.type === 'referral.closed' && TOLD_ON.includes(event.data.reason),
  async handle(event, deps) {
    if (event.type !== 'referral.closed' || !TOLD_ON.includes(event.data.reason)) return;
    const log = consumerLog(deps, 'tell-withdrawn', event);
    const r = await referralOf(deps, event);
    if (r?.status !== 'closed') return log.warn('referral not found or not closed: nobody told');

    const appointment = r.appointment && !r.outcome ? r.appointment : undefined;
    // The closing withdrew these pending offers (a referral closes once, so `closed` means this one),
    // told only if their email went out: one closed before it was sent never reached its specialist.
    // Each record is asked at once.
    const closedOffers = r.timeline.flatMap((e) => {
      const { specialistId, offerId } = e.detail ?? {};
      return e.action === 'offer.withdrawn' &&
        e.detail?.['why'] === 'closed' &&
        typeof specialistId === 'string' &&
        typeof offerId === 'string'
        ? [{ specialistId, offerId }]
        : [];
    });
    const emailed = await Promise.all(closedOffers.map((o) => deps.offerMails.wasSent(o.offerId)));
    const concerned = new Set(closedOffers.filter((_, i) => emailed[i]).map((o) => o.specialistId));
    // Those who asked a question had the offer (they asked through its link).
    for (const o of r.offers) if (o.state === 'more_info') concerned.add(o.specialistId);
    if (appointment) concerned.delete(appointment.specialistId);

    const now = deps.clock.now();
    const org = appointment ? await organisationOf(deps, r.org) : undefined;
    const recipients = [...(appointment ? [appointment.specialistId] : []), ...concerned];
    for (const id of recipients) {
      const specialist = await deps.specialists.get(id);
      if (!specialist) {
        log.warn('specialist not in the directory: not told', { specialistId: id });
        continue;
      }
      const isAppointment = appointment?.specialistId === id;
      await deps.mailer.send(
        withdrawnEmail({
          locale: specialist.locale,
          timeZone: organisationTimeZone(org),
          specialist: { displayName: specialist.displayName, email: specialist.email },
          ...(appointment && isAppointment
            ? {
                appointment: {
                  at: new Date(appointment.at),
                  calendar: specialistCalendar(
                    appointment.offerId,
                    calendarSequence(r.timeline, event.at) + 1,
                    now,
                    org,
                  ),
                },
              }
            : {}),
        }),
      );
    }
    log.info('specialists told of the withdrawal', { count: recipients.length });
  },
};
