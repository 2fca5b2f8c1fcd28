import type { Instant, Referral } from '../referral/model.ts';
import { closedAtOf } from './erasure.ts';

/**
 * How long a closed referral is kept before the sweep erases it (issue 13): `RELAIS_RETENTION_MONTHS`,
 * 24 by default. Counted from its closing, in calendar months.
 */
export interface RetentionSettings {
  readonly closedMonths: number;
}

export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = { closedMonths: 24 };

/**
 * How long an erasure holds a referral closed moments before (by the erasure's own withdrawal, or just
 * before it): the `referral.closed` consumers read the referral to tell its specialists neutrally that
 * the request is off, so it must outlive their delivery and its retries. Then the sweep erases it.
 */
export const TELL_HOLD_MS = 60 * 60 * 1000;

/** Reads `RELAIS_RETENTION_MONTHS` (a whole number of months, 1 to 120); refused by name when bad. */
export function retentionFromEnv(env: Readonly<Record<string, string | undefined>>): RetentionSettings {
  const raw = env['RELAIS_RETENTION_MONTHS'];
  if (raw === undefined || raw === '') return DEFAULT_RETENTION_SETTINGS;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 1 || months > 120) {
    throw new Error('Invalid configuration: RELAIS_RETENTION_MONTHS (a whole number of months, 1 to 120)');
  }
  return { closedMonths: months };
}

/** When a closed referral's retention ends: its closing plus the period. Open referrals: never. */
export function retentionEndsAt(r: Referral, settings: RetentionSettings): Instant | undefined {
  const closedAt = closedAtOf(r);
  if (closedAt === undefined) return undefined;
  const end = new Date(closedAt);
  end.setUTCMonth(end.getUTCMonth() + settings.closedMonths);
  return end.toISOString();
}

/** Whether the sweep erases this referral now. */
export const retentionOver = (r: Referral, settings: RetentionSettings, now: Instant): boolean => {
  const end = retentionEndsAt(r, settings);
  return end !== undefined && Date.parse(end) <= Date.parse(now);
};

/** Until when an erasure holds a closed referral (its closing may not have been told yet), if at all. */
export function heldUntil(r: Referral, now: Instant): Instant | undefined {
  const closedAt = closedAtOf(r);
  if (closedAt === undefined) return undefined;
  const until = Date.parse(closedAt) + TELL_HOLD_MS;
  return until > Date.parse(now) ? new Date(until).toISOString() : undefined;
}
