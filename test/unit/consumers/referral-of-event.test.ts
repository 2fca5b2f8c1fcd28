import { describe, expect, it } from 'vitest';
import type { ReferralReadOptions } from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { referralOf } from '../../../functions/consumers/referral-of-event.ts';

/*
 * A consumer reads the referral eventually consistent first, and strongly consistent only when what it
 * read is older than its event.
 */

const AT = '2026-11-25T09:00:00.000Z';
const event = { referralId: 'r1', type: 'accompaniment.arrived' as const, at: AT };
const referral = (updatedAt: string, actions: [string, string][] = []) =>
  ({
    id: 'r1',
    updatedAt,
    timeline: actions.map(([action, at]) => ({ at, action, actor: { role: 'system', id: 'x' } })),
  }) as unknown as Referral;

function storeOf(eventual: Referral | undefined, strong: Referral | undefined) {
  const reads: (boolean | undefined)[] = [];
  return {
    reads,
    store: {
      get: async (_id: string, options: ReferralReadOptions = {}) => {
        reads.push(options.consistent);
        return options.consistent === false ? eventual : strong;
      },
    },
  };
}

describe('referralOf', () => {
  it('keeps an eventually consistent read that holds the event, or a later write', async () => {
    const holding = referral(AT, [['accompaniment.arrived', AT]]);
    const s = storeOf(holding, undefined);
    expect(await referralOf(s, event)).toBe(holding);
    const later = referral('2026-11-25T09:00:01.000Z');
    const t = storeOf(later, undefined);
    expect(await referralOf(t, event)).toBe(later);
    expect([...s.reads, ...t.reads]).toEqual([false, false]);
  });

  it('reads again, strongly consistent, what is older than the event or not found yet', async () => {
    const fresh = referral(AT, [['accompaniment.arrived', AT]]);
    // The write before, in the same millisecond, is not the event's.
    const older = referral(AT, [['accompaniment.departed', AT]]);
    const s = storeOf(older, fresh);
    expect(await referralOf(s, event)).toBe(fresh);
    const t = storeOf(undefined, fresh);
    expect(await referralOf(t, event)).toBe(fresh);
    expect([...s.reads, ...t.reads]).toEqual([false, undefined, false, undefined]);
  });

  it('reads once per delivery: the consumers handed the same event object share the read', async () => {
    const holding = referral(AT, [['accompaniment.arrived', AT]]);
    const s = storeOf(holding, undefined);
    const delivery = { ...event };
    const [a, b] = await Promise.all([referralOf(s, delivery), referralOf(s, delivery)]);
    expect(await referralOf(s, delivery)).toBe(holding);
    expect([a, b]).toEqual([holding, holding]);
    expect(s.reads).toEqual([false]);
    // A redelivery is a new event object: it reads again.
    await referralOf(s, { ...event });
    expect(s.reads).toEqual([false, false]);
  });

  it('does not keep a failed read: the next consumer of the delivery reads again', async () => {
    const holding = referral(AT, [['accompaniment.arrived', AT]]);
    let fail = true;
    const reads: number[] = [];
    const store = {
      get: async () => {
        reads.push(1);
        if (fail) throw new Error('throttled');
        return holding;
      },
    };
    const delivery = { ...event };
    await expect(referralOf({ store }, delivery)).rejects.toThrow('throttled');
    fail = false;
    expect(await referralOf({ store }, delivery)).toBe(holding);
    expect(reads).toHaveLength(2);
  });
});
