import { CLOSE_REASONS, type Referral, STATUSES, type Status } from './model.ts';

const WITH_APPOINTMENT: readonly Status[] = ['scheduled', 'departed', 'arrived', 'attended', 'no_show'];

/**
 * The rules a referral always keeps, whatever happened to it. Returns one short sentence per broken rule
 * (empty when the referral is sound). Used by the tests and, cheaply, by any adapter that wants to refuse
 * to store a corrupt referral.
 */
export function invariantViolations(r: Referral): string[] {
  const v: string[] = [];
  const ms = (t: string) => Date.parse(t);

  if (!Number.isInteger(r.version) || r.version < 1) v.push('version must be an integer of at least 1');
  if (!STATUSES.includes(r.status)) v.push('status is not known');
  if (r.timeline.length < r.version) v.push('every version must have left at least one timeline entry');
  for (let i = 1; i < r.timeline.length; i++) {
    const [prev, cur] = [r.timeline[i - 1]!, r.timeline[i]!];
    if (!(ms(prev.at) <= ms(cur.at))) {
      v.push('timeline must be ordered by time');
      break;
    }
  }
  const last = r.timeline.at(-1);
  if (last && ms(last.at) !== ms(r.updatedAt))
    v.push('updatedAt must be the time of the last timeline entry');
  if (!(ms(r.createdAt) <= ms(r.updatedAt))) v.push('updatedAt must not be before createdAt');

  // Offers
  const ids = new Set(r.offers.map((o) => o.id));
  if (ids.size !== r.offers.length) v.push('offer ids must be unique');
  const pending = r.offers.filter((o) => o.state === 'pending');
  if (pending.length > 0 && r.status !== 'offered') v.push('pending offers exist only while offered');
  if (r.status === 'offered' && pending.length === 0) v.push('an offered referral has a pending offer');
  const accepted = r.offers.filter((o) => o.state === 'accepted');
  if (accepted.length > 1) v.push('at most one offer is accepted');
  for (const o of r.offers) {
    if ((o.state === 'declined') !== (o.declineReason !== undefined)) {
      v.push('a decline reason goes with a declined offer, and only with one');
      break;
    }
  }
  if (r.offers.some((o) => o.state === 'returned') && r.closeReason !== 'returned_with_advice') {
    v.push('an offer returned with advice closes the referral as returned_with_advice');
  }
  const pendingSpecialists = new Set(pending.map((o) => o.specialistId));
  if (pendingSpecialists.size !== pending.length) v.push('a specialist has at most one pending offer');

  // Appointment
  if (WITH_APPOINTMENT.includes(r.status) && !r.appointment) v.push(`${r.status} requires an appointment`);
  if (r.appointment) {
    const offer = r.offers.find((o) => o.id === r.appointment?.offerId);
    if (offer?.state !== 'accepted' || offer.specialistId !== r.appointment.specialistId) {
      v.push("the appointment comes from the specialist's accepted offer");
    }
  } else if (accepted.length > 0) {
    v.push('an accepted offer gives an appointment');
  }

  // Closing
  if ((r.status === 'closed') !== (r.closeReason !== undefined))
    v.push('closed goes with a close reason, and only it');
  if (r.closeReason !== undefined && !CLOSE_REASONS.includes(r.closeReason))
    v.push('close reason is not known');
  if (r.consent.withdrawnAt !== undefined && !(r.status === 'closed' && r.closeReason === 'withdrawn')) {
    v.push('a withdrawn consent closes the referral as withdrawn');
  }

  // Hold
  if ((r.status === 'on_hold') !== (r.hold !== undefined)) v.push('on_hold goes with a hold, and only it');
  if (r.hold?.reason === 'more_info') {
    const { offerId, specialistId } = r.hold;
    const asking = r.offers.find((o) => o.id === offerId);
    if (asking?.state !== 'more_info' || asking.specialistId !== specialistId) {
      v.push('a hold for more information names the offer that asked');
    }
  }
  if (r.hold?.reason === 'person_absent' && !r.appointment)
    v.push('a person is absent only from an appointment');
  if (r.candidatesExhaustedAt !== undefined && r.status !== 'open' && r.status !== 'closed') {
    v.push('candidates are exhausted only while open');
  }

  // Accompaniment
  const a = r.accompaniment;
  if (a.accompanierId !== undefined && !a.required) v.push('an accompanier is assigned only when required');
  if ((a.departedAt || a.arrivedAt || a.meetingPoint || a.meetingAt) && !a.accompanierId) {
    v.push('journey details need an assigned accompanier');
  }
  if (r.status === 'scheduled' && (a.departedAt || a.arrivedAt)) v.push('scheduled means not yet on the way');
  if (r.status === 'departed' && (!a.departedAt || a.arrivedAt))
    v.push('departed means departed, not arrived');
  if (r.status === 'arrived' && !a.arrivedAt) v.push('arrived means arrived');

  // Outcome
  if (r.status === 'attended' || r.status === 'no_show') {
    if (!r.outcome || r.outcome.attended !== (r.status === 'attended'))
      v.push(`${r.status} requires its outcome`);
  }
  if (r.outcome && !['attended', 'no_show', 'closed'].includes(r.status)) {
    v.push('an outcome is recorded only after the appointment');
  }

  // Counts
  const { absences, noShows } = r.counts;
  if (!Number.isInteger(absences) || absences < 0 || !Number.isInteger(noShows) || noShows < 0) {
    v.push('counts are non-negative integers');
  }
  if (r.status === 'no_show' && noShows < 1) v.push('a no-show is counted');
  if (r.hold?.reason === 'person_absent' && absences < 1) v.push('an absence is counted');
  return v;
}
