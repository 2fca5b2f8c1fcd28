import { randomUUID } from 'node:crypto';
import {
  type CryptoKey,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  jwtVerify,
  SignJWT,
} from 'jose';
import * as z from 'zod/mini';
import { lazySchema } from '../../../events/lazy-schema.ts';

/**
 * Specialist link tokens: capabilities that name one offer of one referral, carried in the link of an
 * email. Whoever holds the link may answer that offer, so the token is signed asymmetrically (the
 * verification keys can be handed out without letting anyone mint links), the algorithm is pinned, and
 * the audience, purpose and expiry are all checked before anything is trusted.
 */

/** The only algorithm we sign with and the only one we accept. */
export const LINK_ALGORITHM = 'ES256';
export const LINK_AUDIENCE = 'relais:offer-link';
export const LINK_ISSUER = 'relais';
/** Explicit typing (RFC 8725 §3.11) so that no other JWT of ours can be replayed as a link. */
export const LINK_TOKEN_TYPE = 'relais-link+jwt';
/** Allowed skew between the signer's and the verifier's clocks. */
export const LINK_CLOCK_TOLERANCE_SECONDS = 5;
/** Longer than any token we sign; anything bigger is refused before parsing. */
const MAX_TOKEN_LENGTH = 2048;

/**
 * `offer` and `outcome` links name an offer (`sub`) of a referral (`ref`); an `address` link names a
 * specialist (`sub`) and the confirmation of their address it was sent for (`ref`).
 */
