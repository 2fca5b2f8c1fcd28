import type { EventData, EventOf, EventType, RelaisEvent } from '../../events/catalog.ts';
import type { Transition, TransitionContext } from '../ports.ts';
import type { Referral, TimelineEntry } from './model.ts';

/*
 * The transition algebra: the one place that knows the version arithmetic. A write moves a referral's
 * version by exactly one, whatever it does: `commit` for one change, `unchanged` for none, and `combine`
 * for several changes computed one after the other and written together (a decline and the next offer,
 * the deadlines one sweep fires, opening and the first offers).
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
 * The first event is the change itself (`referral.closed`), the others what it brings with it (the
 * offers it withdraws): the access log records a write under its first event's name
 * (functions/lib/access-recording.ts).
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

/** A transition changed something when it produced events; a no-op (an idempotent repeat) writes nothing. */
export const changed = (t: Transition): boolean => t.events.length > 0;

/**
 * Several steps, each computed from the referral the previous one left (the first from `from`), as ONE
 * write: the events of every step in order, the state of the last, and the version of `from` plus one.
 * Steps that changed nothing add nothing; when none changed, the result is `unchanged(from)`. `from` is
 * undefined for a referral not stored yet (opening): its first write makes it version 1.
 */
export function combine(from: Referral | undefined, ...steps: readonly Transition[]): Transition {
  const events = steps.flatMap((s) => s.events);
  const last = steps.at(-1);
  if (!last || events.length === 0) {
    if (!from) throw new Error('a new referral must be written with at least one event');
    return unchanged(from);
  }
  return { referral: { ...last.referral, version: (from?.version ?? 0) + 1 }, events };
}

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
