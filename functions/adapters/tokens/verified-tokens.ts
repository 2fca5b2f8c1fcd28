import type { StaffPrincipal, StaffVerifier } from '../../ports/staff.ts';

/*
 * A warm function sees the same staff token on request after request (a staff member's session lasts
 * as long as the token). Verifying it again each time (the signature check, the claims parsed) was
 * about 5 % of a warm transition's CPU, so a process remembers the tokens it verified: the exact token
 * text (signature included, so nothing but the token verified matches), the principal it carried.
 *
 * A remembered token is never accepted longer than it would be verified:
 * - never at or after its `exp` (stricter than the verification, which tolerates 30 s of skew);
 * - never longer than VERIFIED_TOKEN_MAX_AGE_MS after it was verified, so a signing key the issuer
 *   withdraws from its key set (the only revocation a bearer token has: Relais keeps no deny list, and
 *   an access token stays valid until `exp` at the issuer too) stops being accepted at most that much
 *   later than without the cache;
 * - refusals are never remembered: a token refused once is verified again the next time.
 */

/** What a verification tells: who, and until when the token is valid (ms since the epoch). */
export interface VerifiedToken {
  readonly principal: StaffPrincipal;
  readonly expiresAtMs: number;
}

/** How long a process keeps accepting a verified token without verifying it again. */
export const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;
/** How many tokens a process remembers (staff active on one warm function); the oldest go first. */
export const VERIFIED_TOKEN_MAX_ENTRIES = 1000;

export interface VerifiedTokenOptions {
  /** Real time, never the service clock (a token's `exp` is against the real time). */
  readonly now?: () => number;
  readonly maxAgeMs?: number;
  readonly maxEntries?: number;
}

/** `verify`, remembering each token it accepts until its expiry or the maximum age, whichever is first. */
export function rememberingVerifiedTokens(
  verify: (token: string) => Promise<VerifiedToken>,
  options: VerifiedTokenOptions = {},
): StaffVerifier {
  const now = options.now ?? (() => Date.now());
  const maxAgeMs = options.maxAgeMs ?? VERIFIED_TOKEN_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? VERIFIED_TOKEN_MAX_ENTRIES;
  const verified = new Map<string, { principal: StaffPrincipal; until: number }>();
  // A copy each time: a caller changing its principal cannot change the next request's.
  const copy = (p: StaffPrincipal): StaffPrincipal => ({ ...p, roles: [...p.roles] });

  return async (token) => {
    const known = verified.get(token);
    if (known) {
      if (now() < known.until) return copy(known.principal);
      verified.delete(token);
    }
    const { principal, expiresAtMs } = await verify(token);
    const until = Math.min(expiresAtMs, now() + maxAgeMs);
    if (Number.isFinite(until) && until > now()) {
      verified.set(token, { principal: copy(principal), until });
      // The oldest remembered first (insertion order): a bounded memory whatever the traffic.
      while (verified.size > maxEntries) verified.delete(verified.keys().next().value as string);
    }
    return principal;
  };
}
