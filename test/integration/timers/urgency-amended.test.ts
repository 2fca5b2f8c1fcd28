import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_REFUSALS } from '../../../functions/links/refusals.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import { linkIn, pathOf, postJson } from '../links/support.ts';
import { HOUR, MDM_EN, MINUTE, open, plus, sweepAt } from './support.ts';

/*
 * An offer's deadline derives from the urgency (PRODUCT.md): a referral amended from routine to urgent
 * has its pending offers re-timed to the urgent window from the amendment, so the next candidates are
 * asked after 4 h, not 48. The links, the sweep's due index and the reminder follow the offers' new
 * deadline. Over HTTP on DynamoDB Local with the real event path.
 */

const MDM = MDM_EN;

let h: Harness;
const eyes = [specialist({ id: 'eye-1' }), specialist({ id: 'eye-2' }), specialist({ id: 'eye-3' })];

beforeAll(async () => {
  h = await createHarness('timers-urgency-amended');
  await h.deps.organisations.put(MDM);
  for (const s of eyes) await h.deps.specialists.put(s);
  await h.startEvents();
});

afterAll(async () => {
  await h?.stopEvents();
});

describe('a referral amended from routine to urgent', () => {
  it('re-times its pending offers to the urgent window: reminded, expired and the next candidate asked within 4 h', async () => {
    const r = await open(h, { urgency: 'routine' });
    expect(r.offers.map((o) => o.expiresAt)).toEqual([
      plus(r.createdAt, 48 * HOUR),
      plus(r.createdAt, 48 * HOUR),
    ]);
    await h.drainEvents();
    const first = r.offers[0]!;
    const email = eyes.find((s) => s.id === first.specialistId)!.email;
    const link = pathOf(linkIn(h.sent.find((m) => m.to === email)?.text));

    const amendedAt = plus(r.createdAt, HOUR);
    h.clock.set(new Date(amendedAt));
    const res = await h.call('PATCH', `/v1/referrals/${r.id}`, {
      body: { urgency: 'urgent' },
      headers: { 'if-match': `"${r.version}"` },
    });
    expect(res.status).toBe(200);
    const urgentBy = plus(amendedAt, 4 * HOUR);
    expect((await res.json()).offers.map((o: { expiresAt: string }) => o.expiresAt)).toEqual([
      urgentBy,
      urgentBy,
    ]);

    // The reminder at half the new window (from when it was sent), with a link to the new deadline.
    await h.drainEvents();
    const before = h.sent.length;
    const reminded = await sweepAt(h, plus(r.createdAt, 3 * HOUR));
    expect(reminded.fired.map((f) => f.kind)).toEqual(['reminder_specialist', 'reminder_specialist']);
    await h.drainEvents();
    expect(h.sent.slice(before).filter((m) => m.to === email)).toHaveLength(1);

    // Past the urgent deadline, the link emailed with the routine one says it expired, and changes nothing.
    h.clock.set(new Date(plus(urgentBy, MINUTE)));
    const late = await postJson(h, `${link}/decline`, { reason: 'no_capacity' });
    expect(late.status).toBe(LINK_REFUSALS.expired.status);
    expect((await late.json()).type).toBe(LINK_REFUSALS.expired.problem.type);

    // The sweep expires both and asks the next candidate, 43 h before the routine deadline.
    const expired = await sweepAt(h, plus(urgentBy, MINUTE));
    expect(expired.fired.map((f) => f.kind)).toEqual(['offer_expiry', 'offer_expiry']);
    const after = (await h.deps.store.get(r.id))!;
    expect(after.offers.map((o) => [o.specialistId, o.state])).toEqual([
      [r.offers[0]!.specialistId, 'expired'],
      [r.offers[1]!.specialistId, 'expired'],
      ['eye-3', 'pending'],
    ]);
    // Asked now at the urgent window.
    expect(after.offers[2]?.expiresAt).toBe(plus(urgentBy, MINUTE + 4 * HOUR));
  });
});
