import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { NodeFunction, type NodeFunctionProps } from './node-function.ts';

export interface EventConsumerProps extends NodeFunctionProps {
  /** The bus whose events the rule matches. */
  readonly bus: events.IEventBus;
  /** The name of its dead-letter queue (deadLetterQueueName: it carries the stage). */
  readonly deadLetterQueueName: string;
  /** The rule's pattern: source and detail-types, from the event catalogue. */
  readonly eventPattern: events.EventPattern;
  /**
   * How many times Lambda retries an invocation that failed (0 to 2), each after a backoff.
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * How long an event may wait (throttled or between retries) before it goes to the DLQ.
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
}

/**
 * A function fed by an EventBridge rule, and everything that keeps its events from being lost:
 * - the rule's target retries delivery (throttling, a function being updated) for up to a day, then
 *   puts the event in the DLQ;
 * - the function is invoked asynchronously, and a failed invocation (the handler rethrew) is retried by
 *   Lambda, then sent to the same DLQ with its error (on-failure destination).
 * Both kinds of message hold the event whole (the target's DLQ the event as the body, the on-failure
 * record as its `requestPayload`), which is what `npm run redrive` puts back.
 * Throttling is how the notify function keeps to SES's sending rate: a throttled event waits and is
 * retried with backoff, never dropped.
 */
export class EventConsumer extends Construct {
  public readonly function: NodeFunction;
  public readonly deadLetters: DeadLetterQueue;
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: EventConsumerProps) {
    super(scope, id);
    const { bus, eventPattern, retryAttempts, maxEventAge, deadLetterQueueName, ...functionProps } = props;
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { queueName: deadLetterQueueName });
    this.function = new NodeFunction(this, 'Function', functionProps);
    this.function.fn.configureAsyncInvoke({
      retryAttempts: retryAttempts ?? 2,
      maxEventAge: maxEventAge ?? Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetters.queue),
    });
    this.function.noFunctionDeadLetterQueue(
      'Failed asynchronous invocations go to an on-failure destination (this DLQ), which, unlike a ' +
        'function DLQ, records the error with the event.',
    );
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: bus,
      eventPattern,
      description: functionProps.description,
      targets: [
        new targets.LambdaFunction(this.function.fn, {
          deadLetterQueue: this.deadLetters.queue,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}
