/**
 * Per-request id and logger. The id is the caller's `x-request-id` when it is safe to echo
 * (`[A-Za-z0-9-]{1,64}`), else a fresh UUID; it is returned in `x-request-id`. `c.var.logger` is a child
 * logger carrying it. One line is logged per request with the method, the route *pattern*
 * (`/o/:token`, never the raw path: link paths carry tokens), the status and the duration; never the
 * URL, the query, headers or the body.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../ports/logger.ts';
import type {} from './context.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The caller's request id when safe to log and echo, else a fresh one. */
export const requestIdFrom = (header: string | undefined): string =>
  header !== undefined && SAFE_REQUEST_ID.test(header) ? header : randomUUID();

export interface RequestContextOptions {
  /** For tests: a monotonic clock in milliseconds. */
  readonly now?: () => number;
}

/** Sets `c.var.requestId` and `c.var.logger`, and logs each request once it has its response. */
export const requestContext =
  (logger: Logger, options: RequestContextOptions = {}): MiddlewareHandler =>
  async (c, next) => {
    const now = options.now ?? (() => performance.now());
    const started = now();
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', requestId);
    c.set('logger', logger.child({ requestId }));
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      const status = failed ? 500 : c.res.status;
      // Read the logger again: staffAuth enriches it with the caller's sub and org.
      const log = c.get('logger');
      const fields = {
        method: c.req.method,
        route: routePath(c),
        status,
        durationMs: Math.round((now() - started) * 10) / 10,
      };
      if (status >= 500) log.error('request', fields);
      else log.info('request', fields);
    }
    if (!c.res.headers.has(REQUEST_ID_HEADER)) c.res.headers.set(REQUEST_ID_HEADER, requestId);
  };
