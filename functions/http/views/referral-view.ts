import type { Referral } from '../../../domain/referral/model.ts';
import { without } from '../../../domain/referral/transition.ts';
import type { ReferralView } from '../schemas/referrals.ts';
import { exactly } from './exact.ts';

const asReferralView = exactly<Omit<ReferralView, 'timeline'>>();

/**
 * The referral as its organisation reads it. Explicit fields, so a field added to the aggregate is not
 * shown until someone decides it should be; typed by its response schema (schemas/referrals.ts), so a
 * field shown is a field documented.
 */
export function referralView(r: Referral): ReferralView;
export function referralView(r: Referral, options: { timeline: false }): Omit<ReferralView, 'timeline'>;
export function referralView(
  r: Referral,
  { timeline = true } = {},
): Omit<ReferralView, 'timeline'> & Partial<Pick<ReferralView, 'timeline'>> {
  const view = asReferralView({
    id: r.id,
    status: r.status,
    version: r.version,
    pseudonym: r.pseudonym,
    need: r.need,
    urgency: r.urgency,
    reason: r.reason,
    socialCheckDone: r.socialCheckDone,
    consent: r.consent,
    languages: [...r.languages],
    interpreterNeeded: r.interpreterNeeded,
    doNotContactDirectly: r.doNotContactDirectly,
    accompaniment: { ...r.accompaniment, accompanierId: r.accompaniment.accompanierId ?? null },
    ...(r.appointment
      ? {
          appointment: {
            at: r.appointment.at,
            place: r.appointment.place,
            specialistId: r.appointment.specialistId,
          },
        }
      : {}),
    offers: r.offers.map((o) => ({
      id: o.id,
      specialistId: o.specialistId,
      state: o.state,
      sentAt: o.sentAt,
      expiresAt: o.expiresAt,
      ...(o.declineReason ? { declineReason: o.declineReason } : {}),
    })),
    ...(r.outcome ? { outcome: without(r.outcome, 'followUpDone') } : {}),
    ...followUpOf(r),
    // Who the question paused is the answer's bookkeeping (provide-info.ts): the offers show them.
    ...(r.hold ? { hold: r.hold.reason === 'more_info' ? without(r.hold, 'paused') : r.hold } : {}),
    // Questions specialists asked through their link and the answers given, oldest first.
    ...(r.exchanges?.length
      ? {
          exchanges: r.exchanges.map((e) => ({
            specialistId: e.specialistId,
            question: e.question,
            askedAt: e.askedAt,
            answer: e.answer,
            answeredAt: e.answeredAt,
          })),
        }
      : {}),
    ...(r.advice ? { advice: r.advice } : {}),
    counts: r.counts,
    ...(r.closeReason ? { closeReason: r.closeReason } : {}),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });
  return timeline ? { ...view, timeline: [...r.timeline] } : view;
}

/**
 * A follow-up date set with the outcome is pending until it is recorded as done or the referral is
 * closed (the timers make it overdue on the board once the date has passed); once done, it says when.
 */
function followUpOf(r: Referral): Pick<ReferralView, 'followUp'> {
  const o = r.outcome;
  if (o?.followUpDueAt && r.status !== 'closed') {
    return { followUp: { dueAt: o.followUpDueAt, state: 'pending' } };
  }
  if (o?.followUpDone) {
    return { followUp: { dueAt: o.followUpDone.dueAt, state: 'done', doneAt: o.followUpDone.at } };
  }
  return {};
}
