import * as z from 'zod/mini';
import { createOpenApiRegistry, type OpenApiDocument } from '../edge/openapi.ts';
import { answerBody } from '../http/schemas/answers.ts';
import { addEscalationDocs } from '../http/schemas/escalations.ts';
import {
  closeReferralBody,
  listReferralsQuery,
  offerBody,
  openReferralBody,
  referralList,
  referralView,
} from '../http/schemas/referrals.ts';
import {
  createSpecialistBody,
  listSpecialistsQuery,
  specialistView,
  updateSpecialistBody,
} from '../http/schemas/specialists.ts';
import { linkRouteDocs } from '../links/routes.ts';
import { addAccompanimentDocs } from './api-document-accompaniment.ts';

const problems = {
  400: { description: 'Bad input: `errors` names each field at fault' },
  401: { description: 'No or invalid staff token' },
  403: { description: 'The caller’s role may not do this' },
  404: { description: 'No such thing, or not visible to the caller' },
} as const;
const changeProblems = {
  ...problems,
  409: { description: 'The referral changed under the caller (stale If-Match or concurrent change)' },
  422: { description: 'Not allowed in the referral’s current state' },
} as const;
const ifMatch = { 'If-Match': { description: 'The referral version the change is based on' } };

/**
 * The OpenAPI 3.1 document served at /openapi.json, generated from the same zod schemas the routes
 * parse with. Built on first request, not at cold start.
 */
export function apiDocument(): OpenApiDocument {
  const api = createOpenApiRegistry({
    title: 'Relais',
    version: '1.0.0',
    description: 'Referral and accompaniment coordination for low-threshold outreach services.',
  });
  api
    .add({
      method: 'get',
      path: '/health',
      summary: 'Liveness',
      responses: { 200: { description: 'ok', schema: z.object({ status: z.literal('ok') }) } },
    })
    .add({
      method: 'post',
      path: '/v1/referrals',
      summary: 'Open a referral (offers go out unless autoOffer is false)',
      tags: ['referrals'],
      security: 'staff',
      body: openReferralBody,
      headers: {
        'Idempotency-Key': { description: 'Same key and body return the same referral, created once' },
      },
      responses: {
        201: { description: 'Opened', schema: referralView },
        200: { description: 'Already opened with this Idempotency-Key', schema: referralView },
        ...problems,
        413: { description: 'Body over 64 KB' },
        415: { description: 'Not application/json' },
        422: { description: 'Idempotency-Key reused with a different body' },
      },
    })
    .add({
      method: 'get',
      path: '/v1/referrals',
      summary: 'List the organisation’s referrals',
      tags: ['referrals'],
      security: 'staff',
      query: listReferralsQuery,
      responses: { 200: { description: 'A page', schema: referralList }, ...problems },
    })
    .add({
      method: 'get',
      path: '/v1/referrals/{id}',
      summary: 'A referral with its timeline',
      tags: ['referrals'],
      security: 'staff',
      responses: { 200: { description: 'The referral', schema: referralView }, ...problems },
    })
    .add({
      method: 'post',
      path: '/v1/referrals/{id}/offers',
      summary: 'Offer to named specialists, or to the next matches',
      tags: ['referrals'],
      security: 'staff',
      body: offerBody,
      headers: ifMatch,
      responses: { 200: { description: 'Offered', schema: referralView }, ...changeProblems },
    })
    .add({
      method: 'post',
      path: '/v1/referrals/{id}/close',
      summary: 'Close a referral with a reason',
      tags: ['referrals'],
      security: 'staff',
      body: closeReferralBody,
      headers: ifMatch,
      responses: { 200: { description: 'Closed', schema: referralView }, ...changeProblems },
    })
    .add({
      method: 'get',
      path: '/v1/specialists',
      summary: 'The directory',
      tags: ['directory'],
      security: 'staff',
      query: listSpecialistsQuery,
      responses: {
        200: {
          description: 'A page',
          schema: z.object({ items: z.array(specialistView), nextCursor: z.optional(z.string()) }),
        },
        ...problems,
      },
    })
    .add({
      method: 'post',
      path: '/v1/specialists',
      summary: 'Add a specialist or service desk',
      tags: ['directory'],
      security: 'staff',
      body: createSpecialistBody,
      responses: { 201: { description: 'Added', schema: specialistView }, ...problems },
    })
    .add({
      method: 'patch',
      path: '/v1/specialists/{id}',
      summary: 'Change a specialist (pause until, quota, languages, active)',
      tags: ['directory'],
      security: 'staff',
      body: updateSpecialistBody,
      responses: { 200: { description: 'Changed', schema: specialistView }, ...problems },
    });
  // Specialist links (/o/{token}), declared with their routes; then the worker's answer to a question.
  for (const route of linkRouteDocs()) api.add(route);
  api.add({
    method: 'post',
    path: '/v1/referrals/{id}/answer',
    summary: 'Answer a specialist’s question: back on offer to them with a fresh link',
    tags: ['referrals'],
    security: 'staff',
    body: answerBody,
    headers: ifMatch,
    responses: { 200: { description: 'On offer again', schema: referralView }, ...changeProblems },
  });
  addEscalationDocs(api);
  addAccompanimentDocs(api);
  return api.document();
}
