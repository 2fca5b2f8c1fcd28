import type { StaffPrincipal } from './staff.ts';

/**
 * The staff pages' server-side sessions. Signing in (with the provider, or a pasted token) opens one:
 * the browser then holds only an opaque id, the ID token is kept nowhere, and signing out ends the
 * session so a copied cookie is worth nothing afterwards.
 *
 * A session opened with the provider's refresh token outlives its ID token: while it is in use the
 * pages refresh it (roles and organisation read again from the new ID token). The refresh token is
 * stored encrypted with a key derived from the session's id, which only the browser's cookie holds
 * (the table keeps a digest of it): whoever reads the table cannot use it.
 */
export interface PageSessions {
  /**
   * Opens a session for `principal`. Without a refresh token it never outlives its token
   * (`tokenExpiresAt`, epoch seconds); with one it lasts while in use, up to a maximum age.
   * Resolves to the opaque id the cookie carries.
   */
  open(principal: StaffPrincipal, tokenExpiresAt: number, refreshToken?: string): Promise<string>;
  /**
   * The live session of `id`, its idle deadline pushed back (sliding); undefined when the id names no
   * session, or one that ended (idle, signed out, its token expired with nothing to refresh it).
   */
  resume(id: string): Promise<ResumedSession | undefined>;
  /**
   * Replaces a session's principal and token expiry after a refresh (and its refresh token, when the
   * provider rotated it). False when the session ended meanwhile.
   */
  renew(
    id: string,
    principal: StaffPrincipal,
    tokenExpiresAt: number,
    refreshToken?: string,
  ): Promise<boolean>;
  /** Ends a session (signing out); ending one that is gone is not an error. */
  close(id: string): Promise<void>;
}

export interface ResumedSession {
  readonly principal: StaffPrincipal;
  /** The ID token's `exp` (epoch seconds) the session currently rests on. */
  readonly tokenExpiresAt: number;
  /** The refresh token, decrypted: present only when the session can be refreshed. */
  readonly refreshToken?: string;
}

/** What a session holds: who signed in, and until when their token was good. Never the token. */
export interface PageSessionRecord {
  readonly sub: string;
  readonly org: string;
  readonly roles: StaffPrincipal['roles'];
  /** The token's `exp` (epoch seconds): without a refresh token, the session ends then at the latest. */
  readonly tokenExpiresAt: number;
  /** When it was opened (epoch seconds). */
  readonly openedAt: number;
}
