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
 *
 * One read per delivery, shared by every consumer of it: the consumers a delivery runs (dispatch.ts)
 * are handed the same event object, and the read is kept with that object (a WeakMap: it goes when the
 * delivery is done), per store and per set of fields revealed. A redelivery parses a new event object
 * and reads again. A failed read is not kept: the next consumer tries again.
 */
export function referralOf(
  deps: { readonly store: Pick<ReferralStore, 'get'> },
  event: EventRead,
  options: ReferralReadOptions = {},
): Promise<Referral | undefined> {
  let byEvent = shared.get(deps.store);
  if (!byEvent) {
    byEvent = new WeakMap();
    shared.set(deps.store, byEvent);
  }
  let byFields = byEvent.get(event);
  if (!byFields) {
    byFields = new Map();
    byEvent.set(event, byFields);
  }
  const fields = [...(options.reveal ?? [])].sort().join(',');
  const kept = byFields.get(fields);
  if (kept) return kept;
  const reading = readReferralOf(deps, event, options);
  byFields.set(fields, reading);
  reading.catch(() => byFields.delete(fields));
  return reading;
}

/** The reads of a delivery, by store, event object and fields revealed ({@link referralOf}). */
const shared = new WeakMap<object, WeakMap<EventRead, Map<string, Promise<Referral | undefined>>>>();

async function readReferralOf(
  deps: { readonly store: Pick<ReferralStore, 'get'> },
  event: EventRead,
  options: ReferralReadOptions,
): Promise<Referral | undefined> {
  const seen = await deps.store.get(event.referralId, { ...options, consistent: false });
  if (seen && reflects(seen, event)) return seen;
  return deps.store.get(event.referralId, options);
}
