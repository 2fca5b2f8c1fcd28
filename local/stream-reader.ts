import {
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  AttributeValue as LambdaAttributeValue,
} from 'aws-lambda';
import { KEY } from '../functions/adapters/dynamo/table.ts';
import type { Logger } from '../functions/ports/logger.ts';

export interface StreamReaderOptions {
  readonly dynamo: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  /** The Lambda handler to feed, e.g. the publisher: same event shape, same partial batch response. */
  // biome-ignore lint/suspicious/noConfusingVoidType: the Lambda handler type: a response or nothing.
  readonly handle: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  readonly logger: Logger;
  /** Pause between polls. @default 250 */
  readonly pollMs?: number;
  /** Records per handler call (Lambda's BatchSize). @default 100 */
  readonly batchSize?: number;
  /**
   * Attempts before a failing record is given up: logged as dead-lettered (its eventID and sequence
   * number) and checkpointed past, as Lambda's retry limit and on-failure destination would. Without
   * it, a poison record holds back its shard for good, as a Lambda mapping with no retry limit does.
   * @default Infinity
   */
  readonly maxAttempts?: number;
}

export interface StreamReader {
  /** Stops polling; resolves once the batch in flight (if any) is finished. */
  stop(): Promise<void>;
  /**
   * Reads until a poll returns no records. Rejects with the failure if a batch fails (the reader keeps
   * polling and retries it from the checkpoint).
   */
  drain(): Promise<void>;
}

/** A handler reported records of a batch as failed (partial batch response) or threw. */
export class StreamBatchFailedError extends Error {
  override readonly name = 'StreamBatchFailedError';
  constructor(
    readonly shardId: string,
    readonly failedSequenceNumbers: readonly string[],
  ) {
    super(`stream batch on ${shardId} reported ${failedSequenceNumbers.length} failed records`);
  }
}

const CHECKPOINT_PREFIX = 'CKPT#';
const MAX_DRAIN_CYCLES = 1000;

interface Checkpoint {
  /** Last sequence number handled successfully; the next read starts after it. */
  readonly sequenceNumber?: string;
  /** The shard is closed and was read to its end: its children may be read. */
  readonly closed: boolean;
}

interface Failure {
  readonly sequenceNumbers: readonly string[];
  /** The handler named the failed records (partial batch response) rather than throwing. */
  readonly exact: boolean;
}

interface CycleResult {
  readonly read: number;
  readonly failure?: unknown;
}

/**
 * Reads the table's stream on DynamoDB Local the way Lambda's event source mapping does, and feeds the
 * records to `handle` as a `DynamoDBStreamEvent`. Per shard, in order; a child shard only once its parent
 * is read to the end. After a batch succeeds its last sequence number is checkpointed in the table
 * (`CKPT#<shardId>` / `CKPT`); a batch that throws, or reports failures, checkpoints only what came before
 * its first failed record and is read again from there on the next poll, one record at a time until it
 * passes (or, with `maxAttempts`, is dead-lettered). A restart resumes after the checkpoint (TRIM_HORIZON
 * without one): at least once, never lost.
 *
 * The checkpoint items are themselves written to the table, so their own stream records are skipped
 * here (they never reach the handler, and reading them does not write another checkpoint).
 */
