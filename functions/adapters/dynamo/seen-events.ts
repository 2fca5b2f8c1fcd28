import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { SeenEvents } from '../../ports/seen-events.ts';
import { seenEventKey } from './keys.ts';
import { type DecodeOptions, unreadable } from './stored.ts';
import { KEY, TTL_ATTRIBUTE } from './table.ts';

/** Thrown when another delivery of the same event to the same consumer holds a live claim: retry later. */
export class EventInProgressError extends Error {
  override readonly name = 'EventInProgressError';
  constructor(
    readonly consumer: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId} is being handled by another delivery of ${consumer}`);
  }
}

export interface SeenEventsOptions {
  /**
   * How long a claim protects a running consumer. Must exceed the consumer's timeout: a delivery that
   * died mid-way (Lambda timeout, crash) leaves its claim, and a retry takes it over once it lapses.
   * @default 60
   */
  readonly leaseSeconds?: number;
  /** How long a handled marker is kept (DynamoDB TTL). @default REPLAY_WINDOW_DAYS */
  readonly retentionSeconds?: number;
  /** Wall clock in epoch ms; leases and TTL are storage concerns, not the service clock. @default Date.now */
  readonly now?: () => number;
  /** Where an unreadable marker is reported (by its key). */
  readonly logger?: DecodeOptions['logger'];
}

const DAY = 24 * 60 * 60;

/**
 * How many days the event archive keeps events for replay (infra/stacks/data-stack.ts imports it for
 * the archive's retention), and so how long a handled marker must outlive its event: a replay of
 * anything the archive still holds finds the marker and sends nothing twice.
 */
export const REPLAY_WINDOW_DAYS = 90;
const RUNNING = 'running';
const DONE = 'done';

const STATE = 'seenState';
const LEASE = 'leaseUntil';
const OWNER = 'owner';

/**
 * Consumer idempotency by event id on the single table: item `SEEN#<consumer>#<eventId>` / `SEEN`.
 *
 * A delivery first claims the event with a conditional Put (state `running`, an owner token, a lease),
 * runs the consumer, then marks it `done`. A later delivery finds `done` and reports a duplicate. If the
 * consumer throws, the claim is deleted so the retry runs it again. If the delivery dies without
 * throwing (timeout, crash), the claim lapses after `leaseSeconds` and a retry takes it over; until
 * then a concurrent delivery gets {@link EventInProgressError} rather than a silent "duplicate", which
 * would lose the reaction.
 */
export function createSeenEvents(
  client: DynamoDBClient,
  tableName: string,
  options: SeenEventsOptions = {},
): SeenEvents {
  const leaseMs = (options.leaseSeconds ?? 60) * 1000;
  const retention = options.retentionSeconds ?? REPLAY_WINDOW_DAYS * DAY;
  const now = options.now ?? Date.now;

  return {
    async once(consumer, eventId, fn) {
      const Key = seenEventKey(consumer, eventId);
      const owner = randomUUID();
      const at = now();
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...Key,
              [STATE]: { S: RUNNING },
              [OWNER]: { S: owner },
              [LEASE]: { N: String(at + leaseMs) },
              [TTL_ATTRIBUTE]: { N: String(Math.floor(at / 1000) + retention) },
            },
            ConditionExpression: 'attribute_not_exists(#pk) OR (#state = :running AND #lease < :now)',
            ExpressionAttributeNames: { '#pk': KEY.pk, '#state': STATE, '#lease': LEASE },
            ExpressionAttributeValues: { ':running': { S: RUNNING }, ':now': { N: String(at) } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const state = error.Item?.[STATE]?.S;
        if (state === DONE) return 'duplicate';
        // A marker in no state we write: the delivery fails (and is retried) rather than guess.
        if (error.Item && state !== RUNNING) unreadable('seen-event', error.Item, [STATE], options);
        throw new EventInProgressError(consumer, eventId);
      }

      try {
        await fn();
      } catch (error) {
        // Release our claim (only ours: after a lapse another delivery may own it) so the retry runs fn.
        // Should the release itself fail, the claim lapses after the lease: the retry still happens.
        await client
          .send(
            new DeleteItemCommand({
              TableName: tableName,
              Key,
              ConditionExpression: '#owner = :owner',
              ExpressionAttributeNames: { '#owner': OWNER },
              ExpressionAttributeValues: { ':owner': { S: owner } },
            }),
          )
          .catch(() => undefined);
        throw error;
      }

      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key,
            UpdateExpression: 'SET #state = :done REMOVE #lease',
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#state': STATE, '#lease': LEASE, '#owner': OWNER },
            ExpressionAttributeValues: { ':done': { S: DONE }, ':owner': { S: owner } },
          }),
        );
      } catch (error) {
        // Our lease lapsed and another delivery took the claim over: it will settle the marker.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      return 'done';
    },
  };
}
