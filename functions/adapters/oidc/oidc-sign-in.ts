/**
 * OpenID Connect sign-in against the configured issuer (the Cognito hosted UI by default; any provider
 * that publishes `/.well-known/openid-configuration`): the authorization code flow with PKCE (S256),
 * `state` and `nonce`, a confidential client when given a secret (client_secret_basic), a public one
 * otherwise. The ID token is verified with jose against the provider's JWKS: pinned asymmetric
 * algorithms, `iss`, `aud` (the client id), `exp`, `nonce`, then the staff claims (`org`, `roles`) as
 * the API reads them (staff-tokens.ts). Every request to the provider goes through `requestOverNode`
 * (outbound/node-request.ts: no undici in the web function's cold start, a size cap, a timeout, no
 * redirect followed: a redirect is refused as any answer but 2xx is).
 */
import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose';
import * as z from 'zod/mini';
import { lazilyRetried } from '../../../events/lazy-schema.ts';
import type { OidcSignIn, SignInTokens } from '../../ports/staff-sign-in.ts';
import { requestOverNode } from '../outbound/node-request.ts';
import { fetchJwksOverNode } from '../tokens/jwks-fetch.ts';
import { CLOCK_TOLERANCE_SECONDS, nameClaimOf, staffClaimsSchema } from '../tokens/staff-tokens.ts';

export interface OidcSignInConfig {
  /** The issuer (`iss`), whose discovery document is fetched from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** Only for providers that insist on a confidential client; PKCE protects the code either way. */
  readonly clientSecret?: string;
  /** `<public URL>/app/sign-in/callback`, registered with the provider. */
  readonly redirectUri: string;
  /** Where the provider sends the browser after signing out (`<public URL>/app/sign-in`). */
  readonly postLogoutRedirectUri: string;
  /** @default ['openid', 'email'] */
  readonly scopes?: readonly string[];
  /** @default ['RS256'] */
  readonly algorithms?: readonly string[];
  /**
   * Cognito's sign-out endpoint (`https://<domain>/logout`), which its discovery document does not
   * publish: it takes `client_id` and `logout_uri`. Without it, the discovered `end_session_endpoint`
   * is used (RP-initiated logout: `client_id`, `post_logout_redirect_uri`).
   */
  readonly logoutUrl?: string;
}

const discoverySchema = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  end_session_endpoint: z.optional(z.url()),
});

const tokenResponse = z.looseObject({
  id_token: z.string().check(z.minLength(1)),
  refresh_token: z.optional(z.string().check(z.minLength(1))),
});

export function createOidcSignIn(config: OidcSignInConfig): OidcSignIn {
  const algorithms = [...(config.algorithms ?? ['RS256'])];
  const scopes = config.scopes ?? ['openid', 'email'];
  // A failed discovery is tried again by the next sign-in rather than remembered.
  const discovery = lazilyRetried(async () => {
    const url = `${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await requestOverNode(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`OIDC discovery failed: ${response.status}`);
    const doc = discoverySchema.parse(response.json());
    // A document that names another issuer is not this provider's (OIDC Discovery §4.3).
    if (doc.issuer !== config.issuer) throw new Error('OIDC discovery names another issuer');
    return { doc, jwks: createRemoteJWKSet(new URL(doc.jwks_uri), { [customFetch]: fetchJwksOverNode }) };
  });

  const tokens = async (form: Record<string, string>, nonce?: string): Promise<SignInTokens> => {
    const { doc, jwks } = await discovery();
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const body = new URLSearchParams(form);
    if (config.clientSecret) {
      const basic = `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`;
      headers['authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      body.set('client_id', config.clientId);
    }
    const response = await requestOverNode(doc.token_endpoint, {
      method: 'POST',
      headers,
      body: body.toString(),
    });
    if (!response.ok) throw new Error(`token endpoint refused: ${response.status}`);
    const answer = tokenResponse.parse(response.json());
    const { payload } = await jwtVerify(answer.id_token, jwks, {
      issuer: config.issuer,
      audience: config.clientId,
      algorithms,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    checkNonce(payload, nonce);
    const claims = staffClaimsSchema.parse(payload);
    return {
      principal: {
        sub: claims.sub,
        org: claims.org,
        roles: [...new Set(claims.roles)],
        ...nameClaimOf(payload),
      },
      expiresAt: payload.exp!,
      ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    };
  };

  return {
    async authorizationUrl({ state, nonce, codeChallenge }) {
      const { doc } = await discovery();
      const url = new URL(doc.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        scope: scopes.join(' '),
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      }).toString();
      return url.toString();
    },
    exchangeCode: ({ code, codeVerifier, nonce }) =>
      tokens(
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: config.redirectUri,
          code_verifier: codeVerifier,
        },
        nonce,
      ),
    refresh: (refreshToken) => tokens({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    async endSessionUrl() {
      if (config.logoutUrl) {
        const url = new URL(config.logoutUrl);
        url.search = new URLSearchParams({
          client_id: config.clientId,
          logout_uri: config.postLogoutRedirectUri,
        }).toString();
        return url.toString();
      }
      const { doc } = await discovery();
      if (!doc.end_session_endpoint) return undefined;
      const url = new URL(doc.end_session_endpoint);
      url.search = new URLSearchParams({
        client_id: config.clientId,
        post_logout_redirect_uri: config.postLogoutRedirectUri,
      }).toString();
      return url.toString();
    },
  };
}

/**
 * The sign-in's ID token must carry the nonce this attempt sent; a refreshed one (no nonce expected)
 * may carry the original one or none (OIDC Core §12.2).
 */
function checkNonce(payload: JWTPayload, nonce: string | undefined): void {
  if (nonce !== undefined && payload['nonce'] !== nonce) throw new Error('ID token nonce mismatch');
}
