/**
 * Staff authentication and authorisation at the edge. `staffAuth(verify)` requires
 * `Authorization: Bearer <jwt>`, verifies it with the injected {@link StaffVerifier} and sets
 * `c.var.principal`; anything else is a 401 problem with a `WWW-Authenticate: Bearer` challenge (RFC 6750)
 * that never says why. `requireRole(...roles)` lets a caller through when they hold any of the roles,
 * else a 403 problem.
 */
import type { MiddlewareHandler } from 'hono';
import type { StaffRole } from '../../../domain/referral/model.ts';
import type {} from '../../edge/context.ts';
import { BEARER_CHALLENGE, problem } from '../../edge/problem.ts';
import type { StaffPrincipal, StaffVerifier } from '../../lib/deps.ts';

// RFC 6750 b64token; a JWT fits in far less than 8 KB.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,8192}=*) *$/i;

/** The token of an `Authorization: Bearer` header, or undefined. */
export const bearerToken = (header: string | undefined): string | undefined => BEARER.exec(header ?? '')?.[1];

const unauthorized = (requestId: string | undefined, challenge: string): Response =>
  problem(401, {
    title: 'Unauthorized',
    detail: 'Valid staff credentials are required.',
    headers: { 'www-authenticate': challenge },
    requestId,
  });

/** Requires a valid staff bearer token and sets `c.var.principal`. */
export const staffAuth =
  (verify: StaffVerifier): MiddlewareHandler =>
  async (c, next) => {
    const requestId = c.get('requestId') as string | undefined;
    const token = bearerToken(c.req.header('authorization'));
    if (token === undefined) return unauthorized(requestId, BEARER_CHALLENGE);
    let principal: StaffPrincipal;
    try {
      principal = await verify(token);
    } catch {
      return unauthorized(requestId, `${BEARER_CHALLENGE}, error="invalid_token"`);
    }
    c.set('principal', principal);
    const logger = c.get('logger') as typeof c.var.logger | undefined;
    if (logger) c.set('logger', logger.child({ sub: principal.sub, org: principal.org }));
    await next();
  };

/** Lets through callers holding at least one of `roles` (behind {@link staffAuth}); else 403. */
export const requireRole = (...roles: readonly StaffRole[]): MiddlewareHandler => {
  if (roles.length === 0) throw new TypeError('requireRole needs at least one role');
  return async (c, next) => {
    const requestId = c.get('requestId') as string | undefined;
    const principal = c.get('principal') as StaffPrincipal | undefined;
    if (!principal) return unauthorized(requestId, BEARER_CHALLENGE);
    if (!hasRole(principal, ...roles)) {
      return problem(403, { title: 'Forbidden', detail: 'Your role does not allow this.', requestId });
    }
    await next();
  };
};

/** Whether the principal holds any of the roles (for checks inside handlers). */
export const hasRole = (principal: StaffPrincipal, ...roles: readonly StaffRole[]): boolean =>
  principal.roles.some((r) => roles.includes(r));
