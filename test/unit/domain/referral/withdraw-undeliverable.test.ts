import { describe, expect, it } from 'vitest';
import { invariantViolations, withdrawUndeliverable } from '../../../../domain/referral/rules/index.ts';
import {
  ctxAt,
  expectChange,
  expectRefusal,
  expectUnchanged,
  offered,
  offerOf,
  scheduled,
  system,
} from './builders.ts';

const mail = { ...system, id: 'mail-delivery' };

describe('withdrawing an offer nobody can receive', () => {
  it('withdraws it as undeliverable, the referral still on offer to the others', () => {
    const r = offered(['sp-1', 'sp-2']);
    const ctx = ctxAt(3, mail);
    const t = withdrawUndeliverable(r, { offerId: offerOf(r, 'sp-1').id }, ctx);
    expectChange(r, t, ctx, ['offer.withdrawn']);
    expect(t.events[0]?.data).toMatchObject({ specialistId: 'sp-1', why: 'undeliverable' });
    expect(t.referral.status).toBe('offered');
    expect(offerOf(t.referral, 'sp-1').state).toBe('withdrawn');
    expect(invariantViolations(t.referral)).toEqual([]);
  });

  it('opens the referral again when it was the last pending offer', () => {
    const r = offered(['sp-1']);
    const t = withdrawUndeliverable(r, { offerId: offerOf(r, 'sp-1').id }, ctxAt(3, mail));
    expect(t.referral.status).toBe('open');
    expect(invariantViolations(t.referral)).toEqual([]);
  });

  it('leaves an offer no longer pending alone, and refuses one that does not exist', () => {
    const r = scheduled();
    expectUnchanged(r, withdrawUndeliverable(r, { offerId: offerOf(r, 'sp-1').id }, ctxAt(3, mail)));
    expectUnchanged(r, withdrawUndeliverable(r, { offerId: offerOf(r, 'sp-2').id }, ctxAt(3, mail)));
    expectRefusal(() => withdrawUndeliverable(r, { offerId: 'nope' }, ctxAt(3, mail)), 'not_found');
  });
});
