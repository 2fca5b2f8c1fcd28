import { describe, expect, it } from 'vitest';
import {
  pauseForDeliveryFailure,
  UNTIL_LIFTED,
} from '../../../domain/directory/pause-for-delivery-failure.ts';
import { linkState, offerLinkState, outcomeLinkState } from '../../../domain/links/link-state.ts';
import { sharedView } from '../../../domain/links/view-link.ts';
import {
  closeReferral,
  declineOffer,
  expireOffer,
  provideInfo,
  recordOutcome,
  requestMoreInfo,
} from '../../../domain/referral/rules/index.ts';
import { localToInstant } from '../../../functions/ui/local-time.ts';
import {
  at,
  ctxAt,
  offered,
  offerOf,
  opened,
  scheduled,
  specialist,
  system,
} from '../domain/referral/builders.ts';

describe('what a link can still do', () => {
  it('is open while its offer is pending, before its deadline, on a referral on offer', () => {
    const r = offered();
    expect(offerLinkState(r, offerOf(r, 'sp-1').id, at(2))).toBe('open');
    expect(offerLinkState(r, offerOf(r, 'sp-1').id, at(49))).toBe('expired');
    expect(offerLinkState(r, 'no-such-offer', at(2))).toBe('invalid');
    expect(offerLinkState(undefined, 'x', at(2))).toBe('invalid');
  });

  it('says used once answered, taken for the others once one accepted', () => {
    const r = scheduled();
    expect(offerLinkState(r, offerOf(r, 'sp-1').id, at(3))).toBe('used');
    expect(offerLinkState(r, offerOf(r, 'sp-2').id, at(3))).toBe('taken');
    const o = offered();
    const declined = declineOffer(o, { offerId: offerOf(o, 'sp-1').id, reason: 'other' }, ctxAt(2));
    expect(offerLinkState(declined.referral, offerOf(o, 'sp-1').id, at(3))).toBe('used');
  });

  it('says expired once the sweep expired it, closed once the referral closed', () => {
    const r = offered();
    const expired = expireOffer(r, { offerId: offerOf(r, 'sp-1').id }, ctxAt(50, system)).referral;
    expect(offerLinkState(expired, offerOf(r, 'sp-1').id, at(50))).toBe('expired');
    const closed = closeReferral(r, { reason: 'cancelled' }, ctxAt(3)).referral;
    expect(offerLinkState(closed, offerOf(r, 'sp-2').id, at(3))).toBe('closed');
  });

  it('waits while the question is open, then is used; the other links are closed meanwhile', () => {
    const r = offered();
    const asked = requestMoreInfo(
      r,
      { offerId: offerOf(r, 'sp-1').id, question: 'Any letter?' },
      ctxAt(2, specialist('sp-1')),
    );
    expect(offerLinkState(asked.referral, offerOf(r, 'sp-1').id, at(3))).toBe('waiting');
    expect(offerLinkState(asked.referral, offerOf(r, 'sp-2').id, at(3))).toBe('closed');
    const answered = provideInfo(asked.referral, { answer: 'Yes.', expiresAt: at(60) }, ctxAt(4)).referral;
    expect(offerLinkState(answered, offerOf(r, 'sp-1').id, at(5))).toBe('used');
    expect(offerLinkState(answered, offerOf(answered, 'sp-1').id, at(5))).toBe('open');
  });

  it('opens an outcome link for the accepted offer only, until an outcome is recorded', () => {
    const r = scheduled();
    const accepted = offerOf(r, 'sp-1').id;
    expect(outcomeLinkState(r, accepted)).toBe('open');
    expect(outcomeLinkState(r, offerOf(r, 'sp-2').id)).toBe('invalid');
    const done = recordOutcome(r, { attended: true }, ctxAt(80, specialist('sp-1'))).referral;
    expect(outcomeLinkState(done, accepted)).toBe('used');
  });

  it('holds an outcome link as uncertain while the person is missing at the meeting point, not closed', () => {
    const r = scheduled();
    const accepted = offerOf(r, 'sp-1').id;
    const absent: typeof r = { ...r, status: 'on_hold', hold: { reason: 'person_absent', since: at(70) } };
    expect(outcomeLinkState(absent, accepted)).toBe('uncertain');
    expect(outcomeLinkState({ ...r, status: 'closed' }, accepted)).toBe('closed');
  });

  it('refuses a link whose referral is not the one it was signed for', () => {
    const r = offered();
    expect(
      linkState(r, { purpose: 'offer', offerId: offerOf(r, 'sp-1').id, referralId: 'other' }, at(2)),
    ).toBe('invalid');
  });
});

describe('what a specialist may see', () => {
  it('holds the shared minimum and nothing of the person', () => {
    const view = sharedView(opened(), undefined);
    expect(JSON.stringify(view)).not.toMatch(/ZEBRA|cataract|blurred/);
    expect(view).toEqual({
      specialty: 'ophthalmology',
      urgency: 'routine',
      languages: ['pt', 'fr'],
      interpreterNeeded: false,
      accompanied: true,
      contactThroughOrganisationOnly: false,
      referringOrg: { name: 'mdm-lu', contact: '' },
    });
  });
});

describe('local times from the page', () => {
  it('reads a local time in its zone, across daylight saving', () => {
    expect(localToInstant('2026-11-27T10:30', 'Europe/Luxembourg')?.toISOString()).toBe(
      '2026-11-27T09:30:00.000Z',
    );
    expect(localToInstant('2026-07-01T10:30', 'Europe/Luxembourg')?.toISOString()).toBe(
      '2026-07-01T08:30:00.000Z',
    );
    // Skipped by the spring change: moves forward with the clocks.
    expect(localToInstant('2026-03-29T02:30', 'Europe/Luxembourg')?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(localToInstant('2026-02-31T10:00', 'Europe/Luxembourg')).toBeUndefined();
    expect(localToInstant('27/11/2026 10:30', 'Europe/Luxembourg')).toBeUndefined();
  });
});

describe('pausing after a delivery failure', () => {
  const s = {
    id: 'sp-1',
    kind: 'doctor' as const,
    displayName: 'Dr A',
    email: 'a@clinic.example',
    specialty: 'ophthalmology' as const,
    practice: 'Luxembourg',
    languages: ['fr'],
    locale: 'fr' as const,
    active: true,
    monthlyQuota: 4,
    createdAt: at(0),
    updatedAt: at(0),
  };
  const now = new Date(at(10));

  it('pauses until lifted for a permanent bounce or a complaint, a few days for a transient one', () => {
    expect(pauseForDeliveryFailure(s, 'permanent_bounce', now)?.pausedUntil).toBe(UNTIL_LIFTED);
    expect(pauseForDeliveryFailure(s, 'complaint', now)?.pausedUntil).toBe(UNTIL_LIFTED);
    expect(pauseForDeliveryFailure(s, 'transient_bounce', now)?.pausedUntil).toBe(at(10 + 72));
    expect(pauseForDeliveryFailure(s, 'complaint', now)?.version).toBe(2);
  });

  it('keeps a longer pause, and changes nothing on a repeat', () => {
    const paused = pauseForDeliveryFailure(s, 'permanent_bounce', now)!;
    expect(pauseForDeliveryFailure(paused, 'transient_bounce', now)).toBeUndefined();
    expect(pauseForDeliveryFailure(paused, 'permanent_bounce', now)).toBeUndefined();
    expect(pauseForDeliveryFailure({ ...s, pausedUntil: 'garbage' }, 'complaint', now)).toBeUndefined();
  });
});