export function startStreamReader(options: StreamReaderOptions): StreamReader {
  const { dynamo, streams, tableName, handle, logger } = options;
  const pollMs = options.pollMs ?? 250;
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;

  const checkpoints = new Map<string, Checkpoint>();
  /** Where reading resumes in memory: may be past the checkpoint by skipped checkpoint records. */
  const positions = new Map<string, string>();
  /**
   * Shards retrying a failure, with the failed record and its attempts so far. They are read one record
   * at a time until a batch succeeds (Lambda bisects), so the record that fails is known exactly.
   */
  const retrying = new Map<string, { sequenceNumber: string; attempts: number }>();
  let stopping = false;

  // One cycle at a time: the background poll and drain() share the shards and their checkpoints.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const checkpointKey = (shardId: string) => ({
    [KEY.pk]: { S: `${CHECKPOINT_PREFIX}${shardId}` },
    [KEY.sk]: { S: 'CKPT' },
  });

  const checkpointOf = async (shardId: string): Promise<Checkpoint> => {
    const known = checkpoints.get(shardId);
    if (known) return known;
    const { Item } = await dynamo.send(
      new GetItemCommand({ TableName: tableName, Key: checkpointKey(shardId), ConsistentRead: true }),
    );
    const checkpoint: Checkpoint = {
      ...(Item?.['sequenceNumber']?.S ? { sequenceNumber: Item['sequenceNumber'].S } : {}),
      closed: Item?.['closed']?.BOOL === true,
    };
    checkpoints.set(shardId, checkpoint);
    return checkpoint;
  };

  const saveCheckpoint = async (shardId: string, checkpoint: Checkpoint) => {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...checkpointKey(shardId),
          ...(checkpoint.sequenceNumber ? { sequenceNumber: { S: checkpoint.sequenceNumber } } : {}),
          closed: { BOOL: checkpoint.closed },
        },
      }),
    );
    checkpoints.set(shardId, checkpoint);
  };

  const shardsOf = async (streamArn: string): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return shards;
  };

  const iteratorFor = async (streamArn: string, shardId: string, after: string | undefined) => {
    const request = { StreamArn: streamArn, ShardId: shardId };
    if (after) {
      try {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            ...request,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            SequenceNumber: after,
          }),
        );
        return ShardIterator;
      } catch (error) {
        if (!(error instanceof TrimmedDataAccessException)) throw error;
        logger.warn('stream checkpoint is older than the stream retention; reading from the trim horizon', {
          shardId,
        });
      }
    }
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ ...request, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    return ShardIterator;
  };

  const readShard = async (
    streamArn: string,
    shardId: string,
    checkpoint: Checkpoint,
  ): Promise<CycleResult> => {
    let last = positions.get(shardId) ?? checkpoint.sequenceNumber;
    let iterator = await iteratorFor(streamArn, shardId, last);
    let read = 0;
    while (iterator && !stopping) {
      const { Records = [], NextShardIterator } = await streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: retrying.has(shardId) ? 1 : batchSize }),
      );
      iterator = NextShardIterator;
      if (Records.length === 0) break;
      read += Records.length;
      const batchLast = Records.at(-1)?.dynamodb?.SequenceNumber;
      const records = Records.filter((r) => !isCheckpointRecord(r));
      if (records.length > 0) {
        const failed = await handleBatch(shardId, streamArn, records);
        if (failed) {
          await afterFailure(shardId, Records, failed);
          return { read, failure: new StreamBatchFailedError(shardId, failed.sequenceNumbers) };
        }
        retrying.delete(shardId);
        if (batchLast) await saveCheckpoint(shardId, { sequenceNumber: batchLast, closed: false });
      }
      if (batchLast) {
        last = batchLast;
        positions.set(shardId, batchLast);
      }
    }
    if (!iterator && !stopping) {
      // No next iterator: the shard is closed and read to its end, so its children may start.
      await saveCheckpoint(shardId, { ...(last ? { sequenceNumber: last } : {}), closed: true });
      positions.delete(shardId);
    }
    return { read };
  };

  /** Keeps what came before the first failed record; the next poll reads again from it (or past it). */
  const afterFailure = async (shardId: string, batch: _Record[], failed: Failure) => {
    positions.delete(shardId);
    const first = batch.findIndex((r) => failed.sequenceNumbers.includes(r.dynamodb?.SequenceNumber ?? ''));
    const before = first > 0 ? batch[first - 1]?.dynamodb?.SequenceNumber : undefined;
    const record = batch[first];
    const sequenceNumber = record?.dynamodb?.SequenceNumber;
    if (!sequenceNumber) return;
    const previous = retrying.get(shardId);
    const attempts = previous?.sequenceNumber === sequenceNumber ? previous.attempts + 1 : 1;
    retrying.set(shardId, { sequenceNumber, attempts });
    // Only a record known to fail by itself is given up: reported alone, or alone in its batch.
    const isolated = failed.exact || batch.filter((r) => !isCheckpointRecord(r)).length === 1;
    if (attempts >= maxAttempts && isolated) {
      logger.error('stream record dead-lettered after its last attempt', {
        shardId,
        eventID: record.eventID,
        sequenceNumber,
        attempts,
      });
      retrying.delete(shardId);
      await saveCheckpoint(shardId, { sequenceNumber, closed: false });
    } else if (before) {
      await saveCheckpoint(shardId, { sequenceNumber: before, closed: false });
    }
  };

  /** Runs the handler on one batch; the failed sequence numbers, `exact` when the handler named them. */
  const handleBatch = async (
    shardId: string,
    streamArn: string,
    records: _Record[],
  ): Promise<Failure | undefined> => {
    const all = records.map((r) => r.dynamodb?.SequenceNumber ?? '');
    try {
      const response = await handle({ Records: records.map((r) => toLambdaRecord(r, streamArn)) });
      const reported = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      if (reported.length === 0) return undefined;
      logger.warn('stream batch reported failures; retrying from the first one', {
        shardId,
        failed: reported,
      });
      // As Lambda: an identifier that names no record of the batch fails the whole batch.
      return reported.every((id) => all.includes(id))
        ? { sequenceNumbers: reported, exact: true }
        : { sequenceNumbers: all, exact: false };
    } catch (error) {
      logger.error('stream handler failed; retrying the batch', {
        shardId,
        error: error instanceof Error ? error.name : 'unknown',
      });
      return { sequenceNumbers: all, exact: false };
    }
  };

  const cycle = async (): Promise<CycleResult> => {
    try {
      const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
      const streamArn = Table?.LatestStreamArn;
      if (!streamArn) return { read: 0 };
      const shards = await shardsOf(streamArn);
      const listed = new Set(shards.map((s) => s.ShardId));
      let read = 0;
      let failure: unknown;
      // DescribeStream lists parents before their children, so a parent finished in this cycle lets
      // its children start in the same cycle.
      for (const shard of shards) {
        if (stopping) break;
        const shardId = shard.ShardId;
        if (!shardId) continue;
        const checkpoint = await checkpointOf(shardId);
        if (checkpoint.closed) continue;
        const parent = shard.ParentShardId;
        if (parent && listed.has(parent) && !(await checkpointOf(parent)).closed) continue;
        const result = await readShard(streamArn, shardId, checkpoint);
        read += result.read;
        // Shards are independent (as in Lambda): a failing one does not hold back the others.
        failure ??= result.failure;
      }
      return failure === undefined ? { read } : { read, failure };
    } catch (error) {
      logger.error('stream poll failed', { error: error instanceof Error ? error.name : 'unknown' });
      return { read: 0, failure: error };
    }
  };

  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // Polls every pollMs, starting one interval after start (a drain() right away goes first).
  const loop = (async () => {
    await sleep(pollMs);
    while (!stopping) {
      await exclusive(cycle);
      if (!stopping) await sleep(pollMs);
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await queue;
    },
    async drain() {
      for (let i = 0; i < MAX_DRAIN_CYCLES; i++) {
        if (stopping) throw new Error('stream reader is stopped');
        const result = await exclusive(cycle);
        if (result.failure !== undefined) throw result.failure;
        if (result.read === 0) return;
      }
      throw new Error(`stream still had records after ${MAX_DRAIN_CYCLES} polls`);
    },
  };
}

function isCheckpointRecord(record: _Record): boolean {
  return record.dynamodb?.Keys?.[KEY.pk]?.S?.startsWith(CHECKPOINT_PREFIX) === true;
}

/** A DynamoDB Streams API record in the shape Lambda hands to a function. */
export function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const image = (m: Record<string, AttributeValue> | undefined) =>
    m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, toLambdaValue(v)]));
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: image(d.Keys),
      ...(d.NewImage ? { NewImage: image(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: image(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
  };
}

/** Lambda's JSON carries binary values as base64 strings where the SDK has bytes. */
function toLambdaValue(v: AttributeValue): LambdaAttributeValue {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: v.NULL };
  if (v.B !== undefined) return { B: Buffer.from(v.B).toString('base64') };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.BS !== undefined) return { BS: v.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (v.L !== undefined) return { L: v.L.map(toLambdaValue) };
  if (v.M !== undefined)
    return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, toLambdaValue(x)])) };
  throw new Error('unsupported attribute value type in stream record');
}
