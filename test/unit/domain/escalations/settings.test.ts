import { describe, expect, it } from 'vitest';
import {
  climbAt,
  DEFAULT_ESCALATION_SETTINGS,
  escalationSettingsFromEnv,
} from '../../../../domain/escalations/settings.ts';

const AT = '2026-11-25T10:00:00.000Z';
const S = DEFAULT_ESCALATION_SETTINGS;

describe('climbAt', () => {
  it('tells the coordinator 30 minutes after the accompanier, a day after the referring worker', () => {
    expect(climbAt({ kind: 'arrival_unconfirmed', level: 'assignee', state: 'open' }, AT, S)).toBe(
      '2026-11-25T10:30:00.000Z',
    );
    expect(climbAt({ kind: 'outcome_missing', level: 'assignee', state: 'open' }, AT, S)).toBe(
      '2026-11-26T10:00:00.000Z',
    );
  });

  it.each(['question_unanswered', 'absence_unresolved'] as const)(
    'tells the coordinator a day after the referring worker of a %s',
    (kind) => {
      expect(climbAt({ kind, level: 'assignee', state: 'open' }, AT, S)).toBe('2026-11-26T10:00:00.000Z');
    },
  );

  it('goes to the network after two days at the organisation, and no further', () => {
    expect(climbAt({ kind: 'no_accompanier', level: 'org_coordinator', state: 'open' }, AT, S)).toBe(
      '2026-11-27T10:00:00.000Z',
    );
    expect(
      climbAt({ kind: 'no_accompanier', level: 'network_coordinator', state: 'open' }, AT, S),
    ).toBeUndefined();
  });

  it('never climbs once acknowledged or resolved', () => {
    expect(
      climbAt({ kind: 'outcome_missing', level: 'assignee', state: 'acknowledged' }, AT, S),
    ).toBeUndefined();
    expect(climbAt({ kind: 'outcome_missing', level: 'assignee', state: 'resolved' }, AT, S)).toBeUndefined();
  });
});

describe('escalationSettingsFromEnv', () => {
  it('reads durations and refuses a bad one by name', () => {
    expect(escalationSettingsFromEnv({ RELAIS_NETWORK_ESCALATION_AFTER: 'P3D' }).networkClimbMs).toBe(
      3 * 86_400_000,
    );
    expect(escalationSettingsFromEnv({})).toEqual(S);
    expect(() => escalationSettingsFromEnv({ RELAIS_ARRIVAL_COORDINATOR_AFTER: 'soon' })).toThrow(
      /RELAIS_ARRIVAL_COORDINATOR_AFTER/,
    );
    const held = escalationSettingsFromEnv({
      RELAIS_QUESTION_COORDINATOR_AFTER: 'PT6H',
      RELAIS_ABSENCE_COORDINATOR_AFTER: 'PT12H',
    });
    expect(held.assigneeClimbMs).toMatchObject({
      question_unanswered: 6 * 3_600_000,
      absence_unresolved: 12 * 3_600_000,
    });
    expect(held.assigneeClimbMs.outcome_missing).toBe(S.assigneeClimbMs.outcome_missing);
  });
});
