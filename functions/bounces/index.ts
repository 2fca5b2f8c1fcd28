import type { EventBridgeEvent } from 'aws-lambda';
import { lambdaDeps } from '../lib/lambda-deps.ts';
import { handleSesEvent } from './withdraw-undeliverable-offers.ts';

/*
 * SES bounce and complaint events (configuration set → EventBridge, detail-types "Email Bounced" and
 * "Email Complaint Received") → the specialist is paused in matching, and their pending offers are
 * withdrawn at once (the next candidates offered, the organisation's coordinators told through the
 * events this writes). A failure is rethrown so that EventBridge's retry policy and the DLQ apply.
 *
 * Only the table is needed (TABLE_NAME): no mailer, no link keys, no staff verifier; lambdaDeps fills
 * refusing stand-ins for those. Clients are made once per container.
 */
const deps = lambdaDeps();

/** The detail-types the EventBridge rule should route here. */
export const SES_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  await handleSesEvent(event, deps);
};
