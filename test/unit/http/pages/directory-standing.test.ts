import { describe, expect, it } from 'vitest';
import type { Specialist } from '../../../../domain/directory/model.ts';
import { statesOf } from '../../../../functions/http/pages/directory/standing.ts';

/* The directory page's state of an entry: every reason matching's one rule finds, in its order. */

const NOW = '2026-11-25T09:00:00.000Z';
const entry = (overrides: Partial<Specialist> = {}): Specialist => ({
  id: 'sp-1',
  kind: 'doctor',
  displayName: 'Dr Test',
  email: 'test@clinic.example',
  specialty: 'ophthalmology',
  practice: 'Luxembourg',
  languages: ['fr'],
  locale: 'fr',
  active: true,
  monthlyQuota: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

describe('the state of a directory entry', () => {
  it('is eligible when matching may offer it something now', () => {
    expect(statesOf(entry(), { monthCount: 1 }, NOW)).toEqual(['eligible']);
    // Another country does not matter here: the page is about the entry, not a referral.
    expect(statesOf(entry({ country: 'BE' }), undefined, NOW)).toEqual(['eligible']);
  });

  it('names every reason it gets nothing now, in the order matching checks them', () => {
    const waiting = entry({
      active: false,
      approval: 'pending',
      addressConfirmed: false,
      pausedUntil: '2026-12-01T00:00:00Z',
      absences: [{ from: '2026-11-20T00:00:00Z', until: '2026-11-30T00:00:00Z' }],
    });
    expect(statesOf(waiting, { monthCount: 2 }, NOW)).toEqual([
      'inactive',
      'pending_approval',
      'address_unconfirmed',
      'paused',
      'away',
      'quota_reached',
    ]);
  });

  it('leaves out what is over: a pause past, an absence ahead', () => {
    const s = entry({
      pausedUntil: '2026-11-01T00:00:00Z',
      absences: [{ from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' }],
    });
    expect(statesOf(s, { monthCount: 0 }, NOW)).toEqual(['eligible']);
    expect(statesOf(entry({ monthlyQuota: 0 }), undefined, NOW)).toEqual(['quota_reached']);
  });
});
