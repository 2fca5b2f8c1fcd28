import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_DIMENSION, METRICS_NAMESPACE, SWEEP_ITEMS_FAILED } from '../../functions/lib/metrics.ts';

export interface AlarmsProps {
  /**
   * An address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly email?: string;
}

/**
 * SES puts an account under review at a 5 % bounce or 0.1 % complaint rate (and may pause its sending
 * at 10 % or 0.5 %): these alarm before the review.
 */
export const MAIL_REPUTATION_THRESHOLDS = { bounceRate: 0.04, complaintRate: 0.0008 } as const;

/** HTTP 429s in five minutes before the throttle alarm: a few refused bursts are the throttle working. */
export const API_THROTTLED_THRESHOLD = 10;

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Relais's alarms, all notifying one SNS topic, and one dashboard showing each of them. Each alarm is
 * named for what it watches; none carries data.
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
    // CloudWatch publishes the alarms of this account only.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
        },
      }),
    );
    if (props.email) {
      const subscription = this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An email subscription: SNS retries delivery to the mail server itself, and an undelivered ' +
          'alarm email has no consumer to redrive it to. The alarm stays in ALARM on the dashboard.',
      });
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
    this.add(id, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, `${id}: function errors`);
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

  /**
   * Any 5xx the API answered (a function that returned a 500 is no Lambda error), and 429s beyond
   * a few (the stage's throttle refusing callers: the limits may be too low, or someone is hammering).
   */
  watchApi(id: string, serverErrors: cloudwatch.IMetric, throttled: cloudwatch.IMetric): void {
    this.add(`${id}5xx`, serverErrors, 1, `${id}: the API answered 5xx`);
    this.add(
      `${id}429`,
      throttled,
      API_THROTTLED_THRESHOLD,
      `${id}: the API refused ${API_THROTTLED_THRESHOLD} or more requests as too many (429) in 5 minutes`,
    );
  }

  /** Any item a timer sweep could not fire (the SweepItemsFailed metric the sweep logs, EMF). */
  watchSweepFailures(id: string, fn: lambda.IFunction): void {
    const metric = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: SWEEP_ITEMS_FAILED,
      dimensionsMap: { [FUNCTION_DIMENSION]: fn.functionName },
      period: FIVE_MINUTES,
      statistic: 'Sum',
    });
    this.add(id, metric, 1, `${id}: timer sweep items failed (retried by the next sweep)`);
  }

  /** Any throttled read or write on the table (on demand, a hot partition or the account's limit). */
  watchTableThrottles(id: string, table: dynamodb.ITable): void {
    const metric = new cloudwatch.MathExpression({
      expression: 'FILL(readThrottles, 0) + FILL(writeThrottles, 0)',
      usingMetrics: {
        readThrottles: table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
        writeThrottles: table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
      },
      period: FIVE_MINUTES,
      label: 'Throttled reads and writes',
    });
    this.add(id, metric, 1, `${id}: DynamoDB throttled reads or writes on the table`);
  }

  /** The configuration set's bounce and complaint rates (SES reputation metrics), before SES reviews. */
  watchMailReputation(id: string, configurationSetName: string): void {
    const rate = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { 'ses:configuration-set': configurationSetName },
        period: Duration.minutes(15),
        statistic: 'Maximum',
      });
    this.add(
      `${id}BounceRate`,
      rate('Reputation.BounceRate'),
      MAIL_REPUTATION_THRESHOLDS.bounceRate,
      `${id}: bounce rate at ${MAIL_REPUTATION_THRESHOLDS.bounceRate * 100} % or more`,
    );
    this.add(
      `${id}ComplaintRate`,
      rate('Reputation.ComplaintRate'),
      MAIL_REPUTATION_THRESHOLDS.complaintRate,
      `${id}: complaint rate at ${MAIL_REPUTATION_THRESHOLDS.complaintRate * 100} % or more`,
    );
  }

  /** Any invocation of a schedule in the group that its target refused (AWS/Scheduler TargetErrorCount). */
  watchScheduleGroup(id: string, group: scheduler.IScheduleGroup): void {
    this.add(
      id,
      group.metricTargetErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      1,
      `${id}: the scheduler could not invoke its target`,
    );
  }

  /**
   * Any event the rule could not deliver to its target for good (AWS/Events FailedInvocations). Rules
   * on a custom bus are measured by bus and rule name, rules on the default bus by rule name alone.
   */
  watchRule(id: string, rule: events.IRule, bus?: events.IEventBus): void {
    const metric = new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensionsMap: bus
        ? { EventBusName: bus.eventBusName, RuleName: rule.ruleName }
        : { RuleName: rule.ruleName },
      period: FIVE_MINUTES,
      statistic: 'Sum',
    });
    this.add(id, metric, 1, `${id}: events the rule failed to deliver`);
  }

  /**
   * One dashboard with every alarm: their states at the top, then each alarm's metric against its
   * threshold. Call once, after the last `watch*`.
   */
  addDashboard(dashboardName: string): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Relais alarms', alarms: this.alarms, width: 24 }),
    );
    const widgets = this.alarms.map(
      (alarm) => new cloudwatch.AlarmWidget({ alarm, title: alarm.node.id, width: 6, height: 5 }),
    );
    for (let i = 0; i < widgets.length; i += 4) dashboard.addWidgets(...widgets.slice(i, i + 4));
    return dashboard;
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
