import { type DepsOf, pageSessionsPart, signInPart } from '../lib/compose.ts';
import { API_PARTS } from './api-parts.ts';

/**
 * The parts of the dependencies the staff pages use (functions/lib/compose.ts), the web function's: the
 * JSON API's (api-parts.ts, one list for both staff apps) and the pages' own sessions and sign-in. The
 * typechecker holds the list to the app: a page that reached for another part would not compile.
 */
export const PAGES_PARTS = {
  ...API_PARTS,
  pageSessions: pageSessionsPart,
  signIn: signInPart,
};

/** What the staff pages are given. */
export type PagesAppDeps = DepsOf<typeof PAGES_PARTS>;
