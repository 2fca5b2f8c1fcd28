import { DomainError } from '../errors.ts';
import type { Instant } from '../referral/model.ts';
import type { Escalation, EscalationKind } from '../timers/escalation.ts';
import { parseDuration } from '../timers/settings.ts';

/**
 * How long an escalation waits at a level before it climbs to the next (PRODUCT.md: "accompanier
 * reminder, then coordinator alert"; "referring worker, then coordinator"). An acknowledged escalation
 * does not climb: a coordinator is on it. Settings, not constants: `escalationSettingsFromEnv`.
 */
export interface EscalationSettings {
  /** From the assignee to the organisation's coordinators, by kind (kinds that start higher have none). */
  readonly assigneeClimbMs: Readonly<Partial<Record<EscalationKind, number>>>;
  /** From the organisation's coordinators to the network coordinators, when nobody acknowledged it. */
  readonly networkClimbMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = Object.freeze({
  assigneeClimbMs: Object.freeze({
    arrival_unconfirmed: 30 * MINUTE,
    outcome_missing: 24 * HOUR,
    question_unanswered: 24 * HOUR,
    absence_unresolved: 24 * HOUR,
  }),
  networkClimbMs: 48 * HOUR,
});

export const ESCALATION_ENV = {
  /** The wait at the assignee level, by kind (the kinds that start there). */
  assigneeClimb: {
    arrival_unconfirmed: 'RELAIS_ARRIVAL_COORDINATOR_AFTER',
    outcome_missing: 'RELAIS_OUTCOME_COORDINATOR_AFTER',
    question_unanswered: 'RELAIS_QUESTION_COORDINATOR_AFTER',
    absence_unresolved: 'RELAIS_ABSENCE_COORDINATOR_AFTER',
  } satisfies Readonly<Partial<Record<EscalationKind, string>>>,
  networkAfter: 'RELAIS_NETWORK_ESCALATION_AFTER',
} as const;

/** The defaults, each overridden by its variable (an ISO 8601 duration) when set; a bad value is refused. */
export function escalationSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: EscalationSettings = DEFAULT_ESCALATION_SETTINGS,
): EscalationSettings {
  const read = (key: string, fallback: number | undefined): number | undefined => {
    const value = env[key]?.trim();
    if (!value) return fallback;
    try {
      const ms = parseDuration(value);
      if (ms > 0) return ms;
    } catch {
      // refused below with the variable's name
    }
    throw new DomainError(
      'invalid_input',
      `Timer setting ${key} must be an ISO 8601 duration such as PT30M.`,
      key,
    );
  };
  return {
    assigneeClimbMs: Object.fromEntries(
      Object.entries(ESCALATION_ENV.assigneeClimb).map(([kind, key]) => [
        kind,
        read(key, defaults.assigneeClimbMs[kind as EscalationKind]),
      ]),
    ),
    networkClimbMs: read(ESCALATION_ENV.networkAfter, defaults.networkClimbMs) ?? defaults.networkClimbMs,
  };
}

/**
 * When an escalation climbs next, counted from when it reached its level (`raisedAt`): none when it is
 * not open (acknowledged or resolved), or already at the top.
 */
export function climbAt(
  e: Pick<Escalation, 'kind' | 'level' | 'state'>,
  raisedAt: Instant,
  settings: EscalationSettings,
): Instant | undefined {
  if (e.state !== 'open') return undefined;
  const wait =
    e.level === 'assignee'
      ? (settings.assigneeClimbMs[e.kind] ?? settings.networkClimbMs)
      : e.level === 'org_coordinator'
        ? settings.networkClimbMs
        : undefined;
  if (wait === undefined) return undefined;
  return new Date(Date.parse(raisedAt) + wait).toISOString();
}
