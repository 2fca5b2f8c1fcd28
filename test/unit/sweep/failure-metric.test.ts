import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ESCALATION_SETTINGS } from '../../../domain/escalations/settings.ts';
import { DEFAULT_TIMER_SETTINGS } from '../../../domain/timers/settings.ts';
import type { DueIndex } from '../../../functions/adapters/dynamo/due-index.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { createJsonLogger } from '../../../functions/lib/logger-json.ts';
import { METRICS_NAMESPACE, metricFields, SWEEP_ITEMS_FAILED } from '../../../functions/lib/metrics.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';

const NOW = '2026-11-25T12:00:00.000Z';

/** A sweep whose one due item (an escalation to climb) fails on reading its referral. */
function failingSweepDeps(lines: string[]): Deps {
  const dueIndex: DueIndex = {
    shards: 1,
    listDue: async () => ({
      items: [
        {
          type: 'escalation',
          escalation: {
            id: 'E1',
            referralId: 'R1',
            org: 'mdm-lu',
            kind: 'arrival_unconfirmed',
            level: 'assignee',
            since: '2026-11-25T10:00:00.000Z',
            state: 'open',
            urgency: 'urgent',
            action: 'confirm_arrival',
            version: 1,
            raisedAt: '2026-11-25T10:00:00.000Z',
            climbAt: '2026-11-25T11:00:00.000Z',
          },
        },
      ],
    }),
  };
  const unavailable = async (): Promise<never> => {
    throw new TypeError('table unavailable');
  };
  return {
    dueIndex,
    store: { get: unavailable },
    escalations: { get: unavailable, save: unavailable },
    timers: DEFAULT_TIMER_SETTINGS,
    escalationSettings: DEFAULT_ESCALATION_SETTINGS,
    clock: { now: () => new Date(NOW) },
    newId: () => 'id-1',
    logger: createJsonLogger({ level: 'info', sink: (line) => lines.push(line) }),
  } as unknown as Deps;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a failed sweep item', () => {
  it('is logged as one data point of the SweepItemsFailed metric, by function (CloudWatch EMF)', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'relais-prod-app-SweepFunction1234');
    const lines: string[] = [];
    const result = await runSweep(failingSweepDeps(lines));

    expect(result.failed).toBe(1);
    const failure = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'sweep item failed');
    expect(failure).toMatchObject({
      level: 'error',
      id: 'E1',
      error: 'TypeError',
      [SWEEP_ITEMS_FAILED]: 1,
      FunctionName: 'relais-prod-app-SweepFunction1234',
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['FunctionName']],
            Metrics: [{ Name: SWEEP_ITEMS_FAILED, Unit: 'Count' }],
          },
        ],
      },
    });
    // The error's message (which may quote data) is still never logged.
    expect(JSON.stringify(failure)).not.toContain('table unavailable');
  });

  it('is the only line that carries the metric: a sweep with nothing failed records no data point', async () => {
    const lines: string[] = [];
    const deps = failingSweepDeps(lines);
    await runSweep({ ...deps, dueIndex: { shards: 1, listDue: async () => ({ items: [] }) } });
    expect(lines.filter((l) => l.includes('"_aws"'))).toEqual([]);
  });
});

describe('metricFields', () => {
  it('names every dimension and metric it declares as a top-level field, timestamped in epoch ms', () => {
    const fields = metricFields('Things', 3, 'Count', { now: 1_700_000_000_000, functionName: 'fn' });
    expect(fields).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Relais',
            Dimensions: [['FunctionName']],
            Metrics: [{ Name: 'Things', Unit: 'Count' }],
          },
        ],
      },
      FunctionName: 'fn',
      Things: 3,
    });
  });
});
