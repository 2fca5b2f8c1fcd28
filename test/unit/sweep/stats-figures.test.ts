import { describe, expect, it } from 'vitest';
import { EMPTY_COUNTERS, figuresOf, histogramMedian, suppress } from '../../../domain/stats/figures.ts';
import { needsReferral, statsChangeOf } from '../../../domain/stats/increments.ts';
import type { RelaisEvent } from '../../../events/catalog.ts';

const envelope = {
  id: 'e1',
  version: 1,
  at: '2026-03-01T10:00:00.000Z',
  referralId: 'r1',
  org: 'mdm-lu',
  actor: { role: 'system', id: 's' },
};
const ev = (type: string, data: Record<string, unknown>) =>
  ({ ...envelope, type, data }) as unknown as RelaisEvent;

describe('suppression', () => {
  it('hides counts from 1 to 4, shows 0 and 5 up', () => {
    expect([0, 1, 4, 5, 12].map(suppress)).toEqual([0, null, null, 5, 12]);
  });

  it('hides what derives from small counts: the median and the no-show rate', () => {
    const f = figuresOf('mdm-lu', 2026, {
      ...EMPTY_COUNTERS,
      referrals: 12,
      bySpecialty: { dental: 3, ophthalmology: 9 },
      daysToAppointment: { '3': 2, '10': 2 },
      outcomes: 10,
      noShows: 2,
      absences: 7,
      declineReasons: { no_capacity: 6, other: 1 },
    });
    expect(f).toMatchObject({
      referrals: 12,
      referralsBySpecialty: { dental: null, ophthalmology: 9 },
      medianDaysToAppointment: null,
      outcomes: 10,
      noShows: null,
      noShowRate: null,
      absences: 7,
      declineReasons: { no_capacity: 6, other: null },
    });
  });

  it('shows the median and the rate once there are enough', () => {
    const f = figuresOf('network', 2026, {
      ...EMPTY_COUNTERS,
      daysToAppointment: { '2': 1, '5': 3, '30': 2 },
      outcomes: 20,
      noShows: 5,
    });
    expect(f.medianDaysToAppointment).toBe(5);
    expect(f.noShowRate).toBe(0.25);
  });
});

describe('histogramMedian', () => {
  it('takes the lower middle of an even count, and nothing of an empty one', () => {
    expect(histogramMedian({ '1': 1, '9': 1 })).toBe(1);
    expect(histogramMedian({ '4': 3 })).toBe(4);
    expect(histogramMedian({})).toBeUndefined();
  });
});

describe('statsChangeOf', () => {
  it('counts an opening by specialty, with the person for distinct people', () => {
    const c = statsChangeOf(
      ev('referral.opened', { specialty: 'dental', urgency: 'soon', accompanimentRequired: true }),
      {
        pseudonym: 'ZEBRA-1',
        createdAt: envelope.at,
      },
    );
    expect(c).toEqual({
      year: 2026,
      increments: [{ field: 'referrals' }, { map: 'bySpecialty', key: 'dental' }],
      person: 'ZEBRA-1',
    });
  });

  it('counts days from opening to appointment, no-shows apart from absences, and decline reasons', () => {
    expect(
      statsChangeOf(
        ev('appointment.scheduled', { offerId: 'o', specialistId: 's', at: '2026-03-11T09:00:00.000Z' }),
        {
          pseudonym: 'X',
          createdAt: '2026-03-01T08:00:00.000Z',
        },
      )?.increments,
    ).toEqual([{ field: 'appointments' }, { map: 'daysToAppointment', key: '10' }]);
    // The opening date the event carries (envelope `openedAt`), with no referral read.
    const scheduled = {
      ...ev('appointment.scheduled', { offerId: 'o', specialistId: 's', at: '2026-03-11T09:00:00.000Z' }),
      openedAt: '2026-03-04T08:00:00.000Z',
    } as RelaisEvent;
    expect(needsReferral(scheduled)).toBe(false);
    expect(statsChangeOf(scheduled)?.increments).toEqual([
      { field: 'appointments' },
      { map: 'daysToAppointment', key: '7' },
    ]);
    expect(statsChangeOf(ev('outcome.recorded', { attended: false }))?.increments).toEqual([
      { field: 'outcomes' },
      { field: 'noShows' },
    ]);
    expect(statsChangeOf(ev('person.absent', {}))?.increments).toEqual([{ field: 'absences' }]);
    expect(
      statsChangeOf(ev('offer.declined', { offerId: 'o', specialistId: 's', reason: 'no_capacity' }))
        ?.increments,
    ).toEqual([{ map: 'declineReasons', key: 'no_capacity' }]);
    expect(
      statsChangeOf(ev('offer.sent', { offerId: 'o', specialistId: 's', expiresAt: envelope.at })),
    ).toBeUndefined();
  });
});

describe('needsReferral', () => {
  it('reads the referral for an opening (the person) and a scheduling written before `openedAt`', () => {
    expect(needsReferral(ev('referral.opened', { specialty: 'dental' }))).toBe(true);
    expect(needsReferral(ev('appointment.scheduled', { at: envelope.at }))).toBe(true);
    expect(
      needsReferral({ ...ev('appointment.scheduled', { at: envelope.at }), openedAt: envelope.at }),
    ).toBe(false);
    expect(needsReferral(ev('outcome.recorded', { attended: true }))).toBe(false);
  });
});
