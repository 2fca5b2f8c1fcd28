import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETENTION_SETTINGS,
  heldUntil,
  retentionEndsAt,
  retentionFromEnv,
  retentionOver,
} from '../../../../domain/people/retention.ts';
import type { Referral } from '../../../../domain/referral/model.ts';

const closed = (at: string) =>
  ({
    status: 'closed',
    updatedAt: '2027-01-01T00:00:00.000Z',
    timeline: [
      {
        at: '2026-01-10T08:00:00.000Z',
        actor: { role: 'social_worker', id: 'a' },
        action: 'referral.opened',
      },
      { at, actor: { role: 'social_worker', id: 'a' }, action: 'referral.closed' },
    ],
  }) as unknown as Referral;

describe('retention of closed referrals', () => {
  it('is 24 months by default, RELAIS_RETENTION_MONTHS otherwise, and refuses a bad value by name', () => {
    expect(retentionFromEnv({})).toEqual({ closedMonths: 24 });
    expect(retentionFromEnv({ RELAIS_RETENTION_MONTHS: '6' })).toEqual({ closedMonths: 6 });
    for (const bad of ['0', '1.5', 'two', '121']) {
      expect(() => retentionFromEnv({ RELAIS_RETENTION_MONTHS: bad })).toThrow(/RELAIS_RETENTION_MONTHS/);
    }
  });

  it('ends that many calendar months after the closing, not the last change', () => {
    const r = closed('2026-03-31T10:00:00.000Z');
    expect(retentionEndsAt(r, DEFAULT_RETENTION_SETTINGS)).toBe('2028-03-31T10:00:00.000Z');
    expect(retentionOver(r, DEFAULT_RETENTION_SETTINGS, '2028-03-31T09:59:59.999Z')).toBe(false);
    expect(retentionOver(r, DEFAULT_RETENTION_SETTINGS, '2028-03-31T10:00:00.000Z')).toBe(true);
    expect(
      retentionEndsAt({ ...r, status: 'offered' } as Referral, DEFAULT_RETENTION_SETTINGS),
    ).toBeUndefined();
  });

  it('holds a referral closed within the hour, until an hour after its closing', () => {
    const r = closed('2026-11-25T09:00:00.000Z');
    expect(heldUntil(r, '2026-11-25T09:30:00.000Z')).toBe('2026-11-25T10:00:00.000Z');
    expect(heldUntil(r, '2026-11-25T10:00:00.000Z')).toBeUndefined();
  });
});
