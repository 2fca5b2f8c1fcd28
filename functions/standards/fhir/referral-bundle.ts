import type { Referral } from '../../../domain/referral/model.ts';
import {
  appointmentStatus,
  ORGANISATION_SYSTEM,
  PRIORITY,
  pseudonymSystem,
  requestStatus,
  SYSTEMS,
  specialtyDisplay,
  taskStatus,
} from './codes.ts';

/*
 * A referral as FHIR R4 resources, the way the Gravity Project's SDOH Clinical Care guide models a
 * referral: a `ServiceRequest` (what is asked, for whom, how urgently, with the person's consent), the
 * `Task` that tracks it (owned by whoever took it on, its output the outcome) and the `Appointment` once
 * made, in one `collection` Bundle (a document of one referral, not the result of a search).
 *
 * Pure: from the referral, the view the caller has of it (need-to-know.ts) and the specialist it is with.
 * Only the `full` view carries the reason and the pseudonym; the `coordination` view neither. Notes,
 * questions and answers, advice and the outcome's note never leave Relais this way.
 */

/** A FHIR resource, as JSON. The mapping is checked against the R4 definitions in the tests. */
export interface FhirResource {
  readonly resourceType: string;
  readonly id: string;
  readonly [field: string]: unknown;
}
export interface FhirBundle extends FhirResource {
  readonly resourceType: 'Bundle';
  readonly type: 'collection';
  readonly entry: readonly { readonly resource: FhirResource }[];
}

/** The views a FHIR export is made in: what the caller reads of the referral (need-to-know.ts). */
export type FhirView = 'full' | 'coordination';

/** The specialist the referral is with (appointment), as the directory knows them. */
export interface Performer {
  readonly specialistId: string;
  readonly displayName?: string;
  readonly organisation?: string;
}

const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });

/** Who acts for the specialist: their organisation when the directory names one, else themselves. */
function performerReference(p: Performer) {
  if (p.organisation) {
    return {
      type: 'Organization',
      identifier: { system: ORGANISATION_SYSTEM, value: p.organisation },
      display: p.organisation,
    };
  }
  return {
    type: 'Practitioner',
    identifier: { system: SYSTEMS.specialist, value: p.specialistId },
    ...(p.displayName ? { display: p.displayName } : {}),
  };
}

const organisation = (org: string) => ({
  type: 'Organization',
  identifier: { system: ORGANISATION_SYSTEM, value: org },
  display: org,
});

/** The specialist the referral is with: the appointment's, once there is one. */
export const performerIdOf = (r: Referral): string | undefined => r.appointment?.specialistId;

export function referralBundle(r: Referral, view: FhirView, performer?: Performer): FhirBundle {
  const full = view === 'full';
  const specialty = {
    coding: [
      { system: SYSTEMS.specialty, code: r.need.specialty, display: specialtyDisplay(r.need.specialty) },
    ],
    text: specialtyDisplay(r.need.specialty),
  };
  const patient: FhirResource = {
    resourceType: 'Patient',
    id: r.id,
    // The pseudonym is the only thing Relais knows of the person: in the full view only.
    ...(full ? { identifier: [{ system: pseudonymSystem(r.org), value: r.pseudonym }] } : {}),
    ...(r.languages.length
      ? {
          communication: r.languages.map((code) => ({
            language: { coding: [{ system: 'urn:ietf:bcp:47', code }] },
          })),
        }
      : {}),
  };
  const withdrawn = r.consent.withdrawnAt !== undefined;
  const consent: FhirResource = {
    resourceType: 'Consent',
    id: r.id,
    status: withdrawn ? 'inactive' : 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: ref('Patient', patient.id),
    dateTime: r.consent.at,
    organization: [organisation(r.org)],
    policyRule: {
      coding: [{ system: SYSTEMS.consentScope, code: r.consent.scope }],
      text: 'Share the minimum (specialty, urgency, languages) with the specialist',
    },
    provision: {
      type: 'permit',
      period: { start: r.consent.at, ...(withdrawn ? { end: r.consent.withdrawnAt } : {}) },
    },
  };
  const owner = performer ? performerReference(performer) : undefined;
  const serviceRequest: FhirResource = {
    resourceType: 'ServiceRequest',
    id: r.id,
    identifier: [{ system: 'urn:relais:referral', value: r.id }],
    status: requestStatus(r),
    intent: 'order',
    category: [
      { coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] },
    ],
    priority: PRIORITY[r.urgency],
    code: specialty,
    subject: ref('Patient', patient.id),
    authoredOn: r.createdAt,
    requester: organisation(r.org),
    ...(owner ? { performer: [owner] } : {}),
    ...(full ? { reasonCode: [{ text: r.reason }] } : {}),
    supportingInfo: [ref('Consent', consent.id)],
  };
  const outputs = r.outcome
    ? [
        {
          type: { coding: [{ system: SYSTEMS.outcome, code: 'attended' }] },
          valueBoolean: r.outcome.attended,
        },
        ...(r.outcome.followUpDueAt
          ? [
              {
                type: { coding: [{ system: SYSTEMS.outcome, code: 'follow-up-due' }] },
                valueDateTime: r.outcome.followUpDueAt,
              },
            ]
          : []),
      ]
    : [];
  const task: FhirResource = {
    resourceType: 'Task',
    id: r.id,
    status: taskStatus(r),
    businessStatus: {
      coding: [{ system: SYSTEMS.status, code: r.status }],
      text: r.closeReason ? `${r.status}: ${r.closeReason}` : r.status,
    },
    intent: 'order',
    priority: PRIORITY[r.urgency],
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: ref('ServiceRequest', serviceRequest.id),
    for: ref('Patient', patient.id),
    authoredOn: r.createdAt,
    lastModified: r.updatedAt,
    requester: organisation(r.org),
    ...(owner ? { owner } : {}),
    ...(outputs.length ? { output: outputs } : {}),
  };
  const appointment: FhirResource | undefined = r.appointment && {
    resourceType: 'Appointment',
    id: r.id,
    status: appointmentStatus(r),
    serviceType: [specialty],
    basedOn: [ref('ServiceRequest', serviceRequest.id)],
    // Relais knows when it starts, not how long it lasts: a booked appointment needs both (app-3).
    start: r.appointment.at,
    end: r.appointment.at,
    participant: [
      { actor: ref('Patient', patient.id), status: 'accepted' },
      {
        actor: performerReference(performer ?? { specialistId: r.appointment.specialistId }),
        status: 'accepted',
      },
      ...(full ? [{ actor: { type: 'Location', display: r.appointment.place }, status: 'accepted' }] : []),
    ],
  };
  return {
    resourceType: 'Bundle',
    id: r.id,
    type: 'collection',
    timestamp: r.updatedAt,
    entry: [serviceRequest, task, patient, consent, ...(appointment ? [appointment] : [])].map(
      (resource) => ({ resource }),
    ),
  };
}
