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
  pageSessionsPart,
  referralStorePart,
  signInPart,
  specialistLoadPart,
  specialistsPart,
  staffSeenPart,
  statsReaderPart,
  verifyStaffPart,
} from '../lib/compose.ts';

/**
 * The parts of the dependencies the staff pages use (functions/lib/compose.ts): the web function is
 * built with these alone. All but the sweep's due index and the link tokens (the link pages' and the
 * emails'). The typechecker holds the list to the app: a page that reached for another part would not
 * compile.
 */
export const PAGES_PARTS = {
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
  pageSessions: pageSessionsPart,
  signIn: signInPart,
};

/** What the staff pages are given. */
export type PagesAppDeps = DepsOf<typeof PAGES_PARTS>;
