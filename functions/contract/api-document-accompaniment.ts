import type * as z from 'zod/mini';
import type { OpenApiRegistry } from '../edge/openapi.ts';
import {
  accompanimentList,
  assignAccompanimentBody,
  notificationList,
  notificationsQuery,
  outcomeBody,
  personChangeView,
  rescheduleBody,
} from '../http/schemas/accompaniment.ts';
import { referralView } from '../http/schemas/referrals.ts';

const problems = {
  400: { description: 'Bad input: `errors` names each field at fault' },
  401: { description: 'No or invalid staff token' },
  403: { description: 'The caller’s role may not do this, or they are not the accompanier assigned' },
  404: { description: 'No such referral, or not visible to the caller' },
} as const;
const changeProblems = {
  ...problems,
  409: {
    description: 'Someone else took it first, a different outcome was recorded, or a stale If-Match',
  },
  422: { description: 'Not allowed in the referral’s current state' },
} as const;
const ifMatch = { 'If-Match': { description: 'The referral version the change is based on' } };
const idempotent =
  'Idempotent: repeating it answers 200 with the same referral and adds no second timeline entry.';

/**
 * The OpenAPI operations of accompaniment, closing the loop, the people routes and the caller's own
 * lists: added to the document by api-document.ts (the specialist's reschedule link is with the other
 * link routes, functions/links/routes.ts).
 */
export function addAccompanimentDocs(api: OpenApiRegistry): void {
  const change = (action: string, summary: string, description: string, body?: z.core.$ZodType) =>
    api.add({
      method: 'post',
      path: `/v1/referrals/{id}/${action}`,
      summary,
      description,
      tags: ['accompaniment'],
      security: 'staff',
      ...(body ? { body } : {}),
      headers: ifMatch,
      responses: {
        200: { description: 'The referral as it is now', schema: referralView },
        ...changeProblems,
      },
    });
  change(
    'accompaniment',
    'Assign an accompanier (coordinator), or take it (accompanier, own sub only)',
    'A coordinator assigns any accompanier of the organisation, and reassigns (recorded with the previous ' +
      'one on the timeline). An accompanier takes it with their own `sub`; of two taking it at once, one ' +
      `wins and the other gets 409. ${idempotent}`,
    assignAccompanimentBody,
  );
  change('departed', 'The assigned accompanier left the meeting point with the person', idempotent);
  change('arrived', 'The assigned accompanier and the person are at the appointment', idempotent);
  change(
    'absent',
    'Nobody at the meeting point: on_hold until seen again (counted apart from no-shows)',
    idempotent,
  );
  change(
    'outcome',
    'Attended or not, with an optional follow-up date (a pending follow-up) and a short note',
    'The assigned accompanier, the referring worker or a coordinator; an accompanier not assigned gets ' +
      '403. The note goes through the contact-data guard (max 280). The same outcome again changes ' +
      'nothing; a different one is a 409. The referring worker is told (feed and desk email, no health data).',
    outcomeBody,
  );
  change(
    'seen-again',
    'The person absent at the meeting point is back: scheduled again, ready to reschedule',
    'social_worker, accompanier or coordinator.',
  );
  change(
    'reschedule',
    'Move the appointment (also after an absence)',
    'social_worker or coordinator. The specialist gets an updated calendar invitation (same uid, next ' +
      'sequence) and a fresh outcome link; the accompanier and the referring worker are told in their feeds.',
    rescheduleBody,
  );

  const person = (action: string, summary: string, description: string) =>
    api.add({
      method: 'post',
      path: `/v1/people/{pseudonym}/${action}`,
      summary,
      description,
      tags: ['people'],
      security: 'staff',
      pathParams: { pseudonym: 'The pseudonym agreed with the person' },
      responses: {
        200: { description: 'What changed', schema: personChangeView },
        401: problems[401],
        403: problems[403],
        404: { description: 'No referral of this person in the caller’s organisation' },
        409: { description: 'A referral kept changing under the request; repeat it' },
      },
    });
  person(
    'consent-withdrawal',
    'The person withdrew consent: every open referral closed as withdrawn',
    'social_worker or coordinator. Each open referral of the person in the caller’s organisation is closed ' +
      'as `withdrawn` (one write each), its links stop working, and each specialist concerned gets a ' +
      'neutral “request withdrawn” email. Repeating it changes nothing more.',
  );
  person(
    'do-not-contact',
    'Contact through the organisation only',
    'social_worker or coordinator. Every open referral of the person is marked `doNotContactDirectly` ' +
      '(on the timeline); specialists are told “contact through the organisation only”. To mark a new ' +
      'referral, open it with `doNotContactDirectly: true`. Repeating it changes nothing more.',
  );

  api.add({
    method: 'get',
    path: '/v1/me/notifications',
    summary: 'The caller’s feed, newest first: outcomes, reschedules, absences, answers, escalations',
    tags: ['me'],
    security: 'staff',
    query: notificationsQuery,
    responses: { 200: { description: 'A page', schema: notificationList }, 401: problems[401] },
  });
  api.add({
    method: 'get',
    path: '/v1/me/accompaniments',
    summary: 'The caller’s accompaniments still to do, soonest first (accompanier)',
    tags: ['me'],
    security: 'staff',
    responses: {
      200: { description: 'The list', schema: accompanimentList },
      401: problems[401],
      403: problems[403],
    },
  });
  api.add({
    method: 'get',
    path: '/v1/me/available-accompaniments',
    summary: 'Scheduled referrals of the caller’s organisation that need an accompanier and have none',
    tags: ['me'],
    security: 'staff',
    responses: {
      200: { description: 'The list', schema: accompanimentList },
      401: problems[401],
      403: problems[403],
    },
  });
}
