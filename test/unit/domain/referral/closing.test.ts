import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import type { Transition } from '../../../../domain/ports.ts';
import {
  acceptOffer,
  closeReferral,
  requestMoreInfo,
  withdrawConsent,
} from '../../../../domain/referral/rules/index.ts';
import {
  accompanied,
  at,
  coordinator,
  ctxAt,
  expectChange,
  expectRefusal,
  expectUnchanged,
  offered,
  offerOf,
  opened,
  scheduled,
  worker,
} from './builders.ts';

describe('closeReferral', () => {
  it('closes with the reason and withdraws pending offers as closed', () => {
    const r = offered(['sp-1', 'sp-2']);
    const ctx = ctxAt(5, worker);
    const t = closeReferral(r, { reason: 'lost_contact' }, ctx);
    expectChange(r, t, ctx, ['referral.closed', 'offer.withdrawn', 'offer.withdrawn']);
    expect(t.referral).toMatchObject({ status: 'closed', closeReason: 'lost_contact' });
    expect(t.referral.offers.every((o) => o.state === 'withdrawn')).toBe(true);
    expect(t.events.map((e) => e.data)).toEqual([
      { reason: 'lost_contact' },
      { offerId: offerOf(r, 'sp-1').id, specialistId: 'sp-1', why: 'closed' },
      { offerId: offerOf(r, 'sp-2').id, specialistId: 'sp-2', why: 'closed' },
    ]);
  });

  it('closes a scheduled referral and keeps its appointment for the record', () => {
    const r = accompanied();
    const ctx = ctxAt(100, coordinator);
    const t = closeReferral(r, { reason: 'completed' }, ctx);
    expectChange(r, t, ctx, ['referral.closed']);
    expect(t.referral.appointment).toEqual(r.appointment);
  });

  it('closes a referral waiting for more information and drops the hold', () => {
    const o = offered(['sp-1']);
    const r = requestMoreInfo(
      o,
      { offerId: offerOf(o, 'sp-1').id, question: 'Allergies?' },
      ctxAt(2),
    ).referral;
    const t = closeReferral(r, { reason: 'cancelled' }, ctxAt(3));
    expect(t.referral.status).toBe('closed');
    expect(t.referral).not.toHaveProperty('hold');
  });

  it('refuses closing a closed referral as a conflict', () => {
    const closed = closeReferral(opened(), { reason: 'cancelled' }, ctxAt(1)).referral;
    expectRefusal(() => closeReferral(closed, { reason: 'cancelled' }, ctxAt(2)), 'conflict');
  });

  it('lets exactly one of 20 closes in a row succeed', () => {
    let r = scheduled();
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        const t: Transition = closeReferral(r, { reason: 'cancelled' }, ctxAt(10 + i));
        r = t.referral;
        outcomes.push('closed');
      } catch (err) {
        outcomes.push(err instanceof DomainError ? err.kind : 'crash');
      }
    }
    expect(outcomes.filter((o) => o === 'closed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(19);
    expect(r.timeline.filter((e) => e.action === 'referral.closed')).toHaveLength(1);
  });

  it('refuses an unknown reason', () => {
    expectRefusal(
      () => closeReferral(opened(), { reason: 'bored' as never }, ctxAt(1)),
      'invalid_input',
      'reason',
    );
  });
});

describe('withdrawConsent', () => {
  it('closes as withdrawn, withdraws every pending offer and records the withdrawal', () => {
    const r = offered(['sp-1', 'sp-2']);
    const ctx = ctxAt(5, worker);
    const t = withdrawConsent(r, ctx);
    expectChange(r, t, ctx, ['referral.closed', 'offer.withdrawn', 'offer.withdrawn']);
    expect(t.referral).toMatchObject({
      status: 'closed',
      closeReason: 'withdrawn',
      consent: { withdrawnAt: at(5), withdrawnBy: worker, scope: 'share_minimum_with_specialist' },
    });
    expect(t.events[0]?.data).toEqual({ reason: 'withdrawn' });
  });

  it('stops every link of the referral', () => {
    const r = offered(['sp-1']);
    const withdrawn = withdrawConsent(r, ctxAt(5)).referral;
    expectRefusal(
      () =>
        acceptOffer(
          withdrawn,
          { offerId: offerOf(r, 'sp-1').id, appointmentAt: at(72), place: 'x' },
          ctxAt(6),
        ),
      'gone',
    );
  });

  it('changes nothing on a referral already closed', () => {
    const closed = closeReferral(opened(), { reason: 'completed' }, ctxAt(1)).referral;
    expectUnchanged(closed, withdrawConsent(closed, ctxAt(2)));
    const withdrawn = withdrawConsent(opened(), ctxAt(1)).referral;
    expectUnchanged(withdrawn, withdrawConsent(withdrawn, ctxAt(2)));
  });
});
