import type { ReferralReadOptions, ReferralStore } from '../../domain/ports.ts';
import type { Referral } from '../../domain/referral/model.ts';
import type { RelaisEvent } from '../../events/catalog.ts';

/** What a consumer's read of the referral needs to know of the event: whose, what and when. */
export type EventRead = Pick<RelaisEvent, 'referralId' | 'type' | 'at'>;

/**
 * Whether `r` was read at or after the write that made `event`: its timeline holds the event (a write's
 * events share its instant and leave an entry each), or the referral was written since.
 */
export const reflects = (r: Referral, event: EventRead): boolean =>
  Date.parse(r.updatedAt) > Date.parse(event.at) ||
  r.timeline.some((e) => e.at === event.at && e.action === event.type);

/**
 * The referral an event is about, as a consumer reads it: eventually consistent first (half the read
 * units of a strongly consistent read), which is nearly always the state the event came from or a
 * later one, since the event travelled through the stream and the bus meanwhile; read again strongly
 * consistent when it is not (or the referral is not found yet), so a consumer never acts on a state
 * older than its event. Events written on other items (an escalation acknowledged) fall back to it.
 */
export async function referralOf(
  deps: { readonly store: Pick<ReferralStore, 'get'> },
  event: EventRead,
  options: ReferralReadOptions = {},
): Promise<Referral | undefined> {
  const seen = await deps.store.get(event.referralId, { ...options, consistent: false });
  if (seen && reflects(seen, event)) return seen;
  return deps.store.get(event.referralId, options);
}