export const LINK_PURPOSES = ['offer', 'outcome', 'address'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** What a verified link token says. */
export interface LinkClaims {
  readonly purpose: LinkPurpose;
  /** `sub`: the offer this link answers. */
  readonly offerId: string;
  /** `ref`: the referral the offer belongs to. */
  readonly referralId: string;
  /** Unique per token: lets the use of a link be recorded so it works once. */
  readonly jti: string;
  readonly expiresAt: Date;
  readonly issuedAt: Date;
  /** The key that signed it (useful in logs during a rotation). */
  readonly kid: string;
}

export type LinkTokenFailure = 'expired' | 'invalid';

/**
 * Why a link token was refused. `expired` only when the signature and every claim are good but `exp`
 * has passed; anything else is `invalid`, and says nothing more (the page shown is the same).
 */
export class LinkTokenError extends Error {
  constructor(readonly reason: LinkTokenFailure) {
    super(reason === 'expired' ? 'The link has expired' : 'The link is not valid');
    this.name = 'LinkTokenError';
  }
}

const ecCoordinates = {
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().check(z.minLength(1)),
  y: z.string().check(z.minLength(1)),
};
const PrivateJwk = z.object({ ...ecCoordinates, d: z.string().check(z.minLength(1)) });
const PublicJwk = z.object(ecCoordinates);
const Kid = z.string().check(z.minLength(1), z.maxLength(128));

/**
 * The link keys as the secret holds them (read by functions/lib/lambda-deps.ts, rotated by
 * infra/tools/link-keys.ts): the signing key and the keys whose links must still verify, each checked
 * as an EC P-256 JWK of the right kind. A JWK's other members (`kid`, `alg`, `use`) are kept, so a
 * rotation writes the old keys back as they were.
 */
export const linkKeysSchema = z.object({
  signingKey: z.object({ kid: Kid, privateJwk: z.looseObject(PrivateJwk.shape) }),
  verificationKeys: z
    .array(z.object({ kid: Kid, publicJwk: z.looseObject(PublicJwk.shape) }))
    .check(z.minLength(1)),
});

export interface SigningKeyConfig {
  readonly kid: string;
  /** An EC P-256 private JWK (with `d`). */
  readonly privateJwk: JWK;
}

export interface VerificationKeyConfig {
  readonly kid: string;
  /** An EC P-256 public JWK; a private part, if present, is ignored. */
  readonly publicJwk: JWK;
}

export interface LinkTokensConfig {
  readonly signingKey: SigningKeyConfig;
  /**
   * Keys that links may be signed with: the current one and the ones before it, so that links sent
   * before a rotation keep working until they expire. The public half of the signing key is added when
   * its kid is not listed.
   */
  readonly verificationKeys: readonly VerificationKeyConfig[];
}

export interface SignLinkInput {
  readonly purpose: LinkPurpose;
  readonly offerId: string;
  readonly referralId: string;
  /** Offer links: the offer's deadline. Outcome links: a week after the appointment. */
  readonly expiresAt: Date;
  /** The service clock, for `iat` (defaults to the real time). */
  readonly now?: Date;
}

export interface VerifyLinkOptions {
  /** The purpose the route expects: an outcome link is not an offer link. */
  readonly purpose: LinkPurpose;
  /** The service clock (it can be moved in local mode); defaults to the real time. */
  readonly now?: Date;
}

export interface LinkTokens {
  sign(input: SignLinkInput): Promise<string>;
  /** Resolves with the claims, or rejects with a {@link LinkTokenError}. */
  verify(token: string, options: VerifyLinkOptions): Promise<LinkClaims>;
}

/**
 * Link tokens whose keys are still being read (a Lambda function asks Secrets Manager at cold start
 * and does not wait for the answer there): each call waits for them, made into {@link createLinkTokens}
 * once. A key read that failed fails every call, with its own message.
 */
export function linkTokensOnceRead(config: Promise<LinkTokensConfig>): LinkTokens {
  const tokens = config.then(createLinkTokens);
  // Observed now: a function that never signs or verifies must not crash on an unawaited rejection.
  tokens.catch(() => undefined);
  return {
    sign: async (input) => (await tokens).sign(input),
    verify: async (token, options) => (await tokens).verify(token, options),
  };
}

const Claims = lazySchema(() =>
  z.object({
    iss: z.literal(LINK_ISSUER),
    sub: z.string().check(z.minLength(1), z.maxLength(200)),
    ref: z.string().check(z.minLength(1), z.maxLength(200)),
    purpose: z.enum(LINK_PURPOSES),
    jti: z.string().check(z.minLength(1), z.maxLength(200)),
    exp: z.int(),
    iat: z.int(),
  }),
);

/**
 * Makes the signer and verifier of link tokens from configured keys. Keys are checked here (fail fast
 * at start) and imported once, lazily.
 */
export function createLinkTokens(config: LinkTokensConfig): LinkTokens {
  const signingKid = Kid.parse(config.signingKey.kid);
  const signingJwk = parseJwk(PrivateJwk, config.signingKey.privateJwk, signingKid);
  const publicJwks = new Map<string, JWK>();
  for (const key of config.verificationKeys) {
    const kid = Kid.parse(key.kid);
    if (publicJwks.has(kid)) throw new Error(`Link verification key "${kid}" is configured twice`);
    const { kty, crv, x, y } = parseJwk(PublicJwk, key.publicJwk, kid);
    publicJwks.set(kid, { kty, crv, x, y });
  }
  if (!publicJwks.has(signingKid)) {
    const { kty, crv, x, y } = signingJwk;
    publicJwks.set(signingKid, { kty, crv, x, y });
  }

  let privateKey: Promise<CryptoKey> | undefined;
  const publicKeys = new Map<string, Promise<CryptoKey>>();
  const publicKey = (kid: string): Promise<CryptoKey> => {
    let key = publicKeys.get(kid);
    if (!key) {
      const jwk = publicJwks.get(kid);
      if (!jwk) return Promise.reject(new LinkTokenError('invalid'));
      key = importJWK(jwk, LINK_ALGORITHM) as Promise<CryptoKey>;
      publicKeys.set(kid, key);
    }
    return key;
  };

  return {
    async sign({ purpose, offerId, referralId, expiresAt, now }) {
      const exp = Math.floor(expiresAt.getTime() / 1000);
      const iat = Math.floor((now ?? new Date()).getTime() / 1000);
      if (!Number.isFinite(exp) || !Number.isFinite(iat)) throw new TypeError('Invalid link token dates');
      if (!LINK_PURPOSES.includes(purpose)) throw new TypeError('Invalid link token purpose');
      if (!offerId || !referralId) throw new TypeError('A link token names an offer and a referral');
      privateKey ??= importJWK(signingJwk, LINK_ALGORITHM) as Promise<CryptoKey>;
      return new SignJWT({ purpose, ref: referralId })
        .setProtectedHeader({ alg: LINK_ALGORITHM, kid: signingKid, typ: LINK_TOKEN_TYPE })
        .setIssuer(LINK_ISSUER)
        .setAudience(LINK_AUDIENCE)
        .setSubject(offerId)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(await privateKey);
    },

    async verify(token, { purpose, now }) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw new LinkTokenError('invalid');
      }
      let kid: string;
      try {
        const header = decodeProtectedHeader(token);
        if (header.alg !== LINK_ALGORITHM || typeof header.kid !== 'string') throw new Error('header');
        kid = header.kid;
      } catch {
        throw new LinkTokenError('invalid');
      }
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => publicKey(header.kid ?? ''), {
          algorithms: [LINK_ALGORITHM],
          audience: LINK_AUDIENCE,
          issuer: LINK_ISSUER,
          typ: LINK_TOKEN_TYPE,
          requiredClaims: ['sub', 'jti', 'exp', 'iat'],
          currentDate: now ?? new Date(),
          clockTolerance: LINK_CLOCK_TOLERANCE_SECONDS,
        }));
      } catch (error) {
        // jose checks exp only after the signature, typ, iss and aud: an expired token is otherwise
        // genuine. It still has to be a link of the expected purpose to be reported as "expired".
        if (error instanceof errors.JWTExpired && readClaims(error.payload, purpose)) {
          throw new LinkTokenError('expired');
        }
        throw new LinkTokenError('invalid');
      }
      const claims = readClaims(payload, purpose);
      if (!claims) throw new LinkTokenError('invalid');
      return {
        purpose: claims.purpose,
        offerId: claims.sub,
        referralId: claims.ref,
        jti: claims.jti,
        expiresAt: new Date(claims.exp * 1000),
        issuedAt: new Date(claims.iat * 1000),
        kid,
      };
    },
  };
}

function readClaims(payload: unknown, purpose: LinkPurpose): z.infer<typeof Claims> | undefined {
  const parsed = Claims.safeParse(payload);
  return parsed.success && parsed.data.purpose === purpose ? parsed.data : undefined;
}

function parseJwk<S extends z.ZodMiniType>(schema: S, jwk: unknown, kid: string): z.infer<S> {
  const parsed = schema.safeParse(jwk);
  // Never echo the key material: say which key and what is expected.
  if (!parsed.success) throw new Error(`Link key "${kid}" is not an EC P-256 JWK of the expected kind`);
  return parsed.data;
}

/** A fresh key pair for link tokens, as JWKs (local first start, or a rotation). */
export async function generateLinkKey(kid: string): Promise<{
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}> {
  Kid.parse(kid);
  const { privateKey, publicKey } = await generateKeyPair(LINK_ALGORITHM, { extractable: true });
  const meta = { kid, alg: LINK_ALGORITHM, use: 'sig' };
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
  };
}
