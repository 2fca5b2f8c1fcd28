import { describe, expect, it } from 'vitest';
import {
  closeReferral,
  liftDoNotContact,
  markDoNotContact,
} from '../../../../domain/referral/rules/index.ts';
import { coordinator, ctxAt, expectChange, expectUnchanged, offered, opened } from './builders.ts';

describe('markDoNotContact', () => {
  it('marks the person as reachable only through the organisation', () => {
    const r = offered();
    const ctx = ctxAt(3, coordinator);
    const t = markDoNotContact(r, ctx);
    expectChange(r, t, ctx, ['person.do_not_contact']);
    expect(t.referral.doNotContactDirectly).toBe(true);
    expect(t.referral.status).toBe('offered');
  });

  it('changes nothing when already marked, or once closed', () => {
    const marked = markDoNotContact(opened(), ctxAt(1)).referral;
    expectUnchanged(marked, markDoNotContact(marked, ctxAt(2)));
    const closed = closeReferral(opened(), { reason: 'cancelled' }, ctxAt(1)).referral;
    expectUnchanged(closed, markDoNotContact(closed, ctxAt(2)));
  });
});

describe('liftDoNotContact', () => {
  it('lets the person be contacted directly again, on the timeline', () => {
    const r = markDoNotContact(offered(), ctxAt(2)).referral;
    const ctx = ctxAt(3, coordinator);
    const t = liftDoNotContact(r, ctx);
    expectChange(r, t, ctx, ['person.do_not_contact_lifted']);
    expect(t.referral.doNotContactDirectly).toBe(false);
    expect(t.referral.status).toBe('offered');
  });

  it('changes nothing when not marked, or once closed', () => {
    const r = opened();
    expectUnchanged(r, liftDoNotContact(r, ctxAt(1, coordinator)));
    const marked = markDoNotContact(opened(), ctxAt(1)).referral;
    const closed = closeReferral(marked, { reason: 'cancelled' }, ctxAt(2)).referral;
    expectUnchanged(closed, liftDoNotContact(closed, ctxAt(3, coordinator)));
  });
});
