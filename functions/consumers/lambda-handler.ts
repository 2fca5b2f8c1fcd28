import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { parseEvent, type RelaisEvent } from '../../events/catalog.ts';
import { EVENT_SOURCE } from '../../events/envelope.ts';
import { createSeenEvents } from '../adapters/dynamo/seen-events.ts';
import type { Deps } from '../lib/deps.ts';
import {
  type Consumer,
  consumersOf,
  type DispatchOutcome,
  dispatchSettled,
  throwFailures,
} from './dispatch.ts';

/** An EventBridge event that is not a Relais event of the catalogue: it will never succeed. */
export class NotARelaisEventError extends Error {
  override readonly name = 'NotARelaisEventError';
}

/**
 * The Relais event an EventBridge delivery carries: source and detail-type must agree with a detail
 * that parses against its contract in events/catalog.ts. Throws NotARelaisEventError otherwise (the
 * message says which check failed, never the content).
 */
export function relaisEventOf(delivery: EventBridgeEvent<string, unknown>): RelaisEvent {
  if (delivery.source !== EVENT_SOURCE) throw new NotARelaisEventError('unexpected source');
  let event: RelaisEvent;
  try {
    event = parseEvent(delivery.detail);
  } catch {
    throw new NotARelaisEventError('detail does not parse against the catalogue');
  }
  if (event.type !== delivery['detail-type'])
    throw new NotARelaisEventError('detail-type and detail disagree');
  return event;
}

/**
 * The Lambda handler of a consumer group (notify, project): EventBridge → parse → every consumer of the
 * group that handles the event, each at most once per event id (dispatch.ts). Any failure is rethrown
 * once all have run, so Lambda's asynchronous retries and then the on-failure destination (the group's
 * DLQ) apply; consumers that already succeeded skip the retry as a duplicate.
 */
export function consumerHandler<D extends Pick<Deps, 'logger' | 'keyRing'>>(input: {
  /** Names the group in logs. */
  readonly group: string;
  readonly consumers: readonly Consumer<D>[];
  readonly deps: D;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
}) {
  const { group, consumers, deps } = input;
  const seen = createSeenEvents(input.dynamo, input.tableName);
  return middy<EventBridgeEvent<string, unknown>, DispatchOutcome[]>().handler(async (delivery) => {
    const log = deps.logger.child({ group, deliveryId: delivery.id });
    let event: RelaisEvent;
    try {
      event = relaisEventOf(delivery);
    } catch (error) {
      log.error('event refused', { error: error instanceof Error ? error.message : 'unknown' });
      throw error;
    }
    // Its organisation's data key is fetched beside the consumers' first reads, not after them, when
    // one of them may open a sealed field (an offer email opens none: no key-ring read, no KMS call).
    if (consumersOf(event, consumers).some((c) => c.opensSealed !== false)) {
      deps.keyRing.warm(event.org);
    }
    // The consumers of an event are independent reactions, each de-duplicated on its own: they run
    // side by side, so an event that several handle costs the slowest of them, not their sum.
    const { outcomes, failures } = await dispatchSettled(event, consumers, seen, deps, { concurrent: true });
    if (failures.length > 0) {
      log.error('consumer failed', {
        eventId: event.id,
        eventType: event.type,
        errors: failures.map((e) => (e instanceof Error ? e.name : 'unknown')),
        outcomes,
      });
      throwFailures(failures);
    }
    log.info('event handled', { eventId: event.id, eventType: event.type, outcomes });
    return outcomes;
  });
}
