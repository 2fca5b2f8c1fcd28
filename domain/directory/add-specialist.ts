import type { Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import { addressToConfirm, governed } from './approval.ts';
import { type DirectoryDeps, directoryActor, mayChangeSpecialist } from './change-specialist.ts';
import type { Specialist } from './model.ts';

/** What `POST /v1/specialists` is given. */
export type NewSpecialist = Omit<
  Specialist,
  | 'id'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
  | 'active'
  | 'approval'
  | 'approvalRequestedBy'
  | 'addressConfirmed'
  | 'confirmationId'
> & {
  readonly active?: boolean | undefined;
};

export interface AddSpecialistRequest {
  readonly input: NewSpecialist;
  /** The id to create under; derived from the Idempotency-Key when one was sent. */
  readonly id: string;
  readonly idempotent: boolean;
}

/**
 * `POST /v1/specialists`: adds an entry belonging to the caller's organisation (an admin may name
 * another), claiming its email in the same write (409 when another specialist has it). It waits for an
 * admin's approval and for the specialist to confirm their address from the link emailed to them
 * (approval.ts) before any offer reaches it. With an
 * Idempotency-Key, a repeat of the same request returns the entry created the first time; the same key
 * with another request is refused (422), as for referrals.
 */
export async function addSpecialist(
  deps: DirectoryDeps,
  caller: Caller,
  req: AddSpecialistRequest,
): Promise<{ specialist: Specialist; created: boolean }> {
  const organisation = req.input.organisation ?? caller.org;
  // Naming an organisation the caller may not look after is not allowed (403), as asking for another
  // organisation's board or figures is: there is no entry yet whose existence a 404 would hide.
  if (!mayChangeSpecialist(caller, { organisation })) {
    refuse('forbidden', 'You cannot add to another organisation’s directory.');
  }
  const now = deps.clock.now().toISOString();
  const entry: Specialist = {
    ...req.input,
    organisation,
    active: req.input.active ?? true,
    id: req.id,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const s = governed(undefined, entry, caller.sub, deps.newId);
  const events = addressToConfirm(undefined, s, directoryActor(caller), now, deps.newId);
  if ((await deps.specialists.create(s, events)) === 'created') return { specialist: s, created: true };
  const existing = await deps.specialists.get(req.id);
  if (!req.idempotent || !existing) return refuse('conflict', 'A specialist with this id exists already.');
  if (!sameRequest(existing, s)) {
    return refuse('invalid_state', 'This Idempotency-Key was already used with a different request.');
  }
  return { specialist: existing, created: false };
}

/** The same entry asked for again: every field given at creation as it was then. */
function sameRequest(existing: Specialist, asked: Specialist): boolean {
  const fields = (s: Specialist) =>
    JSON.stringify([
      s.kind,
      s.displayName,
      s.email.toLowerCase(),
      s.specialty,
      s.organisation,
      s.practice,
      s.country,
      s.languages,
      s.locale,
      s.active,
      s.monthlyQuota,
      s.pausedUntil,
    ]);
  return fields(existing) === fields(asked);
}
