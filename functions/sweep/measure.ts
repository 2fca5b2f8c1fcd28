import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BoardScope } from '../../domain/timers/ports.ts';
import type { Deps } from '../lib/deps.ts';
import { runSweep } from './run-sweep.ts';

/*
 * What the board query and a sweep cost, in DynamoDB capacity units as DynamoDB reports them
 * (`ReturnConsumedCapacity: TOTAL`). The timer tests check that neither grows with closed referrals;
 * the benchmark reports the same figures.
 */

/** Operations that report consumed capacity. */
const METERED = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

export interface CapacityMeter {
  /** Capacity units consumed through the client since the last reset. */
  consumed(): number;
  /** Calls made through the client since the last reset. */
  calls(): number;
  reset(): void;
}

/**
 * Meters a DynamoDB client: every call asks for `ReturnConsumedCapacity: TOTAL` and its units are added
 * up. Use a client of its own (the middleware stays on it).
 */
export function meterCapacity(client: DynamoDBClient): CapacityMeter {
  let units = 0;
  let count = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // Board and sweep must be Queries (ARCHITECTURE.md): a metered path that scans fails loudly
      // instead of having its cost counted.
      if (/^Scan/.test(context.commandName ?? '')) {
        throw new Error('A Scan on a metered path: lists and sweeps must be Queries.');
      }
      const metered = METERED.has(context.commandName ?? '');
      if (metered) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      if (metered) {
        count++;
        const cc = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const list = (Array.isArray(cc) ? cc : cc ? [cc] : []) as { CapacityUnits?: number }[];
        for (const c of list) units += c.CapacityUnits ?? 0;
      }
      return out;
    },
    { step: 'initialize', name: 'relaisCapacityMeter', override: true },
  );
  return {
    consumed: () => units,
    calls: () => count,
    reset: () => {
      units = 0;
      count = 0;
    },
  };
}

export interface BoardAndSweepCapacity {
  /** Capacity units of one sweep (the due queries and the writes that fire what is due). */
  readonly sweep: number;
  /** Capacity units of one board query (the first page). */
  readonly board: number;
  readonly fired: number;
  readonly listed: number;
}

/**
 * Runs one sweep and then one board query with `deps` built on the metered client, and reports what
 * each consumed. `between` runs unmetered in between (e.g. deliver the events that put the raised
 * escalations on the board).
 */
export async function measureBoardAndSweep(input: {
  readonly deps: Deps;
  readonly meter: CapacityMeter;
  readonly scope: BoardScope;
  readonly between?: () => Promise<void>;
  readonly limit?: number;
}): Promise<BoardAndSweepCapacity> {
  const { deps, meter, scope } = input;
  meter.reset();
  const swept = await runSweep(deps);
  const sweep = meter.consumed();
  await input.between?.();
  meter.reset();
  const page = await deps.escalations.listBoard(scope, 'open', { limit: input.limit ?? 50 });
  const board = meter.consumed();
  return { sweep, board, fired: swept.fired.length, listed: page.items.length };
}
