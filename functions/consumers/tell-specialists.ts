import type { Specialist } from '../../domain/directory/model.ts';
import type { EventOf, RelaisEvent } from '../../events/catalog.ts';
import { type Consumer, withReadsBesideClaim } from './dispatch.ts';
import { inDoubtEmail } from './emails/in-doubt-email.ts';
import { takenEmail } from './emails/taken-email.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { referralOf } from './referral-of-event.ts';
import { consumerLog, specialistMailBase } from './specialist-mail.ts';

/**
 * offer.withdrawn because another specialist accepted first → "no longer needed, thank you" to the one
 * whose offer it was, so they need not open their link to find out; not when the offer's email never
 * went out (send-offer-email.ts sends none for an offer taken before it was handled). Withdrawals for
 * other reasons are told elsewhere (the closing: tell-withdrawn) or not at all (on hold for a question:
 * the offer comes back, in a new offer email, with the answer: rules/provide-info.ts).
 *
 * It reads the specialist (and whether the offer was emailed), not the referral: the email says nothing
 * of the request (not even its specialty, which is health data in a mail log), only that it is no
 * longer needed.
 */
export const tellTaken: Consumer<NotifyDeps> = {
  ...withReadsBesideClaim<NotifyDeps, readonly [Specialist | undefined, boolean]>({
    name: 'tell-taken',
    handles: ['offer.withdrawn'],
    read: async (event, deps) =>
      isTaken(event)
        ? Promise.all([
            deps.specialists.get(event.data.specialistId),
            deps.offerMails.wasSent(event.data.offerId),
          ])
        : [undefined, false],
    async act(event, deps, [specialist, offered]) {
      if (!isTaken(event)) return;
      const log = consumerLog(deps, 'tell-taken', event);
      // Taken before its email went out (a decline and an acceptance at once): they never heard of it.
      if (!offered) return log.info('offer email never sent: not told');
      if (!specialist) return log.warn('specialist not found: not told');
      await deps.mailer.send(
        takenEmail({
          locale: specialist.locale,
          specialist: { displayName: specialist.displayName, email: specialist.email },
        }),
      );
      log.info('specialist told the request was taken', { specialistId: specialist.id });
    },
  }),
  // Other withdrawals are not its to tell: no de-duplication marker, no read.
  accepts: (event) => isTaken(event),
};

/** An offer withdrawn because another specialist accepted the request. */
const isTaken = (event: RelaisEvent): event is EventOf<'offer.withdrawn'> =>
  event.type === 'offer.withdrawn' && event.data.why === 'taken';

/**
 * person.absent (the person was not at the meeting point) → the appointment's specialist hears that it
 * is in doubt; the reschedule (tell-rescheduled) or the cancellation (tell-withdrawn) that follows tells
 * them again. person.seen_again while the appointment is still ahead, at the same time → that it takes
 * place after all (when its time has passed, a reschedule follows and tells them). Skipped when the
 * referral moved on since.
 */
export const tellInDoubt: Consumer<NotifyDeps> = {
  name: 'tell-in-doubt',
  handles: ['person.absent', 'person.seen_again'],
  async handle(event, deps) {
    if (event.type !== 'person.absent' && event.type !== 'person.seen_again') return;
    const log = consumerLog(deps, 'tell-in-doubt', event);
    const r = await referralOf(deps, event);
    const appointment = r?.appointment;
    if (!r || !appointment) return log.info('no appointment: specialist not told');
    const back = event.type === 'person.seen_again';
    const current = back
      ? r.status === 'scheduled' &&
        Date.parse(appointment.at) > deps.clock.now().getTime() &&
        !r.timeline.some(
          (e) => e.action === 'appointment.rescheduled' && Date.parse(e.at) >= Date.parse(event.at),
        )
      : r.status === 'on_hold' && r.hold?.reason === 'person_absent';
    if (!current) return log.info('moved on since: specialist not told');
    const base = await specialistMailBase(deps, r, appointment.specialistId);
    if (!base) return log.warn('specialist not in the directory: not told');
    await deps.mailer.send(
      inDoubtEmail({
        locale: base.locale,
        ...(base.timeZone ? { timeZone: base.timeZone } : {}),
        specialist: base.specialist,
        referringOrg: base.referringOrg,
        appointmentAt: new Date(appointment.at),
        ...(base.contactThroughOrganisationOnly ? { contactThroughOrganisationOnly: true } : {}),
        ...(back ? { back: true } : {}),
      }),
    );
    log.info(back ? 'specialist told the appointment holds' : 'specialist told the appointment is in doubt', {
      specialistId: appointment.specialistId,
    });
  },
};
