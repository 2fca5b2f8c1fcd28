import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BoardScope } from '../../domain/timers/ports.ts';
import type { Deps } from '../lib/deps.ts';
import { runSweep } from './run-sweep.ts';

/*
 * What the board query and a sweep cost, in DynamoDB capacity units as DynamoDB reports them
 * (`ReturnConsumedCapacity`), transactions counted as DynamoDB bills them (unitsOf). The timer tests check that neither grows with closed referrals;
 * the benchmark reports the same figures.
 */

/** Operations that report consumed capacity. */
export const METERED = new Set([
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

type Capacity = {
  CapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
};

/**
 * The capacity units a call costs on DynamoDB, from what the call sent and what it reported.
 *
 * Why not the reported figure alone: DynamoDB Local reports 2 units for any transaction, whatever it
 * holds, where DynamoDB charges 2 units per KB of EACH item in it (its read-before-write). A transaction
 * is counted here as DynamoDB bills it: 2 × the KB of each Put's item, and 2 for each Update, Delete or
 * ConditionCheck (the items Relais updates in transactions are counters and markers, under 1 KB), plus
 * what its indexes reported. DynamoDB Local also reports nothing for what is not found, where DynamoDB
 * bills a read whatever it finds (its guide: "If you perform a read operation on an item that doesn't
 * exist, DynamoDB will still consume read throughput"; a Query that finds nothing is billed too): a
 * GetItem or Query counts at least one read (0.5 unit eventually consistent, 1 strongly),
 * a BatchGetItem at least one per key asked (each is a GetItem of its own). Every other call is
 * counted as reported.
 */
export function unitsOf(op: string, input: unknown, consumed: unknown): number {
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[];
  const indexUnits = list.reduce(
    (sum, c) =>
      sum + Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, ix) => n + (ix.CapacityUnits ?? 0), 0),
    0,
  );
  if (op === 'TransactWriteItemsCommand') {
    const items = (input as { TransactItems?: Record<string, { Item?: Record<string, unknown> }>[] })
      .TransactItems;
    const table = (items ?? []).reduce(
      (sum, entry) =>
        sum + 2 * (entry['Put']?.Item ? Math.max(1, Math.ceil(itemBytes(entry['Put'].Item) / 1024)) : 1),
      0,
    );
    return table + indexUnits;
  }
  if (op === 'TransactGetItemsCommand') {
    // 2 units per item of up to 4 KB: Relais reads small items this way.
    return 2 * ((input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0);
  }
  const reported = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  const read = (consistent: unknown) => (consistent === true ? 1 : 0.5);
  if (op === 'BatchGetItemCommand') {
    const tables = (
      input as { RequestItems?: Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }> }
    ).RequestItems;
    const asked = Object.values(tables ?? {}).reduce(
      (sum, t) => sum + (t.Keys?.length ?? 0) * read(t.ConsistentRead),
      0,
    );
    return Math.max(reported, asked);
  }
  if (op === 'GetItemCommand' || op === 'QueryCommand') {
    return Math.max(reported, read((input as { ConsistentRead?: boolean } | undefined)?.ConsistentRead));
  }
  return reported;
}

/** An item's size as DynamoDB counts it: names and values in bytes (numbers and sets approximately). */
export function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: unknown): number {
  const v = value as Record<string, unknown>;
  if (typeof v['S'] === 'string') return Buffer.byteLength(v['S']);
  if (typeof v['N'] === 'string') return Math.ceil(v['N'].replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
  if (v['B'] instanceof Uint8Array) return v['B'].byteLength;
  if (typeof v['B'] === 'string') return Buffer.from(v['B'], 'base64').byteLength;
  if ('BOOL' in v || 'NULL' in v) return 1;
  if (v['M']) return 3 + itemBytes(v['M'] as Record<string, unknown>) + Object.keys(v['M']).length;
  if (Array.isArray(v['L'])) return 3 + v['L'].reduce((n: number, x) => n + 1 + valueBytes(x), 0);
  for (const set of ['SS', 'NS', 'BS'] as const) {
    if (Array.isArray(v[set]))
      return (v[set] as unknown[]).reduce((n: number, x) => n + valueBytes({ [set[0]!]: x }), 0);
  }
  return 0;
}

export interface CapacityMeter {
  /** Capacity units consumed through the client since the last reset. */
  consumed(): number;
  /** Calls made through the client since the last reset. */
  calls(): number;
  reset(): void;
}

/**
 * Meters a DynamoDB client: every call asks for `ReturnConsumedCapacity: INDEXES` and its units
 * (unitsOf) are added up. Use a client of its own (the middleware stays on it).
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
      if (metered) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      const out = await next(args);
      if (metered) {
        count++;
        units += unitsOf(
          context.commandName ?? '',
          args.input,
          (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity,
        );
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
