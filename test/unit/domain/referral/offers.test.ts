import { describe, expect, it } from 'vitest';
import {
  acceptOffer,
  askedAlready,
  askedBefore,
  closeReferral,
  declineOffer,
  expireOffer,
  markCandidatesExhausted,
  offerTo,
  requestMoreInfo,
} from '../../../../domain/referral/rules/index.ts';
import {
  at,
  ctxAt,
  expectChange,
  expectRefusal,
  expectUnchanged,
  offered,
  offerOf,
  opened,
  scheduled,
  specialist,
  system,
} from './builders.ts';

const accept = (offerId: string, appointmentHours = 72) => ({
  offerId,
  appointmentAt: at(appointmentHours),
  place: 'Cabinet',
});

describe('offerTo', () => {
  it('sends one pending offer per specialist and moves to offered', () => {
    const r = opened();
    const ctx = ctxAt(1);
    const t = offerTo(
      r,
      [
        { specialistId: 'sp-1', expiresAt: at(49) },
        { specialistId: 'sp-2', expiresAt: at(49) },
      ],
      ctx,
    );
    expectChange(r, t, ctx, ['offer.sent', 'offer.sent']);
    expect(t.referral.status).toBe('offered');
    expect(t.referral.offers).toEqual([
      expect.objectContaining({ specialistId: 'sp-1', state: 'pending', sentAt: at(1), expiresAt: at(49) }),
      expect.objectContaining({ specialistId: 'sp-2', state: 'pending', sentAt: at(1), expiresAt: at(49) }),
    ]);
    expect(t.events.map((e) => e.data)).toEqual(
      t.referral.offers.map((o) => ({ offerId: o.id, specialistId: o.specialistId, expiresAt: o.expiresAt })),
    );
  });

  it('adds offers to a referral already on offer', () => {
    const r = offered(['sp-1']);
    const ctx = ctxAt(5);
    const t = offerTo(r, [{ specialistId: 'sp-3', expiresAt: at(30) }], ctx);
    expectChange(r, t, ctx, ['offer.sent']);
    expect(t.referral.offers.filter((o) => o.state === 'pending').map((o) => o.specialistId)).toEqual([
      'sp-1',
      'sp-3',
    ]);
  });

  it('refuses to offer twice to a specialist whose offer is pending', () => {
    const r = offered(['sp-1']);
    expectRefusal(() => offerTo(r, [{ specialistId: 'sp-1', expiresAt: at(50) }], ctxAt(2)), 'conflict');
  });

  it('refuses to offer again to a specialist who declined', () => {
    const r = offered(['sp-1']);
    const declined = declineOffer(
      r,
      { offerId: offerOf(r, 'sp-1').id, reason: 'no_capacity' },
      ctxAt(2, specialist('sp-1')),
    ).referral;
    expect(declined.status).toBe('open');
    // A rule of the referral's state (they said no), not a concurrent change: 422, naming the field.
    expectRefusal(
      () => offerTo(declined, [{ specialistId: 'sp-1', expiresAt: at(50) }], ctxAt(3)),
      'invalid_state',
      'specialistId',
    );
    expect(askedAlready(declined, 'sp-1')).toBe('declined');
  });

  it('offers again to a specialist who let an offer expire, when named: they did not say no', () => {
    const r = offered(['sp-1']);
    const expired = expireOffer(r, { offerId: offerOf(r, 'sp-1').id }, ctxAt(49, system)).referral;
    expect(askedBefore(expired, 'sp-1')).toBe(false);
    const ctx = ctxAt(50);
    const t = offerTo(expired, [{ specialistId: 'sp-1', expiresAt: at(90) }], ctx);
    expectChange(expired, t, ctx, ['offer.sent']);
    expect(t.referral.offers.map((o) => [o.specialistId, o.state])).toEqual([
      ['sp-1', 'expired'],
      ['sp-1', 'pending'],
    ]);
  });

  it('refuses the same specialist twice in one request', () => {
    const r = opened();
    const twice = [
      { specialistId: 'sp-1', expiresAt: at(49) },
      { specialistId: 'sp-1', expiresAt: at(49) },
    ];
    expectRefusal(() => offerTo(r, twice, ctxAt(1)), 'invalid_input', 'specialistId');
  });

  it('refuses an empty list and an expiry that is not in the future', () => {
    const r = opened();
    expectRefusal(() => offerTo(r, [], ctxAt(1)), 'invalid_input', 'offers');
    expectRefusal(
      () => offerTo(r, [{ specialistId: 'sp-1', expiresAt: at(1) }], ctxAt(1)),
      'invalid_input',
      'expiresAt',
    );
  });

  it('refuses once the referral is scheduled or closed', () => {
    expectRefusal(
      () => offerTo(scheduled(), [{ specialistId: 'sp-9', expiresAt: at(90) }], ctxAt(3)),
      'invalid_state',
    );
    const closed = closeReferral(opened(), { reason: 'cancelled' }, ctxAt(1)).referral;
    expectRefusal(
      () => offerTo(closed, [{ specialistId: 'sp-9', expiresAt: at(90) }], ctxAt(3)),
      'invalid_state',
    );
  });

  it('clears a previous exhaustion of candidates', () => {
    const exhausted = markCandidatesExhausted(opened(), ctxAt(1, system)).referral;
    expect(exhausted.candidatesExhaustedAt).toBe(at(1));
    const t = offerTo(exhausted, [{ specialistId: 'sp-1', expiresAt: at(49) }], ctxAt(2));
    expect(t.referral).not.toHaveProperty('candidatesExhaustedAt');
  });
});

