import * as z from 'zod/mini';
import { DomainError } from '../../../domain/errors.ts';
import { readReferral } from '../../../domain/referral/load-referral.ts';
import { performerIdOf, referralBundle } from '../../standards/fhir/referral-bundle.ts';
import { idParams } from '../schemas/params.ts';
import { sealedFieldsShown } from '../views/need-to-know-view.ts';
import { type StaffRoutes, staffRoute } from './context.ts';
import { problems } from './docs.ts';

/** The media type of FHIR's JSON (R4, http.html#mime-type). */
export const FHIR_JSON = 'application/fhir+json';

/**
 * `/v1/referrals/{id}/fhir`: a referral in FHIR R4 (functions/standards/fhir), for a hospital's record or
 * any system that speaks it. Who reads it and how much is the need-to-know table's, as for
 * `GET /v1/referrals/{id}`: the referring organisation's case roles in full, a network coordinator of
 * another organisation its coordination view (no pseudonym, no reason) while it is escalated to them.
 */
export const fhirRoutes: StaffRoutes = [
  staffRoute({
    method: 'get',
    path: '/v1/referrals/{id}/fhir',
    roles: ['social_worker', 'coordinator', 'network_coordinator'],
    params: idParams,
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'A referral in FHIR R4',
      description:
        'A `collection` Bundle (media type `application/fhir+json`) as the Gravity Project’s SDOH Clinical ' +
        'Care guide models a referral: the `ServiceRequest` (code from the specialty, priority from the ' +
        'urgency: routine → routine, soon → urgent, urgent → asap; `reasonCode` only for the referring ' +
        'organisation), its `Patient` known only by the pseudonym (identifier system ' +
        '`urn:relais:org:<org>:pseudonym`; none in the coordination view), the `Consent` it refers to ' +
        '(`supportingInfo`), the `Task` tracking it (status from the referral’s, owner the specialist’s ' +
        'organisation, output the outcome) and the `Appointment` once scheduled. Readable by whoever reads ' +
        'the referral in full or in its coordination view; anyone else gets 404, like a referral that ' +
        'does not exist.',
      tags: ['referrals', 'standards'],
      responses: {
        200: {
          description: 'The referral as a FHIR R4 Bundle',
          contentType: FHIR_JSON,
          schema: z.looseObject({ resourceType: z.literal('Bundle'), type: z.literal('collection') }),
        },
        ...problems,
      },
    },
    async handler(c, { params }, { uc, deps }) {
      const { referral, view } = await readReferral(uc, c.var.principal, params.id, sealedFieldsShown);
      // The accompaniment and open views are not made in FHIR: they are an accompanier's, not a record's.
      if (view !== 'full' && view !== 'coordination') throw new DomainError('not_found', 'No such referral.');
      const specialistId = performerIdOf(referral);
      const specialist = specialistId ? await deps.specialists.get(specialistId) : undefined;
      const performer = specialistId
        ? {
            specialistId,
            ...(specialist?.displayName ? { displayName: specialist.displayName } : {}),
            ...(specialist?.organisation ? { organisation: specialist.organisation } : {}),
          }
        : undefined;
      c.header('ETag', `"${referral.version}"`);
      return c.body(JSON.stringify(referralBundle(referral, view, performer)), 200, {
        'content-type': FHIR_JSON,
      });
    },
  }),
];
