import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createAccessLogStore } from '../adapters/dynamo/access-log-store.ts';
import { lambdaDynamoClient } from '../adapters/dynamo/lambda-client.ts';
import { createEventBridgeBus } from '../adapters/eventbridge/event-bus.ts';
import { createSqsPublishFailures } from '../adapters/sqs/publish-failures.ts';
import { parseLambdaEnv } from '../lib/env.ts';
import { newId } from '../lib/ids.ts';
import { createJsonLogger } from '../lib/logger-json.ts';
import { publishStreamRecords } from './publish-stream-records.ts';

/*
 * The publisher: table stream (NEW_IMAGE) → EventBridge, and the access entries that writes carried →
 * the access log (functions/lib/access-recording.ts). The event source mapping must enable
 * ReportBatchItemFailures (with bisect and an on-failure destination) for the partial batch response
 * returned here to mean anything.
 */

// The functions' configuration (lib/env.ts), read at cold start: a missing bus name is a deployment
// error, not something to retry per batch.
const env = parseLambdaEnv(process.env, ['EVENT_BUS_NAME']);

// Made once per container and reused by every invocation.
const bus = createEventBridgeBus(new EventBridgeClient({}), env.EVENT_BUS_NAME);
const logger = createJsonLogger({ level: env.LOG_LEVEL, base: { function: 'publish' } });
const accessLog = createAccessLogStore(lambdaDynamoClient(), env.TABLE_NAME, { newId, logger });
const failures = env.DEAD_LETTER_QUEUE_URL
  ? createSqsPublishFailures(new SQSClient({}), env.DEAD_LETTER_QUEUE_URL)
  : undefined;

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) =>
  publishStreamRecords(event, bus, accessLog, logger, failures ? { failures } : {}),
);
