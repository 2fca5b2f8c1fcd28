import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from 'aws-lambda';
import type { EventBus } from '../../../domain/ports.ts';
import { parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import { relaisEventOf } from '../../../functions/consumers/lambda-handler.ts';
import {
  eventsOfNote,
  PUBLISH_FAILURE_KIND,
  type PublishFailure,
  publishFailureSchema,
} from '../../../functions/ports/publish-failures.ts';
import { type CarriedEntryLog, deliverWrite } from '../../../functions/publish/publish-stream-records.ts';

/** The dead-letter queues, by the name `npm run redrive -- <queue>` takes (infra/stacks/app-stack.ts). */
export const REDRIVE_QUEUES = ['notify', 'project', 'bounces', 'sweep', 'publish'] as const;
export type RedriveQueue = (typeof REDRIVE_QUEUES)[number];

/** A table item's outbox, as the publisher would have read it from the stream. */
export interface StoredOutbox {
  readonly version?: number;
  /** The `outbox` attribute's JSON text, if the item has one. */
  readonly outbox?: string;
}

/** Where each kind of failure is replayed to. */
export interface Replay {
  /** Relais's bus (PutEvents): every consumer gets the event again and skips it if it already ran. */
  readonly bus: EventBus;
  /** The access log, for the entries that writes carried: each is recorded once. */
  readonly changes: CarriedEntryLog;
  /** The bounces consumer's logic, run here: SES events cannot be put back on the default bus. */
  bounce(event: EventBridgeEvent<string, unknown>): Promise<void>;
  /** One run of the sweep, which fires whatever is due (each firing a conditional write). */
  sweep(): Promise<void>;
  /** Reads a table item's version and outbox (consistent read). */
  readOutbox(key: { readonly pk: string; readonly sk: string }): Promise<StoredOutbox | undefined>;
}

export interface RedriveOutcome {
  /** Messages replayed and deleted. */
  readonly replayed: number;
  /** Messages left in the queue, with why (no content: ids and reasons only). */
  readonly kept: readonly { readonly messageId: string; readonly reason: string }[];
}

/** What can be replayed from one message: the event, the publisher's note, or a sweep to run. */
type Failure =
  | { readonly kind: 'event'; readonly event: EventBridgeEvent<string, unknown> }
  | { readonly kind: 'note'; readonly note: PublishFailure }
  | { readonly kind: 'positions' };

class Unreplayable extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * What a dead-letter message holds. Four shapes reach Relais's queues:
 * - an EventBridge rule target's DLQ: the event itself is the body;
 * - a Lambda on-failure destination (asynchronous invocation): a record whose `requestPayload` is the
 *   event (or the schedule's input, for the sweep);
 * - the publisher's own note (functions/ports/publish-failures.ts): the table item to re-read;
 * - the stream mapping's on-failure destination: stream positions only (`DDBStreamBatchInfo`), the last
 *   resort when a note could not be sent.
 */
export function failureOf(body: string): Failure {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Unreplayable('not JSON');
  }
  if (!isObject(json)) throw new Unreplayable('not a JSON object');
  if (json['kind'] === PUBLISH_FAILURE_KIND) {
    const note = publishFailureSchema.safeParse(json);
    if (!note.success) throw new Unreplayable('a publisher note that does not parse');
    return { kind: 'note', note: note.data };
  }
  if (isObject(json['DDBStreamBatchInfo'])) return { kind: 'positions' };
  const payload = isObject(json['requestContext']) ? json['requestPayload'] : json;
  if (!isObject(payload)) throw new Unreplayable('no event in the message');
  return { kind: 'event', event: payload as unknown as EventBridgeEvent<string, unknown> };
}

/** The events a note names: the item's outbox while the item is still at the noted version, else the note's copy. */
async function eventsOfFailure(note: PublishFailure, replay: Replay): Promise<RelaisEvent[]> {
  const stored = await replay.readOutbox(note.key);
  if (stored?.outbox !== undefined && note.version !== undefined && stored.version === note.version) {
    let raw: unknown;
    try {
      raw = JSON.parse(stored.outbox);
    } catch {
      throw new Unreplayable("the item's outbox still does not parse");
    }
    if (!Array.isArray(raw)) throw new Unreplayable("the item's outbox is not a list");
    try {
      return raw.map((e) => parseEvent(e));
    } catch {
      throw new Unreplayable("the item's outbox still does not parse");
    }
  }
  // A later transition has overwritten the outbox: the note kept the events.
  try {
    const events = eventsOfNote(note);
    if (events) return events;
  } catch {
    throw new Unreplayable("the note's events do not parse");
  }
  throw new Unreplayable('the item has moved on and the note holds no events');
}

/** Replays one failure of a queue; throws Unreplayable when it cannot (the message is then kept). */
async function replayOne(queue: RedriveQueue, failure: Failure, replay: Replay): Promise<void> {
  if (failure.kind === 'positions') {
    throw new Unreplayable(
      'stream positions only: the publisher could not note the item; find it with the record times in ' +
        'the logs and re-save it, or replay the archive (README, "When something fails")',
    );
  }
  switch (queue) {
    case 'notify':
    case 'project': {
      if (failure.kind !== 'event') throw new Unreplayable('a publisher note in a consumer queue');
      let event: RelaisEvent;
      try {
        event = relaisEventOf(failure.event);
      } catch (error) {
        throw new Unreplayable(`not a Relais event (${(error as Error).message})`);
      }
      await replay.bus.publish([event]);
      return;
    }
    case 'bounces':
      if (failure.kind !== 'event') throw new Unreplayable('a publisher note in the bounces queue');
      await replay.bounce(failure.event);
      return;
    case 'publish':
      if (failure.kind !== 'note') throw new Unreplayable('not a publisher note');
      // As the publisher would have: the write's access entry, then its events.
      await deliverWrite(
        await eventsOfFailure(failure.note, replay),
        failure.note.route ? { route: failure.note.route } : undefined,
        replay.bus,
        replay.changes,
      );
      return;
    case 'sweep':
      // Handled for the whole queue at once (redrive).
      return;
  }
}

/**
 * Replays every message of a dead-letter queue to where it belongs, deleting each only once replayed,
 * so a run that stops half way is simply run again. Idempotent: the consumers skip an event id they
 * already handled (SEEN#… markers, kept as long as the archive's replay window), a bounce finds the
 * specialist already paused, and every sweep firing is a conditional write. A message that cannot be
 * replayed stays in the queue, and is reported with why.
 *
 * The sweep's queue holds failed runs of the every-minute sweep: one sweep now fires whatever they
 * would have, so it runs once and then every message is deleted.
 */
export async function redrive(input: {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queue: RedriveQueue;
  readonly replay: Replay;
  /** Seconds a received message stays hidden from another reader while it is replayed. */
  readonly visibilityTimeout?: number;
}): Promise<RedriveOutcome> {
  const { sqs, queueUrl, queue, replay } = input;
  const kept: { messageId: string; reason: string }[] = [];
  const keptIds = new Set<string>();
  let replayed = 0;
  let swept = false;

  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: input.visibilityTimeout ?? 300,
      }),
    );
    // Messages kept stay hidden for the visibility timeout: a batch of only those (or none) is the end.
    const messages = (received.Messages ?? []).filter((m) => !keptIds.has(m.MessageId ?? ''));
    if (messages.length === 0) break;
    for (const message of messages) {
      const messageId = message.MessageId ?? '';
      try {
        if (queue !== 'sweep') {
          await replayOne(queue, failureOf(message.Body ?? ''), replay);
        } else if (!swept) {
          await replay.sweep();
          swept = true;
        }
      } catch (error) {
        keptIds.add(messageId);
        kept.push({
          messageId,
          reason:
            error instanceof Unreplayable
              ? error.message
              : `replay failed: ${error instanceof Error ? error.name : 'unknown'} (retry later)`,
        });
        continue;
      }
      await remove(sqs, queueUrl, message);
      replayed++;
    }
  }
  return { replayed, kept };
}

async function remove(sqs: SQSClient, queueUrl: string, message: Message): Promise<void> {
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
}
