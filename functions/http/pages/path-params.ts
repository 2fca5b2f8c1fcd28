import type { MiddlewareHandler } from 'hono';
import type * as z from 'zod/mini';
import { parseWith } from '../../edge/validation.ts';

/**
 * A page's path parameters, checked by the schema the API's route for the same thing declares
 * (schemas/params.ts, schemas/organisations.ts) before anything is read: an id longer than any Relais
 * makes is the API's 400 naming it, shown as the error page by the pages' `onError` (pageOnError),
 * never a 500 from DynamoDB's key limit. Only the `names` given are checked: an `:action` beside the
 * `:id` is the route's own to answer.
 */
export const pathParams =
  (schema: z.core.$ZodType, ...names: readonly string[]): MiddlewareHandler =>
  async (c, next) => {
    parseWith(schema, Object.fromEntries(names.map((name) => [name, c.req.param(name)])));
    await next();
  };
