import { actorFor, type Caller } from '../caller.ts';
import { refuse } from '../errors.ts';
import type { WriteDeps } from '../referral/deps.ts';
import type { Instant, Referral } from '../referral/model.ts';
import { addErased, type ErasedItems, type ErasureDeps, eraseReferral, NOTHING_ERASED } from './erasure.ts';
import { heldUntil } from './retention.ts';
import { withdrawConsentOf } from './withdraw-consent.ts';

const PAGE = 100;

/** What an erasure did. */
export interface PersonErasure {
  /** The referrals erased now. */
  readonly erased: readonly string[];
  /**
   * Referrals closed moments ago (by this erasure's withdrawal, or just before): kept until their
   * closing has been told to the specialists concerned, then erased by the sweep.
   */
  readonly held: readonly { readonly id: string; readonly until: Instant }[];
  /** How many items of each kind were removed now. */
  readonly items: ErasedItems;
}

export interface ErasePersonDeps extends WriteDeps, ErasureDeps {}

/**
 * `POST /v1/people/{pseudonym}/erasure` (a coordinator of the organisation): the person's right to
 * erasure. Their open referrals are first withdrawn as a consent withdrawal is (the write path; the
 * specialists concerned are told neutrally by the `referral.closed` consumers, which read the referral);
 * then each referral of theirs in the organisation is erased with everything derived from it
 * (erasure.ts). A referral closed moments ago is held until that telling is done (retention.ts
 * TELL_HOLD_MS) and erased by the sweep. A pseudonym with no referral in the caller's organisation is
 * `not_found`, whether or not another organisation knows it. Repeating it erases what is left.
 */
export async function erasePerson(
  deps: ErasePersonDeps,
  caller: Caller,
  pseudonym: string,
  route: string,
): Promise<PersonErasure> {
  if (!caller.roles.includes('coordinator')) {
    return refuse('forbidden', 'Only a coordinator of the organisation may erase a person.');
  }
  await withdrawConsentOf(deps, caller, pseudonym);
  // Every referral first, then the erasures: erasing removes them from the person index being paged.
  const all: Referral[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listByOrg(caller.org, { pseudonym, limit: PAGE, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  if (all.length === 0) return refuse('not_found', 'No referral of this person in your organisation.');

  const by = { actor: actorFor(caller, ['coordinator']), route };
  const now = deps.clock.now().toISOString();
  const erased: string[] = [];
  const held: { id: string; until: Instant }[] = [];
  let items = NOTHING_ERASED;
  for (const r of all) {
    if (r.status !== 'closed') {
      // The withdrawal above closed every open referral; one still open changed under it.
      return refuse('conflict', 'A referral of this person changed during the erasure; repeat it.');
    }
    const until = heldUntil(r, now);
    if (until) {
      await deps.erasure.holdForErasure(r.id, until);
      held.push({ id: r.id, until });
      continue;
    }
    items = addErased(items, await eraseReferral(deps, r, by));
    erased.push(r.id);
  }
  return { erased, held, items };
}
