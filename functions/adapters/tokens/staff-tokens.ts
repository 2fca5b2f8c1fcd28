/**
 * Staff bearer tokens (jose). Two issuers, one rule set:
 * - the local issuer of the one-machine runtime: ES256, a key pair made by {@link generateIssuerKey}, tokens
 *   printed by `npm run token` through {@link signLocalStaffToken};
 * - a JWKS issuer when deployed (Cognito: RS256 by default; the list is configurable).
 *
 * Every check is mandatory: pinned algorithms (never `none`, never HMAC, so a public key can't be used as
 * a shared secret), `iss` and `aud` equal to the configured ones, `exp` present, 30 s of clock tolerance
 * against the real time (never the service's clock, which `POST /dev/clock` moves: a token printed
 * before an advance keeps working), and the claims `sub`, `org`, `roles` parsed with zod. Any failure is
 * an {@link UnauthorizedError} that says nothing of why. A token accepted is remembered by the process
 * until its `exp` or for a minute at most (verified-tokens.ts), not verified again on each request.
 */
import {
  calculateJwkThumbprint,
  createRemoteJWKSet,
  customFetch,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
  SignJWT,
} from 'jose';
import * as z from 'zod/mini';
import { ORGANISATION_ID } from '../../../domain/organisation-id.ts';
import { STAFF_ROLES } from '../../../domain/referral/model.ts';
import { UnauthorizedError } from '../../edge/problem.ts';
import type { StaffPrincipal, StaffVerifier } from '../../ports/staff.ts';
import { fetchJwksOverNode } from './jwks-fetch.ts';
import { rememberingVerifiedTokens } from './verified-tokens.ts';

/** The algorithm of the local issuer. */
export const LOCAL_ISSUER_ALG = 'ES256';
/** Seconds of clock skew tolerated on `exp`/`nbf`/`iat`. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Lifetime of a token from `signLocalStaffToken` unless told otherwise: a working day and a half. */
export const DEFAULT_LOCAL_TOKEN_TTL_SECONDS = 12 * 60 * 60;

const ASYMMETRIC_ALGS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/** The staff claims, as this service requires them. Other claims are allowed and ignored. */
export const staffClaimsSchema = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(256)),
  // An id Relais could have made: table keys are built from it (domain/organisation-id.ts).
  org: z.string().check(z.regex(ORGANISATION_ID)),
  roles: z.array(z.enum(STAFF_ROLES)).check(z.minLength(1), z.maxLength(16)),
});

const REQUIRED_CLAIMS = ['exp', 'iss', 'aud', 'sub'];

interface VerifyConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
}

/**
 * The token's `name` claim, when it is a usable one; anything else is ignored rather than refused (a
 * name is a convenience of the staff list, never a reason to turn someone away).
 */
export const nameClaimOf = (payload: JWTPayload): { name?: string } => {
  const name = typeof payload.name === 'string' ? payload.name.trim() : '';
  return name.length > 0 && name.length <= 200 ? { name } : {};
};

const toPrincipal = (payload: JWTPayload): StaffPrincipal => {
  const claims = staffClaimsSchema.parse(payload);
  return {
    sub: claims.sub,
    org: claims.org,
    roles: [...new Set(claims.roles)],
    ...nameClaimOf(payload),
  };
};

type VerifyWith = (token: string, options: JWTVerifyOptions) => Promise<{ payload: JWTPayload }>;

/** Verifies with jose, remembering each token accepted (verified-tokens.ts: never past its `exp`). */
const makeVerifier = (verifyWith: VerifyWith, config: VerifyConfig): StaffVerifier =>
  rememberingVerifiedTokens(async (token) => {
    try {
      // No `currentDate`: jose checks against the real time, on purpose (see the file header).
      const { payload } = await verifyWith(token, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: [...config.algorithms],
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      // `exp` is a required claim, checked by jose to be a number.
      return { principal: toPrincipal(payload), expiresAtMs: (payload.exp ?? 0) * 1000 };
    } catch (cause) {
      throw new UnauthorizedError({ cause });
    }
  });

const requireNonEmpty = (name: string, value: string): void => {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} is required`);
};

/** Verifies tokens of the local issuer (ES256, one public key). */
export const createLocalStaffVerifier = (config: {
  readonly publicJwk: JWK;
  readonly issuer: string;
  readonly audience: string;
}): StaffVerifier => {
  requireNonEmpty('issuer', config.issuer);
  requireNonEmpty('audience', config.audience);
  if ('d' in config.publicJwk) throw new TypeError('publicJwk must be a public key');
  let key: ReturnType<typeof importJWK> | undefined;
  const verifyWith: VerifyWith = async (token, options) => {
    key ??= importJWK(config.publicJwk, LOCAL_ISSUER_ALG);
    return jwtVerify(token, await key, options);
  };
  return makeVerifier(verifyWith, { ...config, algorithms: [LOCAL_ISSUER_ALG] });
};

/**
 * Verifies tokens of a JWKS issuer (Cognito by default: RS256). The key set is made once and caches
 * its keys (jose refetches on an unknown `kid`, with a cooldown); it is fetched over `node:https`
 * (jwks-fetch.ts).
 */
export const createJwksStaffVerifier = (config: {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** @default ['RS256'] */
  readonly algorithms?: readonly string[];
}): StaffVerifier => {
  requireNonEmpty('issuer', config.issuer);
  requireNonEmpty('audience', config.audience);
  const algorithms = config.algorithms ?? ['RS256'];
  if (algorithms.length === 0 || algorithms.some((a) => !ASYMMETRIC_ALGS.has(a))) {
    throw new TypeError('algorithms must be a non-empty list of asymmetric JWS algorithms');
  }
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { [customFetch]: fetchJwksOverNode });
  // Fetched now, while the function finishes starting, instead of by the first request. If it fails,
  // the first verification fetches again (and that request is refused if the issuer stays unreachable).
  jwks.reload().catch(() => undefined);
  return makeVerifier((token, options) => jwtVerify(token, jwks, options), {
    issuer: config.issuer,
    audience: config.audience,
    algorithms,
  });
};

/** Signs a staff token with the local issuer's private key (for `npm run token` and tests). */
export const signLocalStaffToken = async (
  issuer: { readonly privateJwk: JWK; readonly issuer: string; readonly audience: string },
  claims: {
    readonly sub: string;
    readonly org: string;
    readonly roles: readonly string[];
    readonly name?: string;
  },
  ttlSeconds: number = DEFAULT_LOCAL_TOKEN_TTL_SECONDS,
): Promise<string> => {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new RangeError('ttlSeconds must be a positive integer');
  const parsed = staffClaimsSchema.parse(claims);
  const key = await importJWK(issuer.privateJwk, LOCAL_ISSUER_ALG);
  return new SignJWT({
    org: parsed.org,
    roles: parsed.roles,
    ...(claims.name ? { name: claims.name } : {}),
  })
    .setProtectedHeader({
      alg: LOCAL_ISSUER_ALG,
      typ: 'JWT',
      ...(issuer.privateJwk.kid ? { kid: issuer.privateJwk.kid } : {}),
    })
    .setSubject(parsed.sub)
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
};

/** A fresh ES256 key pair for the local issuer, as JWKs (`kid` is the RFC 7638 thumbprint). */
export const generateIssuerKey = async (): Promise<{ privateJwk: JWK; publicJwk: JWK }> => {
  const { privateKey, publicKey } = await generateKeyPair(LOCAL_ISSUER_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const common = { alg: LOCAL_ISSUER_ALG, use: 'sig', kid };
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...common },
    publicJwk: { ...publicJwk, ...common },
  };
};
