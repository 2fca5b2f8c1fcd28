import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { lambdaDeps } from '../lib/lambda-deps.ts';
import { runSweep } from './run-sweep.ts';

/*
 * The sweep function: invoked by an EventBridge Scheduler schedule `rate(1 minute)` (its input is
 * ignored: the sweep fires what is due at the service's time). Overlapping invocations are safe: every
 * item is fired with a conditional write (run-sweep.ts).
 */

// Clients and adapters are made once per container.
const deps = lambdaDeps();

export interface SweepSummary {
  readonly now: string;
  readonly fired: number;
  readonly conflicts: number;
  readonly failed: number;
}

export const handler = middy<ScheduledEvent | Record<string, unknown>, SweepSummary>().handler(async () => {
  const result = await runSweep(deps);
  return { now: result.now, fired: result.fired.length, conflicts: result.conflicts, failed: result.failed };
});
