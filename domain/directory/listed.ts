import type { Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { isAddressConfirmed, isApproved, type Specialist } from './model.ts';

/** Pending: waiting for an admin's approval or for the specialist to confirm their address. */
export const isPending = (s: Specialist): boolean => !isApproved(s) || !isAddressConfirmed(s);

/**
 * Whether reading the directory lists an entry to `viewer` (`GET /v1/specialists`, `/app/directory`): an
 * entry still pending is listed to its own organisation and to admins only, every other entry to every
 * reader of the directory (it is shared for matching).
 */
export const isListedTo = (s: Specialist, viewer: Caller): boolean =>
  !isPending(s) || s.organisation === viewer.org || viewer.roles.includes('admin');

/**
 * An entry read by its id (`GET /v1/specialists/{id}`, `/app/directory/{id}` and its forms), under the
 * rule the list follows: one the directory would not list to `viewer` (another organisation's pending
 * entry) is not found (404), as if it did not exist, so that its id tells nothing the list hides.
 */
export function listedEntry(s: Specialist | undefined, viewer: Caller): Specialist {
  if (s === undefined || !isListedTo(s, viewer)) return refuse('not_found', 'No such specialist.');
  return s;
}
