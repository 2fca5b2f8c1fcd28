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

export interface SeenEventsOptions {
  /**
   * How long a claim stands for "handled or being handled". It must exceed the consumer's timeout (30 s
   * in infra/stacks/app-stack.ts: a send still running when it lapses could be taken over and sent
   * twice) and stay under the delay of Lambda's first retry (one minute: the retry of a delivery that
   * died after its claim must find the claim lapsed, or it would skip the email as a duplicate).
   * @default LEASE_SECONDS
   */
  readonly leaseSeconds?: number;
  /** How long a marker is kept (DynamoDB TTL). @default REPLAY_WINDOW_DAYS */
  readonly retentionSeconds?: number;
  /** Wall clock in epoch ms; leases and TTL are storage concerns, not the service clock. @default Date.now */
  readonly now?: () => number;
  /** Where an unreadable marker is reported (by its key). */
  readonly logger?: DecodeOptions['logger'];
}

const DAY = 24 * 60 * 60;

/** A claim's lease: over the consumers' 30 s timeout, under Lambda's one-minute wait before a retry. */
export const LEASE_SECONDS = 45;

/**
 * How many days the event archive keeps events for replay (infra/stacks/data-stack.ts imports it for
 * the archive's retention), and so how long a marker is kept.
 */
export const REPLAY_WINDOW_DAYS = 90;
const RUNNING = 'running';
const DONE = 'done';

const STATE = 'seenState';
const LEASE = 'leaseUntil';
const OWNER = 'owner';

/**
 * Consumer idempotency by event id on the single table: item `SEEN#<consumer>#<eventId>` / `SEEN`, ONE
 * write per handled event on the way that succeeds (the claim), more only on a failure.
 *
 * A delivery claims the event with a conditional Put (state `running`, an owner token, a lease) and runs
 * the consumer; nothing is written after a success. A later delivery that finds the claim while its
 * lease runs, or finds it `done`, reports a duplicate. When the consumer throws, the claim is deleted
 * (only ours) and the error rethrown, so the retry of that delivery runs it again. When the delivery dies
 * without throwing (timeout, crash), its claim lapses after the lease and a retry takes it over: Lambda
 * retries a failed asynchronous invocation after one minute, later than the lease. When a delivery fails
 * for another consumer of its group, dispatch settles the claims of those that succeeded ({@link
 * SeenEvents.settle}, state `done`), since the retry of the whole delivery comes after their lease.
 *
 * What this costs in exactness (at least once holds; the price is a rare second email): a redelivery
 * that arrives after the lease of an event whose consumer succeeded without its claim being settled
 * runs it again. That happens when (1) the invocation sent an email and then timed out or crashed in
 * another consumer of its group (no failure path ran, so nothing was settled) and Lambda retries it;
 * (2) EventBridge delivers the same event twice more than the lease apart (its at-least-once delivery;
 * rare); (3) an operator replays the archive (or redrives a dead-lettered invocation that timed out)
 * over events already handled: the README says so. And the one way to lose an email: a delivery dies
 * after its claim and every redelivery comes within the lease; Lambda's retries do not (one minute), a
 * one-machine runtime restarted within the lease does (it re-reads its stream at once).
 */
export function createSeenEvents(
  client: DynamoDBClient,
  tableName: string,
  options: SeenEventsOptions = {},
): SeenEvents {
  const leaseMs = (options.leaseSeconds ?? LEASE_SECONDS) * 1000;
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
        // Settled, or claimed by a delivery that sent (or is sending, and will release it if it fails).
        if (state === DONE || state === RUNNING) return 'duplicate';
        // A marker in no state we write: the delivery fails (and is retried) rather than guess.
        if (error.Item) unreadable('seen-event', error.Item, [STATE], options);
        throw error;
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
      return 'done';
    },

    async settle(consumer, eventId) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: seenEventKey(consumer, eventId),
            UpdateExpression: 'SET #state = :done REMOVE #lease',
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': KEY.pk, '#state': STATE, '#lease': LEASE },
            ExpressionAttributeValues: { ':done': { S: DONE } },
          }),
        );
      } catch (error) {
        // Gone (expired): nothing to settle.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
