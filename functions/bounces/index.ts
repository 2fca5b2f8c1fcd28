import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { createSpecialistStore } from '../adapters/dynamo/specialist-store.ts';
import { createJsonLogger } from '../lib/logger-json.ts';
import { pauseOnSesEvent } from './pause-on-ses-event.ts';

/*
 * SES bounce and complaint events (configuration set → EventBridge, detail-types "Email Bounced" and
 * "Email Complaint Received") → the specialist is paused in matching. A failure is rethrown so that
 * EventBridge's retry policy and the DLQ apply.
 */

// Fail fast at cold start; clients made once per container.
const env = z
  .object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  })
  .parse(process.env);
const specialists = createSpecialistStore(new DynamoDBClient({}), env.TABLE_NAME);
const logger = createJsonLogger({ level: env.LOG_LEVEL, base: { function: 'bounces' } });
const clock = { now: () => new Date() };

/** The detail-types the EventBridge rule should route here. */
export const SES_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  await pauseOnSesEvent(event, { specialists, clock, logger });
};
