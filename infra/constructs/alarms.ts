import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /**
   * An address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly email?: string;
}

/**
 * Relais's alarms, all notifying one SNS topic: anything in a dead-letter queue, any function error, and
 * a stream publisher falling behind. Each alarm is named for what it watches; none carries data.
 */
export class Alarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Relais alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry an alarm name and a metric, no data. Encrypting them would take a ' +
        'customer-managed key with a CloudWatch key policy, for nothing to protect.',
    });
    if (props.email) {
      const subscription = new subscriptions.EmailSubscription(props.email);
      this.topic.addSubscription(subscription);
    }
    this.action = new actions.SnsAction(this.topic);
  }

  /** Any message in the queue: something failed all its retries and waits to be looked at. */
  watchDeadLetters(id: string, queue: sqs.IQueue): void {
    this.add(
      id,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      1,
      `${id}: a message is in the dead-letter queue`,
    );
  }

  /** Any error of the function in five minutes. */
  watchErrors(id: string, fn: lambda.IFunction): void {
    this.add(
      id,
      fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      1,
      `${id}: function errors`,
    );
  }

  /** The oldest stream record the function got is older than `maxAge`: publishing is falling behind. */
  watchIteratorAge(id: string, fn: lambda.IFunction, maxAge: Duration): void {
    const metric = fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' });
    this.add(
      id,
      metric,
      maxAge.toMilliseconds(),
      `${id}: stream records wait more than ${maxAge.toHumanString()}`,
    );
  }

  private add(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No datapoint means no traffic, not trouble.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
  }
}
