import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import { MDM } from '../links/support.ts';
import { HOUR, open, plus, sweepAt } from './support.ts';

/*
 * Every path that changes a referral writes once and moves its version by exactly one, however many
 * steps the write holds (opening and its offers; a close withdrawing offers; a decline and the next
 * offer; a sweep firing several deadlines at once).
 */

let h: Harness;

beforeAll(async () => {
  h = await createHarness('one-version-per-write');
  await h.deps.organisations.put(MDM);
  for (let i = 0; i < 6; i++) await h.deps.specialists.put(specialist({ monthlyQuota: 50 }));
});

const stored = async (id: string): Promise<Referral> => (await h.deps.store.get(id))!;
const pending = (r: Referral) => r.offers.filter((o) => o.state === 'pending');

describe('one write, one version', () => {
  afterAll(() => h.clock.set(new Date('2026-11-25T09:00:00Z')));

  it('opens a referral with its offers at version 1', async () => {
    const r = await open(h);
    expect(r.version).toBe(1);
    expect(pending(r)).toHaveLength(2);
    expect(r.timeline.map((e) => e.action)).toEqual(['referral.opened', 'offer.sent', 'offer.sent']);
  });

  it('closes through the route withdrawing every offer in one version', async () => {
    const r = await open(h);
    const res = await h.call('POST', `/v1/referrals/${r.id}/close`, { body: { reason: 'cancelled' } });
    expect(res.status).toBe(200);
    const after = await stored(r.id);
    expect(after.version).toBe(r.version + 1);
    expect(after.timeline.length - r.timeline.length).toBe(3);
  });

  it('declines by link and offers to the next candidate in one version', async () => {
    const r = await open(h);
    const offer = pending(r)[0]!;
    const token = await h.deps.linkTokens.sign({
      purpose: 'offer',
      offerId: offer.id,
      referralId: r.id,
      expiresAt: new Date(offer.expiresAt),
      now: h.clock.now(),
    });
    const res = await h.request(`/o/${token}/decline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ reason: 'no_capacity' }),
    });
    expect(res.status).toBe(200);
    const after = await stored(r.id);
    expect(after.version).toBe(r.version + 1);
    expect(after.timeline.slice(r.timeline.length).map((e) => e.action)).toEqual([
      'offer.declined',
      'offer.sent',
    ]);
  });

  it('fires several deadlines of one referral in one sweep write, one version', async () => {
    const r = await open(h);
    // Past half time and past the expiry at once: reminders, expiries and the next offers, all due.
    const result = await sweepAt(h, plus(r.offers[0]!.expiresAt, HOUR));
    const mine = result.fired.filter((f) => f.referralId === r.id);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    const after = await stored(r.id);
    expect(after.version).toBe(r.version + 1);
    expect(after.timeline.length - r.timeline.length).toBeGreaterThanOrEqual(4);
    expect(pending(after).length).toBeGreaterThan(0);
  });
});
