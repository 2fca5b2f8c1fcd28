import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transition } from '../../../../domain/ports.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import { declineOffer, invariantViolations, offerTo } from '../../../../domain/referral/rules/index.ts';
import { combine, commit, makeEvent, unchanged } from '../../../../domain/referral/transition.ts';
import { at, ctxAt, offered, offerOf, opened, scheduled, system } from './builders.ts';

/** A step that changes something: one event of the catalogue, committed (+1 on its own). */
const note = (r: Referral, hours: number): Transition => {
  const ctx = ctxAt(hours, system);
  return commit(r, r, [makeEvent(r, ctx, 'person.do_not_contact', {})], ctx);
};

/** Runs steps one after the other, each from the referral the previous one left. */
function chain(from: Referral, changes: readonly boolean[]): Transition[] {
  const steps: Transition[] = [];
  let r = from;
  changes.forEach((change, i) => {
    const t = change ? note(r, 10 + i) : unchanged(r);
    steps.push(t);
    r = t.referral;
  });
  return steps;
}

describe('combine', () => {
  it('moves the version by exactly one for any steps that change something, and not at all for none', () => {
    const starts = [opened(), offered(), scheduled()];
    fc.assert(
      fc.property(
        fc.constantFrom(...starts),
        fc.nat({ max: 40 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        (start, extra, changes) => {
          const from: Referral = { ...start, version: start.version + extra };
          const steps = chain(from, changes);
          const one = combine(from, ...steps);
          const events = steps.flatMap((s) => s.events);
          if (events.length === 0) {
            expect(one.referral).toBe(from);
            expect(one.events).toEqual([]);
          } else {
            expect(one.referral.version).toBe(from.version + 1);
            expect(one.events).toEqual(events);
            expect(one.referral.timeline).toHaveLength(from.timeline.length + events.length);
          }
        },
      ),
    );
  });

  it('keeps every event, the last state, and moves the version by one', () => {
    const r = offered();
    const a = declineOffer(r, { offerId: offerOf(r, 'sp-1').id, reason: 'other' }, ctxAt(2));
    const b = declineOffer(a.referral, { offerId: offerOf(r, 'sp-2').id, reason: 'other' }, ctxAt(2));
    const both = combine(r, a, b);
    expect(both.events).toHaveLength(2);
    expect(both.referral.version).toBe(r.version + 1);
    expect(both.referral.status).toBe('open');
    expect(invariantViolations(both.referral)).toEqual([]);
    expect(combine(r, unchanged(r)).events).toEqual([]);
  });

  it('writes a referral not stored yet at version 1, offers and all', () => {
    const o = opened();
    const offers = offerTo(o, [{ specialistId: 'sp-9', expiresAt: at(49) }], ctxAt(0));
    const first = combine(undefined, { referral: o, events: [] }, offers);
    expect(first.referral.version).toBe(1);
    expect(first.referral.status).toBe('offered');
    expect(() => combine(undefined, unchanged(o))).toThrow();
  });
});
