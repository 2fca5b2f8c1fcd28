import { DomainError } from '../errors.ts';
import { type Instant, URGENCIES, type Urgency } from '../referral/model.ts';

/**
 * The timer settings: how long each step may take before Relais reminds or escalates (PRODUCT.md,
 * "Timers and escalation"). They are settings, not constants: deployments override them from the
 * environment with `settingsFromEnv`. Durations are held in milliseconds.
 */
export interface TimerSettings {
  /** How long an offer stays open before the next candidate is asked, by urgency. */
  readonly offerWindowMs: Readonly<Record<Urgency, number>>;
  /** Alert the coordinator when nobody accompanies the person this long before the appointment. */
  readonly noAccompanierLeadMs: number;
  /** Arrival not confirmed this long after the appointment time: the accompanier is reminded. */
  readonly arrivalGraceMs: number;
  /** Outcome not recorded this long after the appointment time: the referring worker is asked. */
  readonly outcomeGraceMs: number;
  /** The specialist is reminded once this fraction of the offer's time has passed (0 < f < 1). */
  readonly specialistReminderFraction: number;
  /** The accompanier is reminded on the day before the appointment at this minute of the day, UTC. */
  readonly accompanierReminderMinuteUtc: number;
  /** How many candidates an offer goes to at once. */
  readonly offersAtOnce: number;
  /** A specialist's question unanswered this long after it was asked is escalated, by urgency. */
  readonly questionWindowMs: Readonly<Record<Urgency, number>>;
  /**
   * A person absent at the meeting point whom nobody saw again, rescheduled for or closed this long after
   * the absence is escalated, by urgency.
   */
  readonly absenceWindowMs: Readonly<Record<Urgency, number>>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The defaults of PRODUCT.md's timer table. */
export const DEFAULT_TIMER_SETTINGS: TimerSettings = Object.freeze({
  offerWindowMs: Object.freeze({ routine: 48 * HOUR, soon: 24 * HOUR, urgent: 4 * HOUR }),
  noAccompanierLeadMs: 24 * HOUR,
  arrivalGraceMs: 30 * MINUTE,
  outcomeGraceMs: 48 * HOUR,
  specialistReminderFraction: 0.5,
  accompanierReminderMinuteUtc: 18 * 60,
  offersAtOnce: 2,
  // The worker gets as long to answer as the specialist had to answer the offer.
  questionWindowMs: Object.freeze({ routine: 48 * HOUR, soon: 24 * HOUR, urgent: 4 * HOUR }),
  // Finding the person again in the street takes longer than answering a question.
  absenceWindowMs: Object.freeze({ routine: 72 * HOUR, soon: 48 * HOUR, urgent: 24 * HOUR }),
});

/** The environment variables `settingsFromEnv` reads, each overriding one default. */
export const TIMER_ENV = {
  noAccompanierLead: 'RELAIS_NO_ACCOMPANIER_LEAD',
  arrivalGrace: 'RELAIS_ARRIVAL_GRACE',
  outcomeGrace: 'RELAIS_OUTCOME_GRACE',
  specialistReminderFraction: 'RELAIS_SPECIALIST_REMINDER_FRACTION',
  accompanierReminderAt: 'RELAIS_ACCOMPANIER_REMINDER_AT',
  offersAtOnce: 'RELAIS_OFFERS_AT_ONCE',
} as const;

/**
 * The settings held per urgency, and the prefix of their variables: one each, `<prefix>_ROUTINE`,
 * `_SOON`, `_URGENT` (`RELAIS_OFFER_WINDOW_URGENT`).
 */
export const PER_URGENCY_ENV = {
  offerWindowMs: 'RELAIS_OFFER_WINDOW',
  questionWindowMs: 'RELAIS_QUESTION_WINDOW',
  absenceWindowMs: 'RELAIS_ABSENCE_WINDOW',
} as const;

const DURATION = /^P(?:(\d{1,6})D)?(?:T(?:(\d{1,7})H)?(?:(\d{1,9})M)?(?:(\d{1,10}(?:\.\d{1,3})?)S)?)?$/i;

/**
 * Parses an ISO 8601 duration made of days, hours, minutes and seconds (`P2D`, `PT49H`, `P1DT12H30M`,
 * `PT0.5S`; designators in either case) into milliseconds. Years, months and weeks are refused: their length depends on the
 * calendar, and a timer must mean the same thing every day. A day is 24 hours.
 */
export function parseDuration(text: string): number {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const m = DURATION.exec(trimmed);
  // "P" and "P1DT" name no component (after P, or after T), which ISO 8601 does not allow.
  if (!m || /[PT]$/i.test(trimmed)) return invalidDuration();
  const days = Number(m[1] ?? 0);
  const hours = Number(m[2] ?? 0);
  const minutes = Number(m[3] ?? 0);
  const seconds = Number(m[4] ?? 0);
  const ms = Math.round(((days * 24 + hours) * 60 + minutes) * MINUTE + seconds * 1000);
  if (!Number.isSafeInteger(ms)) return invalidDuration();
  return ms;
}

function invalidDuration(): never {
  throw new DomainError(
    'invalid_input',
    'Expected an ISO 8601 duration in days, hours, minutes or seconds, such as PT4H, P2D or P1DT12H.',
    'duration',
  );
}

/** When an offer sent at `sentAt` stops working, for a referral of this urgency. */
export function offerExpiresAt(urgency: Urgency, sentAt: Instant, settings: TimerSettings): Instant {
  const sent = Date.parse(sentAt);
  if (Number.isNaN(sent)) throw new DomainError('invalid_input', 'Not a valid instant.', 'sentAt');
  return new Date(sent + settings.offerWindowMs[urgency]).toISOString();
}

/**
 * The timer settings for a deployment: the defaults, each overridden by its variable in `env` (see
 * `TIMER_ENV`, `PER_URGENCY_ENV`) when set. Durations are ISO 8601 (`PT4H`), those per urgency each in its own variable
 * (`_ROUTINE`, `_SOON`, `_URGENT`); the reminder fraction a decimal between 0 and 1; the accompanier's
 * reminder a UTC time `HH:MM`; offers at once a whole number from 1 to 20. An empty
 * value counts as unset. A bad value is refused, naming the variable, so a deployment fails at start
 * rather than running with a timer nobody meant. Other variables are ignored.
 */
export function settingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: TimerSettings = DEFAULT_TIMER_SETTINGS,
): TimerSettings {
  const read = (key: string): string | undefined => {
    const value = env[key];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const duration = (key: string, fallback: number, positive: boolean): number => {
    const value = read(key);
    if (value === undefined) return fallback;
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch {
      return refuseSetting(key, 'must be an ISO 8601 duration such as PT4H, P2D or PT30M');
    }
    if (positive && ms <= 0) return refuseSetting(key, 'must be longer than zero');
    return ms;
  };

  const perUrgency = (setting: keyof typeof PER_URGENCY_ENV): Record<Urgency, number> =>
    Object.fromEntries(
      URGENCIES.map((u) => [
        u,
        duration(`${PER_URGENCY_ENV[setting]}_${u.toUpperCase()}`, defaults[setting][u], true),
      ]),
    ) as Record<Urgency, number>;

  return {
    offerWindowMs: perUrgency('offerWindowMs'),
    questionWindowMs: perUrgency('questionWindowMs'),
    absenceWindowMs: perUrgency('absenceWindowMs'),
    noAccompanierLeadMs: duration(TIMER_ENV.noAccompanierLead, defaults.noAccompanierLeadMs, false),
    arrivalGraceMs: duration(TIMER_ENV.arrivalGrace, defaults.arrivalGraceMs, false),
    outcomeGraceMs: duration(TIMER_ENV.outcomeGrace, defaults.outcomeGraceMs, false),
    specialistReminderFraction: fraction(
      TIMER_ENV.specialistReminderFraction,
      read(TIMER_ENV.specialistReminderFraction),
      defaults.specialistReminderFraction,
    ),
    accompanierReminderMinuteUtc: timeOfDay(
      TIMER_ENV.accompanierReminderAt,
      read(TIMER_ENV.accompanierReminderAt),
      defaults.accompanierReminderMinuteUtc,
    ),
    offersAtOnce: wholeNumber(TIMER_ENV.offersAtOnce, read(TIMER_ENV.offersAtOnce), defaults.offersAtOnce),
  };
}

function fraction(key: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n > 0 && n < 1)) return refuseSetting(key, 'must be a decimal between 0 and 1, such as 0.5');
  return n;
}

function timeOfDay(key: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) return refuseSetting(key, 'must be a UTC time of day HH:MM, such as 18:00');
  return Number(m[1]) * 60 + Number(m[2]);
}

function wholeNumber(key: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,2}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= 20)) return refuseSetting(key, 'must be a whole number from 1 to 20');
  return n;
}

function refuseSetting(key: string, rule: string): never {
  throw new DomainError('invalid_input', `Timer setting ${key} ${rule}.`, key);
}
