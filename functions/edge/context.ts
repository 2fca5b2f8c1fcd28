/**
 * What the middleware puts on hono's context, typed once for every app: `c.var.requestId` and
 * `c.var.logger` (set by `requestContext`), `c.var.principal` (set by `staffAuth`; only present on
 * routes behind it).
 */

import type { Logger } from '../ports/logger.ts';
import type { StaffPrincipal } from '../ports/staff.ts';

export interface RelaisVariables {
  /** The request's id: the caller's `x-request-id` when safe, else a fresh one. */
  requestId: string;
  /** A child logger carrying the request id (and, behind `staffAuth`, the caller's `sub` and `org`). */
  logger: Logger;
  /** The verified staff member. Set by `staffAuth`; do not read it on routes not behind it. */
  principal: StaffPrincipal;
}

declare module 'hono' {
  interface ContextVariableMap extends RelaisVariables {}
}
