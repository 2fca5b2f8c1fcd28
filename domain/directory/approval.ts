import type { EventOf } from '../../events/catalog.ts';
import type { Caller } from '../caller.ts';
import { checkIfMatch, refuse } from '../errors.ts';
import type { Actor, Instant } from '../referral/model.ts';
import { without } from '../referral/transition.ts';
import type { DirectoryDeps } from './change-specialist.ts';
import { normalisedEmail, type Specialist, specialistVersion } from './model.ts';

/*
 * The directory's governance: who vets an entry before offers reach it, and who confirms its address.
 *
 * An entry is the way into people's data (an offer shows the minimum a referral shares, an accepted one
 * sends an accompanier there), so what decides who gets offers and where people are sent waits for an
 * admin: a new entry, and a change of its email, country or practice. Approving is the network's
 * admins' (the admin role keeps the directory of the whole network, PRODUCT.md), whatever organisation
 * recruited the entry, and one approval holds for the network: the directory is shared, and the
 * country rule (matching) already keeps a specialist to the referrals of their country. The admin who
 * made the change may not approve it: it takes two people, so that one stolen or careless account cannot
 * put a specialist in front of the network's referrals. Independently, the specialist confirms from an
 * emailed link that the address reaches them; a new address needs a new confirmation.
 */

/** The fields whose change waits for an admin: where offers go, where people are seen and sent. */
export const VETTED_FIELDS = ['email', 'country', 'practice'] as const;

/** Those of {@link VETTED_FIELDS} that differ between two versions of an entry (email: ignoring case). */
export function vettedChanges(before: Specialist, after: Specialist): (typeof VETTED_FIELDS)[number][] {
  return VETTED_FIELDS.filter((field) =>
    field === 'email'
      ? normalisedEmail(before.email) !== normalisedEmail(after.email)
      : before[field] !== after[field],
  );
}

/**
 * The entry as it is kept after a change by `by` (a staff sub): a new entry, or one whose email,
 * country or practice changed, waits for approval; a new entry, or a new address, waits for the
 * specialist's confirmation (a fresh `confirmationId`). Anything else keeps the entry's standing.
 */
export function governed(
  before: Specialist | undefined,
  after: Specialist,
  by: string,
  newId: () => string,
): Specialist {
  const vetted = before ? vettedChanges(before, after) : VETTED_FIELDS;
  if (vetted.length === 0) return after;
  const readdressed = vetted.includes('email');
  return {
    ...after,
    approval: 'pending',
    approvalRequestedBy: by,
    ...(readdressed ? { addressConfirmed: false, confirmationId: newId() } : {}),
  };
}

/** The event that sends the specialist a link to confirm their address, when one is to be sent. */
export function addressToConfirm(
  before: Specialist | undefined,
  after: Specialist,
  actor: Actor,
  at: Instant,
  newId: () => string,
): EventOf<'specialist.address_to_confirm'>[] {
  if (after.confirmationId === undefined || after.confirmationId === before?.confirmationId) return [];
  return [
    {
      id: newId(),
      type: 'specialist.address_to_confirm',
      version: 1,
      at,
      referralId: after.id,
      org: after.organisation ?? 'network',
      actor: { role: actor.role, id: actor.id },
      data: { specialistId: after.id, confirmationId: after.confirmationId },
    },
  ];
}

/**
 * `POST /v1/specialists/{id}/approve`: an admin of the network approves an entry waiting for it (any
 * organisation's). Approving an approved entry changes nothing. The admin who made the change waiting
 * may not approve it (403). With `If-Match`, an entry changed since it was read is a 409: the admin
 * approves what they looked at.
 */
export async function approveSpecialist(
  deps: DirectoryDeps,
  caller: Caller,
  id: string,
  ifMatch?: number,
): Promise<Specialist> {
  if (!caller.roles.includes('admin')) return refuse('not_found', 'No such specialist.');
  const s = await deps.specialists.get(id);
  if (!s) return refuse('not_found', 'No such specialist.');
  const version = specialistVersion(s);
  checkIfMatch(ifMatch, version, 'specialist');
  if (s.approval !== 'pending') return s;
  if (s.approvalRequestedBy === caller.sub) {
    return refuse(
      'forbidden',
      'A change to the directory is approved by another admin than the one who made it.',
    );
  }
  const next: Specialist = {
    ...without(s, 'approvalRequestedBy'),
    approval: 'approved',
    version: version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.specialists.save(next, version);
  return next;
}
