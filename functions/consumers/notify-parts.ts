import {
  type DepsOf,
  linkTokensPart,
  notificationsPart,
  offerMailsPart,
  organisationsPart,
  referralStorePart,
  specialistLoadPart,
  specialistsPart,
} from '../lib/compose.ts';

/**
 * The parts of the dependencies the notify consumers use (functions/lib/compose.ts): the notify
 * function is built with these alone (its bundle holds no other store), the one-machine runtime passes
 * all of them. The typechecker holds the list to the consumers: one that reached for another store would
 * not compile.
 */
export const NOTIFY_PARTS = {
  store: referralStorePart,
  specialists: specialistsPart,
  organisations: organisationsPart,
  // The staff's feed notes beside their emails, and the specialists' load that says who is asked next.
  notifications: notificationsPart,
  specialistLoad: specialistLoadPart,
  // Each specialist email's link, signed.
  linkTokens: linkTokensPart,
  // Which offers' emails went out, so that only their specialists hear the offer ended.
  offerMails: offerMailsPart,
};

/** What the notify consumers are given. */
export type NotifyDeps = DepsOf<typeof NOTIFY_PARTS>;
