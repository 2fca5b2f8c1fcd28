import type * as z from 'zod/mini';
import { createOpenApiRegistry, type OpenApiDocument } from '../edge/openapi.ts';
import { documentRoutes } from '../edge/route-declaration.ts';
import { STAFF_ROUTES } from '../http/routes/index.ts';
import {
  acceptBody,
  adviceBody,
  declineBody,
  linkResult,
  moreInfoBody,
  outcomeBody,
  rescheduleLinkBody,
  rescheduleLinkResult,
} from '../links/schemas.ts';

/**
 * The OpenAPI 3.1 document served at /openapi.json, generated from the route declarations the apps
 * register (functions/http/routes/: paths, schemas, roles and docs declared once) and from the same zod
 * schemas the routes parse with. Built at build time for the api function
 * (functions/api/built-api-document.ts), on first request by `npm start`.
 */
export function apiDocument(): OpenApiDocument {
  const api = createOpenApiRegistry({
    title: 'Relais',
    version: '1.0.0',
    description: 'Referral and accompaniment coordination for low-threshold outreach services.',
  });
  documentRoutes(api, STAFF_ROUTES);
  // Specialist links (/o/{token}) and the worker's answer to a specialist's question.
  const linkRefusals = {
    401: { description: 'Not a valid link (tampered, wrong purpose, unknown key): nothing changed' },
    409: { description: 'Another specialist took it, or the request waits for an answer: nothing changed' },
    410: { description: 'The link was used, has expired, or the request moved on: nothing changed' },
  } as const;
  const forms = ['application/x-www-form-urlencoded', 'application/json'];
  const linkAnswer = (action: string, summary: string, body: z.core.$ZodType) =>
    api.add({
      method: 'post',
      path: `/o/{token}/${action}`,
      summary,
      description:
        'Form posts and `Accept: text/html` get an HTML page with the same status; JSON clients get JSON and RFC 9457 problems.',
      tags: ['links'],
      security: 'link',
      body,
      bodyContentTypes: forms,
      pathParams: { token: 'The signed link token from the email' },
      responses: {
        200: { description: 'Recorded', schema: linkResult },
        400: { description: 'Bad input (an HTML client gets the page again with a note)' },
        ...linkRefusals,
      },
    });
  api.add({
    method: 'get',
    path: '/o/{token}',
    summary: 'The page behind a specialist link (never changes state)',
    tags: ['links'],
    security: 'link',
    pathParams: { token: 'The signed link token from the email' },
    responses: {
      200: { description: 'The offer or outcome page', contentType: 'text/html' },
      ...linkRefusals,
    },
  });
  linkAnswer('accept', 'Accept with an appointment time (and place)', acceptBody);
  linkAnswer('decline', 'Decline with a reason; the next candidate is offered', declineBody);
  linkAnswer('more-info', 'Ask the referring worker a question; the referral waits on hold', moreInfoBody);
  linkAnswer('advice', 'No visit needed: reply with advice; the referral closes', adviceBody);
  linkAnswer('outcome', 'Say whether the person came (outcome link)', outcomeBody);
  api.add({
    method: 'post',
    path: '/o/{token}/reschedule',
    summary: 'The specialist moves their appointment (outcome link)',
    description:
      'Works for the appointment the link’s offer became, while the referral is not closed; not single-use. ' +
      'Form posts get an HTML page, JSON clients JSON and RFC 9457 problems.',
    tags: ['links'],
    security: 'link',
    body: rescheduleLinkBody,
    bodyContentTypes: ['application/x-www-form-urlencoded', 'application/json'],
    pathParams: { token: 'The signed outcome link token from the confirmation email' },
    responses: {
      200: { description: 'Moved', schema: rescheduleLinkResult },
      401: { description: 'Not a valid outcome link, or it names no appointment of its referral' },
      410: { description: 'The link has expired, or the request is closed' },
      422: { description: 'The appointment cannot be moved at this step' },
    },
  });
  return api.document();
}
