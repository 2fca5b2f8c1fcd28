import { expect } from 'vitest';
import { DomainError, type DomainErrorKind } from '../../../../domain/errors.ts';
import type { Transition, TransitionContext } from '../../../../domain/ports.ts';
import type { Actor, Referral } from '../../../../domain/referral/model.ts';
import {
  acceptOffer,
  assignAccompanier,
  invariantViolations,
  type OpenReferralInput,
  offerTo,
  openReferral,
} from '../../../../domain/referral/rules/index.ts';
import { parseEvent } from '../../../../events/catalog.ts';

/** Monday 3 March 2025, 09:00 UTC: every test time is counted in hours from here. */
export const T0 = Date.parse('2025-03-03T09:00:00.000Z');
export const at = (hours: number): string => new Date(T0 + hours * 3_600_000).toISOString();

export const worker: Actor = { role: 'social_worker', id: 'sw-1' };
export const coordinator: Actor = { role: 'coordinator', id: 'co-1' };
export const networkCoordinator: Actor = { role: 'network_coordinator', id: 'nc-1' };
export const accompanier: Actor = { role: 'accompanier', id: 'acc-1' };
export const otherAccompanier: Actor = { role: 'accompanier', id: 'acc-2' };
export const system: Actor = { role: 'system', id: 'sweeper' };
export const specialist = (id: string): Actor => ({ role: 'specialist', id });

let counter = 0;
/** A transition context at `hours` after T0, by `actor`, with ids that never repeat within a run. */
export function ctxAt(hours: number, actor: Actor = worker): TransitionContext {
  return { now: at(hours), actor, newId: () => `id-${++counter}` };
}

export const openInput = (overrides: Partial<OpenReferralInput> = {}): OpenReferralInput => ({
  pseudonym: 'ZEBRA-1985',
  need: { specialty: 'ophthalmology' },
  urgency: 'routine',
  reason: 'blurred vision both eyes, suspected cataract',
  socialCheckDone: true,
  consentToShare: true,
  accompaniment: { required: true },
  languages: ['pt', 'fr'],
  ...overrides,
});

export function opened(overrides: Partial<OpenReferralInput> = {}): Referral {
  return openReferral(openInput(overrides), { ...ctxAt(0), id: 'ref-1', org: 'mdm-lu' }).referral;
}

/** Open, then offered at T0+1h to the given specialists, each offer expiring at T0+49h. */
export function offered(
  specialistIds: readonly string[] = ['sp-1', 'sp-2'],
  r: Referral = opened(),
): Referral {
  return offerTo(
    r,
    specialistIds.map((specialistId) => ({ specialistId, expiresAt: at(49) })),
    ctxAt(1),
  ).referral;
}

export const offerOf = (r: Referral, specialistId: string) => {
  const offer = r.offers.findLast((o) => o.specialistId === specialistId);
  if (!offer) throw new Error(`no offer to ${specialistId}`);
  return offer;
};

/** Offered to sp-1 and sp-2, accepted by sp-1 at T0+2h for an appointment at T0+72h. */
export function scheduled(overrides: Partial<OpenReferralInput> = {}): Referral {
  const r = offered(['sp-1', 'sp-2'], opened(overrides));
  return acceptOffer(
    r,
    { offerId: offerOf(r, 'sp-1').id, appointmentAt: at(72), place: 'Cabinet Dr A, Luxembourg' },
    ctxAt(2, specialist('sp-1')),
  ).referral;
}

/** Scheduled, with acc-1 taking the accompaniment at T0+3h. */
export function accompanied(): Referral {
  return assignAccompanier(scheduled(), { accompanierId: accompanier.id }, ctxAt(3, accompanier)).referral;
}

/** Asserts the call throws a DomainError of this kind (and field), and returns it. */
export function expectRefusal(fn: () => unknown, kind: DomainErrorKind, field?: string): DomainError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect({ kind: e.kind, field: e.field }).toEqual({ kind, field });
    return e;
  }
  throw new Error(`expected a ${kind} refusal, but the transition succeeded`);
}

/**
 * Asserts a change: one version more, updatedAt now, these event types in order, each a valid catalogue
 * event of this referral at now by the actor, one timeline entry each, and a sound referral.
 */
export function expectChange(
  before: Referral,
  t: Transition,
  ctx: TransitionContext,
  types: readonly string[],
) {
  expect(t.events.map((e) => e.type)).toEqual(types);
  expect(t.referral.version).toBe(before.version + 1);
  expect(t.referral.updatedAt).toBe(ctx.now);
  for (const e of t.events) {
    expect(parseEvent(e)).toEqual(e);
    expect(e).toMatchObject({
      version: 1,
      at: ctx.now,
      referralId: before.id,
      org: before.org,
      actor: ctx.actor,
    });
  }
  expect(new Set(t.events.map((e) => e.id)).size).toBe(t.events.length);
  expect(t.referral.timeline).toHaveLength(before.timeline.length + t.events.length);
  expect(t.referral.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
  expect(t.referral.timeline.slice(before.timeline.length).map((e) => e.action)).toEqual(types);
  expect(invariantViolations(t.referral)).toEqual([]);
}

/** Asserts nothing happened: the very same referral and no event. */
export function expectUnchanged(before: Referral, t: Transition) {
  expect(t.events).toEqual([]);
  expect(t.referral).toBe(before);
}
