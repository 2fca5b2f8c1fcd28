import { type CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { NodeFunction, type NodeFunctionProps } from './node-function.ts';

/** The input the schedule gives the sweep (ignored by it): names a failed run in the DLQ. */
export const SWEEP_SCHEDULE_SOURCE = 'relais.sweep-schedule';

/**
 * The timer sweep: an EventBridge Scheduler schedule runs the sweep function every minute.
 *
 * A failed sweep is not retried by Lambda: the next one, a minute later, queries what is due again and
 * fires it (every firing is a conditional write, so overlapping sweeps fire each deadline once). An
 * invocation the scheduler could not deliver, or that failed, lands in the DLQ, whose alarm says the
 * timers have stopped.
 */
export interface SweeperProps extends NodeFunctionProps {
  /** The schedule group's name, unique in the account and region (it carries the stage). */
  readonly scheduleGroupName: string;
  /** The name of its dead-letter queue (deadLetterQueueName: it carries the stage). */
  readonly deadLetterQueueName: string;
}

export class Sweeper extends Construct {
  public readonly function: NodeFunction;
  public readonly deadLetters: DeadLetterQueue;
  /** The stage's schedule group: its metrics (target errors) are the sweep schedule's alone. */
  public readonly group: scheduler.ScheduleGroup;
  public readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: SweeperProps) {
    super(scope, id);
    const { scheduleGroupName, deadLetterQueueName, ...functionProps } = props;
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { queueName: deadLetterQueueName });
    this.function = new NodeFunction(this, 'Function', {
      // Finishes before the next run starts.
      timeout: Duration.seconds(50),
      ...functionProps,
    });
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName });
    this.function.fn.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
      onFailure: new destinations.SqsDestination(this.deadLetters.queue),
    });
    this.function.noFunctionDeadLetterQueue(
      'A failed sweep goes to an on-failure destination (this DLQ), which records the error too.',
    );
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(1)),
      scheduleGroup: this.group,
      description: 'Relais timer sweep',
      target: new targets.LambdaInvoke(this.function.fn, {
        deadLetterQueue: this.deadLetters.queue,
        retryAttempts: 2,
        // A sweep older than a minute is superseded by the next one.
        maxEventAge: Duration.minutes(1),
        // Says what a message of the DLQ is: the redrive runs one sweep for any number of them.
        input: scheduler.ScheduleTargetInput.fromObject({ source: SWEEP_SCHEDULE_SOURCE }),
      }),
    });
    // The scheduler's role (made by LambdaInvoke) may invoke this function and its versions (`<arn>:*`).
    Validations.of(Stack.of(this)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.fn.node.defaultChild as CfnResource)}.Arn>:*]`,
      reason:
        "The scheduler's role invokes the sweep function only: `<arn>:*` names its versions and aliases.",
    });
  }
}
