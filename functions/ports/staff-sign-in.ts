import type { StaffPrincipal } from './staff.ts';

/**
 * Signing staff in with their identity provider: OpenID Connect's authorization code flow with PKCE
 * (S256), `state` and `nonce`. The adapter (functions/adapters/oidc) speaks to the configured issuer;
 * the pages (functions/http/pages/session.ts) only see these steps.
 */

/** What a sign-in or a refresh yields: who it is (from the verified ID token) and until when. */
export interface SignInTokens {
  readonly principal: StaffPrincipal;
  /** The ID token's `exp` (epoch seconds). */
  readonly expiresAt: number;
  /** The provider's refresh token, when it gave one: kept server side only (page-sessions.ts). */
  readonly refreshToken?: string;
}

export interface OidcSignIn {
  /** The provider's authorization URL for one sign-in attempt. */
  authorizationUrl(input: {
    readonly state: string;
    readonly nonce: string;
    readonly codeChallenge: string;
  }): Promise<string>;
  /**
   * Exchanges the code the provider sent back (with the PKCE verifier) and verifies the ID token: `iss`,
   * `aud`, `exp`, `nonce`, pinned algorithms, the staff claims. Rejects on anything not valid.
   */
  exchangeCode(input: {
    readonly code: string;
    readonly codeVerifier: string;
    readonly nonce: string;
  }): Promise<SignInTokens>;
  /** A fresh ID token (roles and organisation read again) for a refresh token; rejects when refused. */
  refresh(refreshToken: string): Promise<SignInTokens>;
  /** Where to send the browser to end the provider's own session too; undefined when it has none. */
  endSessionUrl(): Promise<string | undefined>;
}

/** One sign-in attempt between leaving for the provider and coming back. */
export interface SignInFlow {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The page to land on afterwards (already checked to be one of ours). */
  readonly next?: string;
}

/**
 * The attempts under way, each bound to the browser that started it: `begin` answers an opaque id the
 * browser keeps in a short-lived cookie; `take` gives the attempt back once, and never after its few
 * minutes are over.
 */
export interface SignInFlows {
  begin(flow: SignInFlow): Promise<string>;
  take(id: string): Promise<SignInFlow | undefined>;
}
