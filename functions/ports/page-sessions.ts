import type { StaffPrincipal } from './staff.ts';

/**
 * The staff pages' server-side sessions. Signing in exchanges the bearer token for one: the browser
 * then holds only an opaque id, the token itself is kept nowhere, and signing out deletes the session
 * so a copied cookie is worth nothing afterwards.
 */
export interface PageSessions {
  /**
   * Opens a session for `principal`, never to outlive its token (`tokenExpiresAt`, epoch seconds).
   * Resolves to the opaque id the cookie carries.
   */
  open(principal: StaffPrincipal, tokenExpiresAt: number): Promise<string>;
  /**
   * The signed-in staff member of a live session, its idle deadline pushed back (sliding); undefined
   * when the id names no session, or one that expired (idle, or its token's expiry passed).
   */
  resume(id: string): Promise<StaffPrincipal | undefined>;
  /** Ends a session (signing out); ending one that is gone is not an error. */
  close(id: string): Promise<void>;
}

/** What a session holds: who signed in, and until when their token was good. Never the token. */
export interface PageSessionRecord {
  readonly sub: string;
  readonly org: string;
  readonly roles: StaffPrincipal['roles'];
  /** The token's `exp` (epoch seconds): the session ends then at the latest. */
  readonly tokenExpiresAt: number;
  /** When it was opened (epoch seconds). */
  readonly openedAt: number;
}
