import * as z from 'zod/mini';
import { publicRoute, type StaffRoutes } from './context.ts';

/** What anyone may call: liveness, the API's own description and the events' (no personal data). */
export const publicRoutes: StaffRoutes = [
  publicRoute({
    method: 'get',
    path: '/health',
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'Liveness',
      responses: { 200: { description: 'ok', schema: z.object({ status: z.literal('ok') }) } },
    },
    handler: (c) => c.json({ status: 'ok' }),
  }),
  publicRoute({
    method: 'get',
    path: '/openapi.json',
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'This OpenAPI 3.1 document',
      responses: { 200: { description: 'The document', schema: z.looseObject({ openapi: z.string() }) } },
    },
    handler: (c, _, { apiDocument }) => c.json(apiDocument() as object),
  }),
  publicRoute({
    method: 'get',
    path: '/asyncapi.json',
    docs: globalThis.RELAIS_DOCUMENTED !== false && {
      summary: 'The events Relais publishes, as an AsyncAPI 3.0 document',
      description:
        'One channel per EventBridge detail-type of the event catalogue, the payload’s JSON Schema ' +
        'generated from the schemas Relais itself parses events with, the contract’s version and an ' +
        'example. Events carry ids and codes only, so the document is public like this one.',
      responses: {
        200: { description: 'The document', schema: z.looseObject({ asyncapi: z.literal('3.0.0') }) },
      },
    },
    handler: (c, _, { eventDocument }) => c.json(eventDocument() as object),
  }),
];