describe('acceptOffer', () => {
  it('schedules the appointment and withdraws the other pending offers as taken', () => {
    const r = offered(['sp-1', 'sp-2', 'sp-3']);
    const offer = offerOf(r, 'sp-2');
    const ctx = ctxAt(2, specialist('sp-2'));
    const t = acceptOffer(r, { offerId: offer.id, appointmentAt: at(72), place: 'Cabinet B' }, ctx);
    expectChange(r, t, ctx, ['appointment.scheduled', 'offer.withdrawn', 'offer.withdrawn']);
    expect(t.referral.status).toBe('scheduled');
    expect(t.referral.appointment).toEqual({
      at: at(72),
      place: 'Cabinet B',
      specialistId: 'sp-2',
      offerId: offer.id,
    });
    expect(t.referral.offers.map((o) => [o.specialistId, o.state])).toEqual([
      ['sp-1', 'withdrawn'],
      ['sp-2', 'accepted'],
      ['sp-3', 'withdrawn'],
    ]);
    expect(offerOf(t.referral, 'sp-2').answeredAt).toBe(at(2));
    expect(t.events[0]?.data).toEqual({ offerId: offer.id, specialistId: 'sp-2', at: at(72) });
    expect(t.events.slice(1).map((e) => e.data)).toEqual([
      { offerId: offerOf(r, 'sp-1').id, specialistId: 'sp-1', why: 'taken' },
      { offerId: offerOf(r, 'sp-3').id, specialistId: 'sp-3', why: 'taken' },
    ]);
  });

  it('refuses a second acceptance by another specialist as taken', () => {
    const r = offered();
    const first = acceptOffer(r, accept(offerOf(r, 'sp-1').id), ctxAt(2, specialist('sp-1'))).referral;
    expectRefusal(
      () => acceptOffer(first, accept(offerOf(r, 'sp-2').id), ctxAt(3, specialist('sp-2'))),
      'taken',
    );
  });

  it('refuses a second click on the same accepted link as gone', () => {
    const r = offered();
    const first = acceptOffer(r, accept(offerOf(r, 'sp-1').id), ctxAt(2, specialist('sp-1'))).referral;
    expectRefusal(
      () => acceptOffer(first, accept(offerOf(r, 'sp-1').id), ctxAt(3, specialist('sp-1'))),
      'gone',
    );
  });

  it('refuses an unknown offer as not found', () => {
    expectRefusal(() => acceptOffer(offered(), accept('nope'), ctxAt(2)), 'not_found');
  });

  it('refuses on a closed referral as gone', () => {
    const r = offered();
    const closed = closeReferral(r, { reason: 'cancelled' }, ctxAt(2)).referral;
    const err = expectRefusal(() => acceptOffer(closed, accept(offerOf(r, 'sp-1').id), ctxAt(3)), 'gone');
    // The same refusal as the link's page: decided once, by the link state.
    expect(err).toMatchObject({ name: 'LinkRefusedError', state: 'closed' });
  });

  it('refuses an offer past its expiry time, even before the sweep expired it', () => {
    const r = offered();
    expectRefusal(
      () => acceptOffer(r, accept(offerOf(r, 'sp-1').id, 100), ctxAt(49, specialist('sp-1'))),
      'gone',
    );
  });

  it('refuses an expired offer as gone', () => {
    const r = offered();
    const offerId = offerOf(r, 'sp-1').id;
    const expired = expireOffer(r, { offerId }, ctxAt(10, system)).referral;
    expectRefusal(() => acceptOffer(expired, accept(offerId), ctxAt(11)), 'gone');
  });

  it('refuses an offer already declined as gone, one that asked a question as waiting', () => {
    const r = offered();
    const offerId = offerOf(r, 'sp-1').id;
    const declined = declineOffer(r, { offerId, reason: 'other' }, ctxAt(2)).referral;
    expectRefusal(() => acceptOffer(declined, accept(offerId), ctxAt(3)), 'gone');
    const asked = requestMoreInfo(r, { offerId, question: 'Allergies?' }, ctxAt(2)).referral;
    // The question waits for its answer: the link's page says so too (409).
    const waiting = expectRefusal(() => acceptOffer(asked, accept(offerId), ctxAt(3)), 'conflict');
    expect(waiting).toMatchObject({ state: 'waiting' });
  });

  it('refuses an offer withdrawn while another specialist asks a question as gone', () => {
    const r = offered();
    const asked = requestMoreInfo(
      r,
      { offerId: offerOf(r, 'sp-1').id, question: 'Allergies?' },
      ctxAt(2),
    ).referral;
    expectRefusal(() => acceptOffer(asked, accept(offerOf(r, 'sp-2').id), ctxAt(3)), 'gone');
  });

  it('refuses an appointment that is not after now', () => {
    const r = offered();
    const offerId = offerOf(r, 'sp-1').id;
    expectRefusal(() => acceptOffer(r, accept(offerId, 2), ctxAt(2)), 'invalid_input', 'appointmentAt');
    expectRefusal(
      () => acceptOffer(r, { offerId, appointmentAt: 'tomorrow', place: 'x' }, ctxAt(2)),
      'invalid_input',
      'appointmentAt',
    );
  });
});

