import type { Actor, Offer, Referral } from '../../../../domain/referral/model.ts';

export const T0 = '2025-03-10T09:00:00.000Z';
const worker: Actor = { role: 'social_worker', id: 'sw-1' };

/** A referral as the state machine would hold it; tests override what they are about. */
export function referral(over: Partial<Referral> = {}): Referral {
  return {
    id: 'ref-1',
    org: 'mdm-lu',
    version: 1,
    status: 'open',
    pseudonym: 'ZEBRA-1985',
    need: { specialty: 'ophthalmology' },
    urgency: 'routine',
    reason: 'blurred vision both eyes',
    socialCheckDone: true,
    consent: { recordedBy: worker, at: T0, scope: 'share_minimum_with_specialist' },
    accompaniment: { required: false },
    languages: ['pt', 'fr'],
    interpreterNeeded: false,
    doNotContactDirectly: false,
    offers: [],
    counts: { absences: 0, noShows: 0 },
    createdAt: T0,
    createdBy: worker,
    updatedAt: T0,
    timeline: [],
    ...over,
  };
}

export function offer(over: Partial<Offer> & Pick<Offer, 'id'>): Offer {
  return {
    specialistId: `sp-${over.id}`,
    sentAt: T0,
    expiresAt: '2025-03-12T09:00:00.000Z',
    state: 'pending',
    ...over,
  };
}

/** A scheduled referral with its appointment at `at`. */
export function scheduled(at: string, over: Partial<Referral> = {}): Referral {
  return referral({
    status: 'scheduled',
    appointment: { at, place: 'CHL, eye clinic', specialistId: 'sp-a', offerId: 'o-a' },
    offers: [offer({ id: 'o-a', state: 'accepted', answeredAt: T0 })],
    ...over,
  });
}

export const plus = (instant: string, ms: number): string => new Date(Date.parse(instant) + ms).toISOString();
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
