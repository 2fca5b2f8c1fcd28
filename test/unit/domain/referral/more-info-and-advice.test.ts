import { describe, expect, it } from 'vitest';
import {
  acceptOffer,
  provideInfo,
  requestMoreInfo,
  returnWithAdvice,
} from '../../../../domain/referral/rules/index.ts';
import {
  at,
  ctxAt,
  expectChange,
  expectRefusal,
  offered,
  offerOf,
  opened,
  scheduled,
  specialist,
  worker,
} from './builders.ts';

const QUESTION = 'Is the person diabetic? Any current medication?';
const ANSWER = 'Not known to be diabetic; no current medication.';

function asked() {
  const r = offered(['sp-1', 'sp-2']);
  return requestMoreInfo(
    r,
    { offerId: offerOf(r, 'sp-1').id, question: QUESTION },
    ctxAt(2, specialist('sp-1')),
  ).referral;
}

describe('requestMoreInfo', () => {
  it('puts the referral on hold with the question and withdraws the other pending offers', () => {
    const r = offered(['sp-1', 'sp-2']);
    const offer = offerOf(r, 'sp-1');
    const ctx = ctxAt(2, specialist('sp-1'));
    const t = requestMoreInfo(r, { offerId: offer.id, question: QUESTION }, ctx);
    expectChange(r, t, ctx, ['offer.info_requested', 'offer.withdrawn']);
    expect(t.referral.status).toBe('on_hold');
    expect(t.referral.hold).toEqual({
      reason: 'more_info',
      since: at(2),
      offerId: offer.id,
      specialistId: 'sp-1',
      question: QUESTION,
      paused: ['sp-2'],
    });
    expect(offerOf(t.referral, 'sp-1').state).toBe('more_info');
    expect(offerOf(t.referral, 'sp-2').state).toBe('withdrawn');
    expect(t.events[1]?.data).toMatchObject({ specialistId: 'sp-2', why: 'on_hold' });
  });

  it('never puts the question in an event or the timeline', () => {
    const r = offered(['sp-1']);
    const t = requestMoreInfo(r, { offerId: offerOf(r, 'sp-1').id, question: QUESTION }, ctxAt(2));
    expect(JSON.stringify(t.events)).not.toContain('diabetic');
    expect(JSON.stringify(t.referral.timeline)).not.toContain('diabetic');
  });

  it('refuses an empty question', () => {
    const r = offered();
    expectRefusal(
      () => requestMoreInfo(r, { offerId: offerOf(r, 'sp-1').id, question: ' ' }, ctxAt(2)),
      'invalid_input',
      'question',
    );
  });

  it('refuses a second question on the same link while the first waits for its answer', () => {
    const r = asked();
    const err = expectRefusal(
      () => requestMoreInfo(r, { offerId: offerOf(r, 'sp-1').id, question: QUESTION }, ctxAt(3)),
      'conflict',
    );
    expect(err).toMatchObject({ name: 'LinkRefusedError', state: 'waiting' });
  });
});

