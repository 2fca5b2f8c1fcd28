import type { EventData, EventOf, EventType, RelaisEvent } from '../../events/catalog.ts';
import { refuse } from '../errors.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Instant, Offer, Referral, TimelineEntry } from './model.ts';

/*
 * What every transition shares: how an event is enveloped, how a change is committed (version, updatedAt,
 * timeline), how an offer link is checked, and how times compare. Not exported from transitions.ts except
 * toTimelineEntry.
 */

/** Builds one event of the catalogue for this referral, with a fresh id from the context. */
export function makeEvent<T extends EventType>(
  r: Pick<Referral, 'id' | 'org'>,
  ctx: TransitionContext,
  type: T,
  data: EventData<T>,
): EventOf<T> {
  return {
    id: ctx.newId(),
    type,
    version: 1,
    at: ctx.now,
    referralId: r.id,
    org: r.org,
    actor: { role: ctx.actor.role, id: ctx.actor.id },
    data: definedOnly(data),
  } as unknown as EventOf<T>;
}

/**
 * The timeline entry an event leaves on the referral. Event data carries only ids and codes (the
 * catalogue's contracts), so it is safe to keep as the entry's detail.
 */
export function toTimelineEntry(event: RelaisEvent): TimelineEntry {
  const detail: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(event.data as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      detail[key] = value;
    }
  }
  const entry = { at: event.at, actor: { role: event.actor.role, id: event.actor.id }, action: event.type };
  return Object.keys(detail).length > 0 ? { ...entry, detail } : entry;
}

/**
 * Commits a change: the version moves by exactly one, `updatedAt` is now, and each event leaves one
 * timeline entry. A change without an event would be invisible to consumers, so it is a bug here.
 */
export function commit(
  before: Referral,
  next: Referral,
  events: readonly RelaisEvent[],
  ctx: TransitionContext,
): Transition {
  if (events.length === 0) throw new Error('a change must emit at least one event');
  return {
    referral: {
      ...next,
      version: before.version + 1,
      updatedAt: ctx.now,
      timeline: [...before.timeline, ...events.map(toTimelineEntry)],
    },
    events,
  };
}

/** Nothing to do: the same referral, no event, no new version. */
export const unchanged = (r: Referral): Transition => ({ referral: r, events: [] });

/**
 * A copy without the given keys. Optional fields are removed rather than set to `undefined`, so that a
 * referral survives JSON and DynamoDB marshalling unchanged.
 */
export function without<T extends object, K extends keyof T>(obj: T, ...keys: readonly K[]): Omit<T, K> {
  const copy = { ...obj } as Record<PropertyKey, unknown>;
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}

function definedOnly<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

const ms = (t: Instant): number => Date.parse(t);

/** True when `a` is strictly later than `b`; false when either is not a valid instant. */
export const isAfter = (a: Instant, b: Instant): boolean => ms(a) > ms(b);

/** True when `a` is `b` or later (both valid instants). */
export const isAtOrAfter = (a: Instant, b: Instant): boolean => ms(a) >= ms(b);

/** True when both name the same instant, whatever their offsets. */
export const sameInstant = (a: Instant, b: Instant): boolean => ms(a) === ms(b);

/** Refuses unless `value` is an instant strictly after now. */
export function requireFuture(value: Instant, now: Instant, field: string, message: string): void {
  if (!isAfter(value, now)) refuse('invalid_input', message, field);
}

/** Refuses unless `value` is a non-blank string. */
export function requireText(value: string, field: string, message: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse('invalid_input', message, field);
}

/**
 * Finds the offer a specialist's link answers, and refuses unless it can still be answered: pending, not
 * past its expiry, on a referral that is on offer. A link never changes anything once used or stale.
 */
export function answerableOffer(r: Referral, offerId: string, now: Instant): Offer {
  const offer = r.offers.find((o) => o.id === offerId);
  if (!offer) return refuse('not_found', 'This offer does not exist.');
  if (r.status === 'closed') return refuse('gone', 'This request is closed.');
  switch (offer.state) {
    case 'pending':
      break;
    case 'expired':
      return refuse('gone', 'This offer has expired.');
    case 'withdrawn':
      if (r.appointment && r.appointment.offerId !== offer.id) {
        return refuse('taken', 'Another specialist has already taken this appointment.');
      }
      return refuse('gone', 'This offer was withdrawn.');
    default:
      return refuse('gone', 'This offer has already been answered.');
  }
  if (isAtOrAfter(now, offer.expiresAt)) return refuse('gone', 'This offer has expired.');
  // Pending offers exist only while the referral is on offer; this guards a referral that broke that rule.
  if (r.status !== 'offered') return refuse('gone', 'This request is no longer on offer.');
  return offer;
}

/** Replaces one offer by id. */
export const replaceOffer = (offers: readonly Offer[], next: Offer): Offer[] =>
  offers.map((o) => (o.id === next.id ? next : o));

/**
 * Withdraws every pending offer (except `keep`), returning the new offers and one offer.withdrawn event
 * each, so the specialists' links say why they stopped working.
 */
export function withdrawPending(
  r: Referral,
  why: EventData<'offer.withdrawn'>['why'],
  ctx: TransitionContext,
  keep?: string,
): { offers: Offer[]; events: EventOf<'offer.withdrawn'>[] } {
  const events: EventOf<'offer.withdrawn'>[] = [];
  const offers = r.offers.map((o): Offer => {
    if (o.state !== 'pending' || o.id === keep) return o;
    events.push(makeEvent(r, ctx, 'offer.withdrawn', { offerId: o.id, specialistId: o.specialistId, why }));
    return { ...o, state: 'withdrawn' };
  });
  return { offers, events };
}

/** Refuses unless the actor is the accompanier assigned to this referral. */
export function requireAssignedAccompanier(r: Referral, ctx: TransitionContext): string {
  const assigned = r.accompaniment.accompanierId;
  if (!assigned || ctx.actor.id !== assigned) {
    return refuse('forbidden', 'Only the accompanier assigned to this referral can confirm this.');
  }
  return assigned;
}
