import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  accompanimentViewSchema,
  anyReferralViewSchema,
  openViewSchema,
  referralViewListSchema,
} from '../../../functions/http/schemas/need-to-know.ts';
import { referralListSchema, referralViewSchema } from '../../../functions/http/schemas/referrals.ts';
import { exactly } from '../../../functions/http/views/exact.ts';
import {
  accompanimentReferralView,
  listedAs,
  openReferralView,
  viewedAs,
} from '../../../functions/http/views/need-to-know-view.ts';
import { referralView } from '../../../functions/http/views/referral-view.ts';
import { offer, referral, scheduled, T0 } from '../domain/timers/referral.fixture.ts';

const worker = { role: 'social_worker' as const, id: 'sw-1' };

// A referral with every optional part the view shows: outcome, follow-up, hold, exchanges, advice,
// a declined offer, a withdrawn consent and a timeline entry with its detail.
const full = scheduled('2025-03-20T09:00:00.000Z', {
  status: 'on_hold',
  offers: [
    offer({ id: 'o-a', state: 'accepted' }),
    offer({ id: 'o-b', state: 'declined', declineReason: 'no_capacity' }),
  ],
  outcome: { attended: true, recordedAt: T0, recordedBy: worker, followUpDueAt: T0, note: 'post-op check' },
  hold: { reason: 'more_info', since: T0, offerId: 'o-b', specialistId: 'sp-b', question: 'Recent glasses?' },
  exchanges: [
    {
      offerId: 'o-b',
      specialistId: 'sp-b',
      question: 'Recent glasses?',
      askedAt: T0,
      answer: 'None',
      answeredAt: T0,
      answeredBy: worker,
      nextOfferId: 'o-c',
    },
  ],
  advice: 'Reading glasses first',
  consent: {
    recordedBy: worker,
    at: T0,
    scope: 'share_minimum_with_specialist',
    withdrawnAt: T0,
    withdrawnBy: worker,
  },
  counts: { absences: 1, noShows: 0 },
  timeline: [
    { at: T0, actor: worker, action: 'offer.declined', detail: { offerId: 'o-b', reason: 'no_capacity' } },
  ],
});

describe('the referral view', () => {
  it('emits only what its response schema declares (parsing drops nothing), every part shown', () => {
    const view = referralView(full);
    expect(z.parse(referralViewSchema(), view)).toEqual(view);
    expect(view).toMatchObject({
      outcome: { attended: true },
      hold: { reason: 'more_info' },
      advice: 'Reading glasses first',
      counts: { absences: 1, noShows: 0 },
      followUp: { dueAt: T0, state: 'pending' },
    });
  });

  it('emits only what the list schema declares, without the timeline, for a bare referral too', () => {
    const items = [referralView(full, { timeline: false }), referralView(referral(), { timeline: false })];
    expect(items[0]).not.toHaveProperty('timeline');
    expect(z.parse(referralListSchema(), { items })).toEqual({ items });
  });
});

describe('the views below the referring organisation’s (need to know)', () => {
  const taken = {
    ...full,
    accompaniment: { required: true, accompanierId: 'acc-1', meetingPoint: 'Gare, quai 3', meetingAt: T0 },
  };

  it('gives the assigned accompanier what going with the person needs, never the case', () => {
    const view = accompanimentReferralView(taken);
    expect(z.parse(accompanimentViewSchema(), view)).toEqual(view);
    expect(view).toMatchObject({ view: 'accompaniment', pseudonym: taken.pseudonym });
    expect(view.accompaniment.meetingPoint).toBe('Gare, quai 3');
    for (const key of ['reason', 'exchanges', 'advice', 'outcome', 'hold', 'offers', 'consent']) {
      expect(view).not.toHaveProperty(key);
    }
    expect(view.timeline[0]).not.toHaveProperty('detail');
    const text = JSON.stringify(view);
    for (const secret of [
      'post-op check',
      'Recent glasses?',
      'None',
      'Reading glasses first',
      taken.reason,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('gives another accompanier time, place and specialty, not who the person is nor their languages', () => {
    const view = openReferralView(scheduled('2025-03-20T09:00:00.000Z'));
    expect(z.parse(openViewSchema(), view)).toEqual(view);
    expect(Object.keys(view).sort()).toEqual(['appointment', 'id', 'need', 'version', 'view'].sort());
  });

  it('lists each view as its list schema declares, without the timeline', () => {
    const items = (['full', 'accompaniment', 'coordination', 'open'] as const).map((v) => listedAs(taken, v));
    for (const item of items) expect(item).not.toHaveProperty('timeline');
    expect(z.parse(referralViewListSchema(), { items })).toEqual({ items });
    for (const v of ['full', 'accompaniment', 'coordination', 'open'] as const) {
      const one = viewedAs(taken, v);
      expect(z.parse(anyReferralViewSchema(), one)).toEqual(one);
    }
  });
});

describe('exactly', () => {
  const asShape = exactly<{ a: string; nested?: { b: number } }>();

  it('passes a value with the declared keys through', () => {
    expect(asShape({ a: 'x', nested: { b: 1 } })).toEqual({ a: 'x', nested: { b: 1 } });
  });

  it('refuses at compile time a key the type lacks, even from a spread or a variable', () => {
    const extra = { b: 1, c: 2 };
    // @ts-expect-error `extra` is not a key of the shape
    asShape({ a: 'x', ...(extra.c ? { extra } : {}) });
    // @ts-expect-error `c` is not a key of `nested`
    asShape({ a: 'x', nested: extra });
  });
});
