import {
  accessLogPart,
  type DepsOf,
  directoryLogPart,
  erasurePart,
  escalationsPart,
  linkPostsPart,
  notificationReadsPart,
  notificationsPart,
  organisationsPart,
  referralStorePart,
  specialistLoadPart,
  specialistsPart,
  staffSeenPart,
  statsReaderPart,
  verifyStaffPart,
} from '../lib/compose.ts';

/**
 * The parts of the dependencies the JSON API uses (functions/lib/compose.ts): the api function is built
 * with these alone. All but the pages' own (their sessions and sign-in, in the web function) and the
 * sweep's due index. The typechecker holds the list to the app: a route that reached for another part
 * would not compile.
 */
export const API_PARTS = {
  store: referralStorePart,
  erasure: erasurePart,
  specialists: specialistsPart,
  organisations: organisationsPart,
  notifications: notificationsPart,
  notificationReads: notificationReadsPart,
  specialistLoad: specialistLoadPart,
  escalations: escalationsPart,
  accessLog: accessLogPart,
  directoryLog: directoryLogPart,
  stats: statsReaderPart,
  linkPosts: linkPostsPart,
  staffSeen: staffSeenPart,
  verifyStaff: verifyStaffPart,
};

/** What the JSON API is given. */
export type ApiAppDeps = DepsOf<typeof API_PARTS>;