describe('provideInfo', () => {
  it('keeps the exchange and sends a fresh offer to the same specialist', () => {
    const alone = offered(['sp-1']);
    const r = requestMoreInfo(
      alone,
      { offerId: offerOf(alone, 'sp-1').id, question: QUESTION },
      ctxAt(2, specialist('sp-1')),
    ).referral;
    const askingOffer = offerOf(r, 'sp-1');
    const ctx = ctxAt(5, worker);
    const t = provideInfo(r, { answer: ANSWER, expiresAt: at(53) }, ctx);
    expectChange(r, t, ctx, ['referral.info_provided', 'offer.sent']);
    expect(t.referral.status).toBe('offered');
    expect(t.referral).not.toHaveProperty('hold');
    const fresh = offerOf(t.referral, 'sp-1');
    expect(fresh).toMatchObject({ state: 'pending', sentAt: at(5), expiresAt: at(53) });
    expect(fresh.id).not.toBe(askingOffer.id);
    expect(t.referral.exchanges).toEqual([
      {
        offerId: askingOffer.id,
        specialistId: 'sp-1',
        question: QUESTION,
        askedAt: at(2),
        answer: ANSWER,
        answeredAt: at(5),
        answeredBy: worker,
        nextOfferId: fresh.id,
      },
    ]);
    expect(t.events.map((e) => e.data)).toEqual([
      { offerId: askingOffer.id },
      { offerId: fresh.id, specialistId: 'sp-1', expiresAt: at(53) },
    ]);
    expect(JSON.stringify(t.events)).not.toContain('diabetic');
  });

  it('offers it again, with the same deadline, to the specialists whose offers the question withdrew', () => {
    const r = asked();
    const ctx = ctxAt(5, worker);
    const t = provideInfo(r, { answer: ANSWER, expiresAt: at(53) }, ctx);
    expectChange(r, t, ctx, ['referral.info_provided', 'offer.sent', 'offer.sent']);
    const again = offerOf(t.referral, 'sp-2');
    expect(again).toMatchObject({ state: 'pending', sentAt: at(5), expiresAt: at(53) });
    expect(again.id).not.toBe(offerOf(r, 'sp-2').id);
    expect(t.events[2]?.data).toEqual({ offerId: again.id, specialistId: 'sp-2', expiresAt: at(53) });
    // Its first offer stays withdrawn: that link says so; the new one is in a new email.
    expect(t.referral.offers.filter((o) => o.specialistId === 'sp-2').map((o) => o.state)).toEqual([
      'withdrawn',
      'pending',
    ]);
  });

  it('offers it to the asking specialist only on a hold from before the paused offers were kept', () => {
    const r = asked();
    const hold = r.hold!;
    const old = { ...r, hold: { ...hold, paused: undefined } } as typeof r;
    const t = provideInfo(old, { answer: ANSWER, expiresAt: at(53) }, ctxAt(5, worker));
    expect(t.referral.offers.filter((o) => o.state === 'pending').map((o) => o.specialistId)).toEqual([
      'sp-1',
    ]);
  });

  it('lets the specialist accept the fresh offer', () => {
    const r = provideInfo(asked(), { answer: ANSWER, expiresAt: at(53) }, ctxAt(5)).referral;
    const t = acceptOffer(
      r,
      { offerId: offerOf(r, 'sp-1').id, appointmentAt: at(80), place: 'Cabinet' },
      ctxAt(6, specialist('sp-1')),
    );
    expect(t.referral.status).toBe('scheduled');
  });

  it('refuses when no question is waiting', () => {
    expectRefusal(
      () => provideInfo(offered(), { answer: ANSWER, expiresAt: at(53) }, ctxAt(5)),
      'invalid_state',
    );
  });

  it('refuses an empty answer and an expiry that is not in the future', () => {
    const r = asked();
    expectRefusal(
      () => provideInfo(r, { answer: '', expiresAt: at(53) }, ctxAt(5)),
      'invalid_input',
      'answer',
    );
    expectRefusal(
      () => provideInfo(r, { answer: ANSWER, expiresAt: at(4) }, ctxAt(5)),
      'invalid_input',
      'expiresAt',
    );
  });
});

describe('returnWithAdvice', () => {
  it('closes the referral as returned with advice and withdraws the other offers', () => {
    const r = offered(['sp-1', 'sp-2']);
    const offer = offerOf(r, 'sp-1');
    const ctx = ctxAt(3, specialist('sp-1'));
    const t = returnWithAdvice(
      r,
      { offerId: offer.id, advice: 'Reading glasses from a pharmacy suffice.' },
      ctx,
    );
    expectChange(r, t, ctx, ['referral.returned_with_advice', 'offer.withdrawn', 'referral.closed']);
    expect(t.referral).toMatchObject({
      status: 'closed',
      closeReason: 'returned_with_advice',
      advice: 'Reading glasses from a pharmacy suffice.',
    });
    expect(offerOf(t.referral, 'sp-1')).toMatchObject({ state: 'returned', answeredAt: at(3) });
    expect(offerOf(t.referral, 'sp-2').state).toBe('withdrawn');
    expect(t.events.map((e) => e.data)).toEqual([
      { offerId: offer.id, specialistId: 'sp-1' },
      { offerId: offerOf(r, 'sp-2').id, specialistId: 'sp-2', why: 'closed' },
      { reason: 'returned_with_advice' },
    ]);
    expect(JSON.stringify(t.events)).not.toContain('pharmacy');
  });

  it('refuses empty advice', () => {
    const r = offered();
    expectRefusal(
      () => returnWithAdvice(r, { offerId: offerOf(r, 'sp-1').id, advice: '' }, ctxAt(3)),
      'invalid_input',
      'advice',
    );
  });

  it('refuses once the appointment was taken, or the request closed', () => {
    const s = scheduled();
    expectRefusal(
      () => returnWithAdvice(s, { offerId: offerOf(s, 'sp-2').id, advice: 'x' }, ctxAt(3)),
      'taken',
    );
    const r = offered();
    const closed = returnWithAdvice(r, { offerId: offerOf(r, 'sp-1').id, advice: 'x' }, ctxAt(3)).referral;
    expectRefusal(
      () => returnWithAdvice(closed, { offerId: offerOf(r, 'sp-1').id, advice: 'x' }, ctxAt(4)),
      'gone',
    );
    expectRefusal(() => returnWithAdvice(opened(), { offerId: 'nope', advice: 'x' }, ctxAt(4)), 'not_found');
  });
});
