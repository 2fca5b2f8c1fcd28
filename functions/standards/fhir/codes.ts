import type { CloseReason, Referral, Specialty, Status, Urgency } from '../../../domain/referral/model.ts';
import { specialtyName } from '../../ui/messages.ts';

/*
 * Relais's codes in FHIR R4's terms: each mapping a table, written once. Pure data; the bundle
 * (referral-bundle.ts) reads them.
 */

/**
 * Relais's own code systems. No SNOMED CT code is given for a specialty: none is certain enough to send
 * to a hospital's record without a terminologist's review, and a wrong code is worse than text.
 */
export const SYSTEMS = {
  specialty: 'https://relais.example.org/fhir/CodeSystem/specialty',
  status: 'https://relais.example.org/fhir/CodeSystem/referral-status',
  outcome: 'https://relais.example.org/fhir/CodeSystem/outcome',
  consentScope: 'https://relais.example.org/fhir/CodeSystem/consent-scope',
  specialist: 'urn:relais:specialist',
} as const;

/** The identifier system of a pseudonym: the organisation's own namespace (pseudonyms are per organisation). */
export const pseudonymSystem = (org: string): string => `urn:relais:org:${org}:pseudonym`;
/** The identifier system of the organisations of the network. */
export const ORGANISATION_SYSTEM = 'urn:relais:organisation';

/**
 * English display of each specialty, for `code.text` and `coding.display`: the catalogue's own names
 * (functions/ui), so a specialty is named the same in an email, a page and a FHIR resource.
 */
export const specialtyDisplay = (specialty: Specialty): string => specialtyName('en', specialty);

/**
 * Urgency → `ServiceRequest.priority` (request-priority). `stat` (an emergency) is never used: Relais is
 * not an emergency service, its most urgent referrals are `asap`.
 */
export const PRIORITY: Record<Urgency, 'routine' | 'urgent' | 'asap'> = {
  routine: 'routine',
  soon: 'urgent',
  urgent: 'asap',
};

type RequestStatus = 'active' | 'on-hold' | 'revoked' | 'completed';
/** What a closed referral's request became, by the reason it was closed. */
const CLOSED_REQUEST: Record<CloseReason, RequestStatus> = {
  completed: 'completed',
  returned_with_advice: 'completed',
  cancelled: 'revoked',
  withdrawn: 'revoked',
  lost_contact: 'revoked',
};
/** Status → `ServiceRequest.status` (request-status): the request as an order, alive until closed. */
export function requestStatus(r: Pick<Referral, 'status' | 'closeReason'>): RequestStatus {
  if (r.status === 'closed') return CLOSED_REQUEST[r.closeReason ?? 'cancelled'];
  if (r.status === 'on_hold') return 'on-hold';
  if (r.status === 'attended') return 'completed';
  return 'active';
}

export type TaskStatus =
  | 'requested'
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'on-hold'
  | 'in-progress'
  | 'completed'
  | 'cancelled'
  | 'failed';
/** Status → `Task.status` (task-status), the fulfilment as the Gravity guide tracks it. */
export const TASK_STATUS: Record<Exclude<Status, 'closed'>, TaskStatus> = {
  open: 'requested',
  offered: 'requested',
  on_hold: 'on-hold',
  scheduled: 'accepted',
  departed: 'in-progress',
  arrived: 'in-progress',
  attended: 'completed',
  no_show: 'failed',
};
/** A closed referral's task, by the reason it was closed. */
export const CLOSED_TASK: Record<CloseReason, TaskStatus> = {
  completed: 'completed',
  returned_with_advice: 'rejected',
  cancelled: 'cancelled',
  withdrawn: 'cancelled',
  lost_contact: 'failed',
};
export const taskStatus = (r: Pick<Referral, 'status' | 'closeReason'>): TaskStatus =>
  r.status === 'closed' ? CLOSED_TASK[r.closeReason ?? 'cancelled'] : TASK_STATUS[r.status];

export type AppointmentStatus = 'booked' | 'arrived' | 'fulfilled' | 'noshow' | 'cancelled';
/** Status → `Appointment.status` (appointmentstatus), once an appointment was made. */
export function appointmentStatus(r: Pick<Referral, 'status' | 'outcome'>): AppointmentStatus {
  switch (r.status) {
    case 'arrived':
      return 'arrived';
    case 'attended':
      return 'fulfilled';
    case 'no_show':
      return 'noshow';
    case 'closed':
      // Closed after the appointment: as the outcome says; before it: the appointment did not happen.
      return r.outcome ? (r.outcome.attended ? 'fulfilled' : 'noshow') : 'cancelled';
    default:
      return 'booked';
  }
}
