import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createEventBridgeBus } from '../../functions/adapters/eventbridge/event-bus.ts';
import { lambdaDeps } from '../../functions/lib/lambda-deps.ts';
import { deadLetterQueueName } from '../constructs/dead-letter-queue.ts';
import { REDRIVE_QUEUES, type RedriveQueue, redrive } from './redrive/replay.ts';
import { replayTo } from './redrive/replay-to.ts';

/*
 * Replays a dead-letter queue of a deployed stage, with the operator's AWS credentials (README, "When
 * something fails"):
 *
 *   npm run redrive -- <notify|project|bounces|sweep|publish> --stage <stage> --table <TableName output>
 *
 * `--table` (or RELAIS_TABLE_NAME) is needed by bounces, sweep and publish, which read the table; the
 * stage (or RELAIS_STAGE, default dev) names the queue (relais-<stage>-<queue>-dlq) and the bus
 * (relais-<stage>). The region is the AWS CLI's (AWS_REGION or the profile's).
 */

const USAGE =
  'usage: npm run redrive -- <notify|project|bounces|sweep|publish> [--stage <stage>] [--table <table name>]\n';

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

const args = process.argv.slice(2);
const queue = args[0] as RedriveQueue | undefined;
if (!queue || !REDRIVE_QUEUES.includes(queue)) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const stage = option(args, 'stage') ?? process.env['RELAIS_STAGE'] ?? 'dev';
const tableName = option(args, 'table') ?? process.env['RELAIS_TABLE_NAME'];
if (!tableName && (queue === 'bounces' || queue === 'sweep' || queue === 'publish')) {
  process.stderr.write(
    `the ${queue} queue is replayed from the table: give --table <RelaisData TableName>\n`,
  );
  process.exit(2);
}

const sqs = new SQSClient({});
const dynamo = new DynamoDBClient({});
const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: deadLetterQueueName(stage, queue) }));
const deps = lambdaDeps({ dynamo }, { ...process.env, TABLE_NAME: tableName ?? 'unused', LOG_LEVEL: 'warn' });
const outcome = await redrive({
  sqs,
  queueUrl: QueueUrl!,
  queue,
  replay: replayTo({
    bus: createEventBridgeBus(new EventBridgeClient({}), `relais-${stage}`),
    deps,
    dynamo,
    tableName: tableName ?? 'unused',
  }),
});
process.stdout.write(`${deadLetterQueueName(stage, queue)}: ${outcome.replayed} replayed and deleted\n`);
for (const { messageId, reason } of outcome.kept) process.stdout.write(`  kept ${messageId}: ${reason}\n`);
process.exit(outcome.kept.length > 0 ? 1 : 0);
