import * as z from 'zod/mini';
import { publicRoute, type StaffRoutes } from './context.ts';

/** What anyone may call: liveness and the API's own description. */
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
];
