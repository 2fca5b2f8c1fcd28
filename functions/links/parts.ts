import {
  accessLogPart,
  type DepsOf,
  directoryLogPart,
  escalationsPart,
  linkPostsPart,
  linkTokensPart,
  organisationsPart,
  referralStorePart,
  specialistLoadPart,
  specialistsPart,
} from '../lib/compose.ts';

/**
 * The parts of the dependencies the link app uses (functions/lib/compose.ts): the links function is
 * built with these alone (its bundle holds no other store), the one-machine runtime passes all of them.
 * The typechecker holds the list to the app: a route that reached for another store would not compile.
 */
export const LINK_PARTS = {
  // The use cases (lib/use-case-deps.ts): the referral, the board, matching the next candidates.
  store: referralStorePart,
  escalations: escalationsPart,
  specialists: specialistsPart,
  specialistLoad: specialistLoadPart,
  organisations: organisationsPart,
  // The link's token, verified (and a new one signed where a page links on).
  linkTokens: linkTokensPart,
  // Each answer is counted against the link's retry limit, and on record (access-recording.ts).
  linkPosts: linkPostsPart,
  accessLog: accessLogPart,
  directoryLog: directoryLogPart,
};

/** What the link app is given. */
export type LinkAppDeps = DepsOf<typeof LINK_PARTS>;
