import { describe, expect, it } from 'vitest';
import { amendWithOfferTimes, type OfferDeps } from '../../../../domain/matching/offer-slots.ts';
import { declineOffer } from '../../../../domain/referral/rules/index.ts';
import { pendingDeadline } from '../../../../domain/timers/pending.ts';
import { DEFAULT_TIMER_SETTINGS, offerExpiresAt } from '../../../../domain/timers/settings.ts';
import { at, ctxAt, expectChange, offered, offerOf, specialist } from './builders.ts';

/*
 * Amending the urgency re-times the pending offers by the rule new offers are timed by (the timer
 * table's offer window from now): no pending offer waits longer than one made now would. Offers are
 * never lengthened, and answered ones are left as they are.
 */

const settings = DEFAULT_TIMER_SETTINGS;
const deps: Pick<OfferDeps, 'offerExpiry'> = {
  offerExpiry: (urgency, now) => new Date(offerExpiresAt(urgency, now.toISOString(), settings)),
};

describe('amending the urgency', () => {
  it('brings routine offers forward to the urgent window from now, and the due index with them', () => {
    // Offered at T0+1h as routine (expiring at T0+49h); one specialist declined.
    const r0 = offered(['sp-1', 'sp-2', 'sp-3']);
    const r = declineOffer(
      r0,
      { offerId: offerOf(r0, 'sp-3').id, reason: 'no_capacity' },
      ctxAt(2, specialist('sp-3')),
    ).referral;
    const ctx = ctxAt(3);
    const t = amendWithOfferTimes(deps, r, { urgency: 'urgent' }, ctx);
    expectChange(r, t, ctx, ['referral.amended']);
    const urgentFromNow = offerExpiresAt('urgent', at(3), settings);
    expect(urgentFromNow).toBe(at(7));
    expect(t.referral.offers.map((o) => [o.specialistId, o.state, o.expiresAt])).toEqual([
      ['sp-1', 'pending', at(7)],
      ['sp-2', 'pending', at(7)],
      ['sp-3', 'declined', at(49)],
    ]);
    // The sweep's due index follows: the reminder at half the new window, then the expiry at T0+7h.
    expect(pendingDeadline(t.referral, settings)?.deadline).toMatchObject({
      kind: 'reminder_specialist',
      at: at(4),
    });
    expect(pendingDeadline(r, settings)?.deadline).toMatchObject({ kind: 'reminder_specialist', at: at(25) });
  });

  it('keeps a deadline already sooner, never lengthens one, and leaves offers alone when the urgency stays', () => {
    const r = offered(['sp-1']);
    // At T0+47h, 2 h are left of the routine 48: sooner than 4 h from now.
    expect(amendWithOfferTimes(deps, r, { urgency: 'urgent' }, ctxAt(47)).referral.offers[0]?.expiresAt).toBe(
      at(49),
    );
    const urgent = amendWithOfferTimes(deps, r, { urgency: 'urgent' }, ctxAt(3)).referral;
    // Back to routine: the email gave the urgent deadline, and the link's token expires then.
    expect(
      amendWithOfferTimes(deps, urgent, { urgency: 'routine' }, ctxAt(4)).referral.offers[0]?.expiresAt,
    ).toBe(at(7));
    expect(amendWithOfferTimes(deps, r, { languages: ['de'] }, ctxAt(3)).referral.offers).toEqual(r.offers);
  });
});
