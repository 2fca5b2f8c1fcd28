import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { jsonTextOf } from '../../functions/adapters/dynamo/packed-json.ts';

/**
 * A referral item as the table's stream shows it: the `version` attribute the conditional write is
 * made on, and the aggregate stored beside it. Read black-box, from the item's attributes, so a test
 * built on it does not depend on the store's code (but for unpacking `data`: packed-json.ts).
 */
export interface ReferralImage {
  /** The item's `version` attribute (what the conditional write compares). */
  readonly version: number;
  /** The version inside the stored aggregate, when it carries one. */
  readonly dataVersion?: number;
  // biome-ignore lint/suspicious/noExplicitAny: the stored aggregate, inspected field by field by the checks
  readonly data: any;
}

/** One stream record of a referral item. */
export interface ReferralRecord {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly referralId: string;
  readonly sequenceNumber: string;
  /**
   * The item before the write. The table's stream carries new images only (NEW_IMAGE), so this is the
   * new image of the item's previous record, which the tap read (it reads from the stream's start).
   */
  readonly oldImage?: ReferralImage;
  readonly newImage?: ReferralImage;
}

export interface StreamTap {
  /** Every referral record written since the previous call, in stream order. */
  poll(): Promise<ReferralRecord[]>;
}

/**
 * Reads a table's stream on DynamoDB Local from its start, keeping its place in memory only: a tap
 * beside whatever else reads the stream (the local stream reader feeding the consumers), writing
 * nothing. Only referral items (`REF#<id>` / `REF`) are kept. Create it before the first write: it
 * stands in for the old images a NEW_IMAGE stream leaves out with the images it read before.
 */
export function createStreamTap(options: {
  readonly dynamo: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
}): StreamTap {
  const { dynamo, streams, tableName } = options;
  /** Last sequence number read per shard. */
  const positions = new Map<string, string>();
  /** Shards read to their end (closed): nothing more will come from them. */
  const finished = new Set<string>();
  let streamArn: string | undefined;
  /** The latest image of each referral, standing for the old image the stream does not carry. */
  const latest = new Map<string, ReferralImage>();

  const iteratorOf = async (shardId: string): Promise<string | undefined> => {
    const after = positions.get(shardId);
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  };

  return {
    async poll() {
      if (!streamArn) {
        const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
        streamArn = Table?.LatestStreamArn;
        if (!streamArn) throw new Error(`table ${tableName} has no stream`);
      }
      const shards = [];
      let start: string | undefined;
      do {
        const { StreamDescription } = await streams.send(
          new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
        );
        shards.push(...(StreamDescription?.Shards ?? []));
        start = StreamDescription?.LastEvaluatedShardId;
      } while (start);

      const out: ReferralRecord[] = [];
      // Parents are listed before their children, so an item's records come out in the order written.
      for (const shard of shards) {
        const shardId = shard.ShardId;
        if (!shardId || finished.has(shardId)) continue;
        let iterator = await iteratorOf(shardId);
        while (iterator) {
          const { Records = [], NextShardIterator } = await streams.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
          );
          for (const r of Records) {
            const seq = r.dynamodb?.SequenceNumber;
            if (seq) positions.set(shardId, seq);
            const decoded = referralRecord(r);
            if (!decoded) continue;
            const previous = latest.get(decoded.referralId);
            const record =
              decoded.oldImage || !previous || decoded.eventName === 'INSERT'
                ? decoded
                : { ...decoded, oldImage: previous };
            if (record.newImage) latest.set(record.referralId, record.newImage);
            else latest.delete(record.referralId);
            out.push(record);
          }
          if (!NextShardIterator) finished.add(shardId);
          if (Records.length === 0) break;
          iterator = NextShardIterator;
        }
      }
      return out;
    },
  };
}

function referralRecord(r: _Record): ReferralRecord | undefined {
  const keys = r.dynamodb?.Keys;
  const pk = keys?.['pk']?.S;
  if (!pk?.startsWith('REF#') || keys?.['sk']?.S !== 'REF') return undefined;
  const eventName = r.eventName;
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') return undefined;
  const oldImage = imageOf(r.dynamodb?.OldImage);
  const newImage = imageOf(r.dynamodb?.NewImage);
  return {
    eventName,
    referralId: pk.slice('REF#'.length),
    sequenceNumber: r.dynamodb?.SequenceNumber ?? '',
    ...(oldImage ? { oldImage } : {}),
    ...(newImage ? { newImage } : {}),
  };
}

/** The referral of an item image: `data` as stored (a JSON string, packed, or a map). */
export function imageOf(item: Record<string, AttributeValue> | undefined): ReferralImage | undefined {
  if (!item) return undefined;
  const raw = item['data'];
  const text = jsonTextOf(raw);
  const data = text !== undefined ? JSON.parse(text) : raw ? plain(raw) : undefined;
  const dataVersion = typeof data?.version === 'number' ? data.version : undefined;
  const attribute = item['version']?.N;
  return {
    version: attribute !== undefined ? Number(attribute) : (dataVersion ?? Number.NaN),
    ...(dataVersion !== undefined ? { dataVersion } : {}),
    data,
  };
}

/** A DynamoDB attribute value as plain JSON (for an aggregate stored as a map). */
function plain(v: AttributeValue): unknown {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.L !== undefined) return v.L.map(plain);
  if (v.M !== undefined) return Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, plain(x)]));
  if (v.SS !== undefined) return v.SS;
  if (v.NS !== undefined) return v.NS.map(Number);
  return undefined;
}