describe('declineOffer', () => {
  it('records the reason code and keeps the referral on offer while another offer is pending', () => {
    const r = offered();
    const offer = offerOf(r, 'sp-1');
    const ctx = ctxAt(2, specialist('sp-1'));
    const t = declineOffer(r, { offerId: offer.id, reason: 'dates_impossible' }, ctx);
    expectChange(r, t, ctx, ['offer.declined']);
    expect(t.referral.status).toBe('offered');
    expect(offerOf(t.referral, 'sp-1')).toMatchObject({
      state: 'declined',
      declineReason: 'dates_impossible',
      answeredAt: at(2),
    });
    expect(t.events[0]?.data).toEqual({
      offerId: offer.id,
      specialistId: 'sp-1',
      reason: 'dates_impossible',
    });
    expect(t.referral.timeline.at(-1)?.detail).toEqual(t.events[0]?.data);
  });

  it('goes back to open when the last pending offer is declined', () => {
    const r = offered(['sp-1']);
    const t = declineOffer(r, { offerId: offerOf(r, 'sp-1').id, reason: 'no_capacity' }, ctxAt(2));
    expect(t.referral.status).toBe('open');
  });

  it('refuses an unknown reason code', () => {
    const r = offered();
    expectRefusal(
      () => declineOffer(r, { offerId: offerOf(r, 'sp-1').id, reason: 'busy' as never }, ctxAt(2)),
      'invalid_input',
      'reason',
    );
  });

  it('refuses a second decline on the same link as gone', () => {
    const r = offered();
    const offerId = offerOf(r, 'sp-1').id;
    const once = declineOffer(r, { offerId, reason: 'other' }, ctxAt(2)).referral;
    expectRefusal(() => declineOffer(once, { offerId, reason: 'other' }, ctxAt(3)), 'gone');
  });

  it('refuses after another specialist took the appointment', () => {
    const r = offered();
    const taken = acceptOffer(r, accept(offerOf(r, 'sp-1').id), ctxAt(2)).referral;
    expectRefusal(
      () => declineOffer(taken, { offerId: offerOf(r, 'sp-2').id, reason: 'other' }, ctxAt(3)),
      'taken',
    );
  });
});

