import { actorFor, type Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { changeReferral, writeReferral } from '../referral/change-referral.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { Referral } from '../referral/model.ts';
import * as Rules from '../referral/rules/index.ts';

/**
 * `POST /v1/referrals/{id}/reschedule`: the referring worker or a coordinator moves the appointment
 * (also after the person was absent at the meeting point). Everyone concerned is told by the
 * `appointment.rescheduled` consumer, the specialist with an updated calendar invitation.
 */
export function rescheduleAppointment(
  deps: WriteDeps,
  caller: Caller,
  id: string,
  input: Rules.RescheduleInput,
  ifMatch?: number,
): Promise<Referral> {
  const actor = actorFor(caller, ['social_worker', 'coordinator', 'network_coordinator']);
  return changeReferral(deps, id, (r, at) => Rules.reschedule(r, input, { ...at, actor }), {
    caller,
    ifMatch,
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
  deps: WriteDeps,
  link: SpecialistLink,
  input: Rules.RescheduleInput,
): Promise<Referral> {
  const { referral } = await writeReferral(deps, link.referralId, (r, at) => {
    const appointment = r?.appointment;
    if (!r || !appointment || appointment.offerId !== link.offerId) {
      return refuse('not_found', 'No such appointment.');
    }
    if (r.status === 'closed') return refuse('gone', 'This request is closed.');
    return Rules.reschedule(r, input, { ...at, actor: { role: 'specialist', id: appointment.specialistId } });
  });
  return referral;
}
