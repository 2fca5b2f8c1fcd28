import { describe, expect, it } from 'vitest';
import { closeReferral, markDoNotContact } from '../../../../domain/referral/rules/index.ts';
import { accompanied, ctxAt, expectChange, expectUnchanged, offered, worker } from './builders.ts';

describe('markDoNotContact', () => {
  it('marks the referral, leaving who did it on the timeline and nothing else in the event', () => {
    const r = accompanied();
    const ctx = ctxAt(5, worker);
    const t = markDoNotContact(r, ctx);
    expectChange(r, t, ctx, ['person.do_not_contact']);
    expect(t.referral.doNotContactDirectly).toBe(true);
    expect(t.referral.status).toBe(r.status);
    expect(t.events[0]?.data).toEqual({});
  });

  it('changes nothing when already marked, or once closed', () => {
    const marked = markDoNotContact(offered(), ctxAt(5)).referral;
    expectUnchanged(marked, markDoNotContact(marked, ctxAt(6)));
    const closed = closeReferral(offered(), { reason: 'cancelled' }, ctxAt(5)).referral;
    expectUnchanged(closed, markDoNotContact(closed, ctxAt(6)));
  });
});