describe('expireOffer', () => {
  it('expires a pending offer and goes back to open when none is left', () => {
    const r = offered(['sp-1']);
    const offer = offerOf(r, 'sp-1');
    const ctx = ctxAt(49, system);
    const t = expireOffer(r, { offerId: offer.id }, ctx);
    expectChange(r, t, ctx, ['offer.expired']);
    expect(t.referral.status).toBe('open');
    expect(offerOf(t.referral, 'sp-1').state).toBe('expired');
    expect(t.events[0]?.data).toEqual({ offerId: offer.id, specialistId: 'sp-1' });
  });

  it('stays on offer while another offer is pending', () => {
    const r = offered();
    const t = expireOffer(r, { offerId: offerOf(r, 'sp-1').id }, ctxAt(49, system));
    expect(t.referral.status).toBe('offered');
  });

  it('changes nothing for an offer that is no longer pending', () => {
    const r = offered();
    const offerId = offerOf(r, 'sp-1').id;
    const declined = declineOffer(r, { offerId, reason: 'other' }, ctxAt(2)).referral;
    expectUnchanged(declined, expireOffer(declined, { offerId }, ctxAt(49, system)));
    const expired = expireOffer(r, { offerId }, ctxAt(49, system)).referral;
    expectUnchanged(expired, expireOffer(expired, { offerId }, ctxAt(49, system)));
  });

  it('refuses an unknown offer as not found', () => {
    expectRefusal(() => expireOffer(offered(), { offerId: 'nope' }, ctxAt(49, system)), 'not_found');
  });
});

describe('markCandidatesExhausted', () => {
  it('records that no candidate is left and stays open', () => {
    const r = opened();
    const ctx = ctxAt(1, system);
    const t = markCandidatesExhausted(r, ctx);
    expectChange(r, t, ctx, ['referral.candidates_exhausted']);
    expect(t.referral.status).toBe('open');
    expect(t.referral.timeline.at(-1)).not.toHaveProperty('detail');
  });

  it('changes nothing when marked again before anything was offered', () => {
    const once = markCandidatesExhausted(opened(), ctxAt(1, system)).referral;
    expectUnchanged(once, markCandidatesExhausted(once, ctxAt(2, system)));
  });

  it('changes nothing while offers are pending', () => {
    const r = offered();
    expectUnchanged(r, markCandidatesExhausted(r, ctxAt(2, system)));
  });

  it('refuses once the referral is scheduled', () => {
    expectRefusal(() => markCandidatesExhausted(scheduled(), ctxAt(3, system)), 'invalid_state');
  });
});
