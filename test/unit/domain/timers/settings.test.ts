import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import {
  DEFAULT_TIMER_SETTINGS,
  offerExpiresAt,
  parseDuration,
  settingsFromEnv,
  TIMER_ENV,
} from '../../../../domain/timers/settings.ts';

const H = 3_600_000;
const M = 60_000;

describe('DEFAULT_TIMER_SETTINGS', () => {
  it("holds PRODUCT.md's timer table", () => {
    expect(DEFAULT_TIMER_SETTINGS).toEqual({
      offerWindowMs: { routine: 48 * H, soon: 24 * H, urgent: 4 * H },
      noAccompanierLeadMs: 24 * H,
      arrivalGraceMs: 30 * M,
      outcomeGraceMs: 48 * H,
      specialistReminderFraction: 0.5,
      accompanierReminderMinuteUtc: 18 * 60,
      offersAtOnce: 2,
      questionWindowMs: { routine: 48 * H, soon: 24 * H, urgent: 4 * H },
      absenceWindowMs: { routine: 72 * H, soon: 48 * H, urgent: 24 * H },
    });
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_TIMER_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_TIMER_SETTINGS.offerWindowMs)).toBe(true);
    expect(Object.isFrozen(DEFAULT_TIMER_SETTINGS.questionWindowMs)).toBe(true);
    expect(Object.isFrozen(DEFAULT_TIMER_SETTINGS.absenceWindowMs)).toBe(true);
  });
});

describe('parseDuration', () => {
  it.each([
    ['PT49H', 49 * H],
    ['P2D', 48 * H],
    ['P1DT12H30M', 36 * H + 30 * M],
    ['PT30M', 30 * M],
    ['PT90S', 90_000],
    ['PT0.5S', 500],
    ['PT0S', 0],
    ['p1d', 24 * H],
    [' PT4H ', 4 * H],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    'P1Y',
    'P1M',
    'P1W',
    'P1H',
    'PT-1H',
    'PT1.5H',
    'P1.5D',
    'PT4H30',
    'PT1S1M',
    '4h',
    '48',
    'PT4H and more',
  ])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DomainError);
  });

  it('says what it expects, as invalid_input', () => {
    try {
      parseDuration('4 hours');
      expect.unreachable();
    } catch (err) {
      expect((err as DomainError).kind).toBe('invalid_input');
      expect((err as DomainError).message).toMatch(/ISO 8601 duration/);
    }
  });
});

describe('settingsFromEnv', () => {
  it('keeps the defaults when nothing is set, and ignores other variables', () => {
    expect(settingsFromEnv({ PATH: '/usr/bin', RELAIS_SOMETHING_ELSE: 'x' })).toEqual(DEFAULT_TIMER_SETTINGS);
  });

  it('overrides each setting from its variable', () => {
    const s = settingsFromEnv({
      RELAIS_OFFER_WINDOW_ROUTINE: 'P3D',
      RELAIS_OFFER_WINDOW_SOON: 'PT36H',
      RELAIS_OFFER_WINDOW_URGENT: 'PT2H',
      [TIMER_ENV.noAccompanierLead]: 'PT48H',
      [TIMER_ENV.arrivalGrace]: 'PT15M',
      [TIMER_ENV.outcomeGrace]: 'P3D',
      [TIMER_ENV.specialistReminderFraction]: '0.25',
      [TIMER_ENV.accompanierReminderAt]: '17:45',
      [TIMER_ENV.offersAtOnce]: '3',
      RELAIS_QUESTION_WINDOW_ROUTINE: 'PT36H',
      RELAIS_QUESTION_WINDOW_SOON: 'PT12H',
      RELAIS_QUESTION_WINDOW_URGENT: 'PT2H',
      RELAIS_ABSENCE_WINDOW_ROUTINE: 'P5D',
      RELAIS_ABSENCE_WINDOW_SOON: 'P2D',
      RELAIS_ABSENCE_WINDOW_URGENT: 'PT12H',
    });
    expect(s).toEqual({
      offerWindowMs: { routine: 72 * H, soon: 36 * H, urgent: 2 * H },
      noAccompanierLeadMs: 48 * H,
      arrivalGraceMs: 15 * M,
      outcomeGraceMs: 72 * H,
      specialistReminderFraction: 0.25,
      accompanierReminderMinuteUtc: 17 * 60 + 45,
      offersAtOnce: 3,
      questionWindowMs: { routine: 36 * H, soon: 12 * H, urgent: 2 * H },
      absenceWindowMs: { routine: 120 * H, soon: 48 * H, urgent: 12 * H },
    });
  });

  it('treats an empty value as unset', () => {
    expect(settingsFromEnv({ RELAIS_OFFER_WINDOW_URGENT: '  ' })).toEqual(DEFAULT_TIMER_SETTINGS);
  });

  it('does not change the defaults it starts from', () => {
    settingsFromEnv({ RELAIS_OFFER_WINDOW_URGENT: 'PT1H' });
    expect(DEFAULT_TIMER_SETTINGS.offerWindowMs.urgent).toBe(4 * H);
  });

  it.each([
    ['RELAIS_OFFER_WINDOW_ROUTINE', '48h', /ISO 8601 duration/],
    ['RELAIS_OFFER_WINDOW_URGENT', 'PT0S', /longer than zero/],
    ['RELAIS_QUESTION_WINDOW_SOON', 'tomorrow', /ISO 8601 duration/],
    ['RELAIS_ABSENCE_WINDOW_URGENT', 'PT0S', /longer than zero/],
    ['RELAIS_ARRIVAL_GRACE', 'P1M', /ISO 8601 duration/],
    ['RELAIS_SPECIALIST_REMINDER_FRACTION', '1.5', /between 0 and 1/],
    ['RELAIS_SPECIALIST_REMINDER_FRACTION', 'half', /between 0 and 1/],
    ['RELAIS_ACCOMPANIER_REMINDER_AT', '6pm', /HH:MM/],
    ['RELAIS_ACCOMPANIER_REMINDER_AT', '24:00', /HH:MM/],
    ['RELAIS_OFFERS_AT_ONCE', '0', /from 1 to 20/],
    ['RELAIS_OFFERS_AT_ONCE', '2.5', /from 1 to 20/],
  ])('refuses %s=%j, naming the variable', (key, value, rule) => {
    try {
      settingsFromEnv({ [key]: value });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).field).toBe(key);
      expect((err as DomainError).message).toContain(key);
      expect((err as DomainError).message).toMatch(rule);
    }
  });

  it('accepts a zero grace (alert at the appointment time itself)', () => {
    expect(settingsFromEnv({ RELAIS_ARRIVAL_GRACE: 'PT0S' }).arrivalGraceMs).toBe(0);
  });
});

describe('offerExpiresAt', () => {
  it('adds the window of the urgency to the time sent', () => {
    const sent = '2025-03-10T09:00:00.000Z';
    expect(offerExpiresAt('routine', sent, DEFAULT_TIMER_SETTINGS)).toBe('2025-03-12T09:00:00.000Z');
    expect(offerExpiresAt('soon', sent, DEFAULT_TIMER_SETTINGS)).toBe('2025-03-11T09:00:00.000Z');
    expect(offerExpiresAt('urgent', sent, DEFAULT_TIMER_SETTINGS)).toBe('2025-03-10T13:00:00.000Z');
  });
});
