import { actorFor, type Caller, transitionContext, type UseCaseDeps } from '../caller.ts';
import { refuse } from '../errors.ts';
import { changeReferral } from '../referral/change-referral.ts';
import type { Referral } from '../referral/model.ts';
import { type RescheduleInput, reschedule } from '../referral/rules/index.ts';
import { applyTransition } from '../use-cases/apply-transition.ts';

/**
 * `POST /v1/referrals/{id}/reschedule`: the referring worker or a coordinator moves the appointment
 * (also after the person was absent at the meeting point). Everyone concerned is told by the
 * `appointment.rescheduled` consumer, the specialist with an updated calendar invitation.
 */
export function rescheduleAppointment(
  deps: UseCaseDeps,
  caller: Caller,
  id: string,
  input: RescheduleInput,
  ifMatch?: number,
): Promise<Referral> {
  return changeReferral(deps, caller, {
    id,
    ifMatch,
    actor: () => actorFor(caller, ['social_worker', 'coordinator', 'network_coordinator']),
    transition: (r, ctx) => reschedule(r, input, ctx),
  });
}

/** What a verified specialist link names: one offer of one referral. */
export interface SpecialistLink {
  readonly referralId: string;
  readonly offerId: string;
}

/**
 * `POST /o/{token}/reschedule`: the specialist of the appointment moves it through their link. The link
 * works only for the appointment its offer became: any other referral, or an offer that was not the one
 * accepted, is "not found"; a closed referral is gone.
 */
export async function rescheduleBySpecialist(
  deps: Pick<UseCaseDeps, 'store' | 'clock' | 'newId'>,
  link: SpecialistLink,
  input: RescheduleInput,
): Promise<Referral> {
  const r = await deps.store.get(link.referralId);
  const appointment = r?.appointment;
  if (!r || !appointment || appointment.offerId !== link.offerId) {
    return refuse('not_found', 'No such appointment.');
  }
  if (r.status === 'closed') return refuse('gone', 'This request is closed.');
  const ctx = transitionContext(deps, { role: 'specialist', id: appointment.specialistId });
  return applyTransition(deps, r, reschedule(r, input, ctx));
}
