import { CfnOutput, Duration, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../events/envelope.ts';
import { detailTypesOf } from '../../functions/consumers/groups.ts';
import { FUNCTION_ENTRIES, FUNCTION_FILES } from '../bundling/settings.ts';
import type { SenderConfig, StaffAuthConfig, ThrottleConfig } from '../config.ts';
import { Alarms } from '../constructs/alarms.ts';
import { CustomDomain } from '../constructs/custom-domain.ts';
import { DeadLetterQueue, deadLetterQueueName } from '../constructs/dead-letter-queue.ts';
import { EventConsumer } from '../constructs/event-consumer.ts';
import { RelaisHttpApi } from '../constructs/http-api.ts';
import { Mailer } from '../constructs/mailer.ts';
import { NodeFunction } from '../constructs/node-function.ts';
import { Sweeper } from '../constructs/sweeper.ts';
import { TABLE_ACCESS, type TableUser, tableStatements } from '../table-access.ts';

/** The IAM condition key of the data keys' encryption context (the organisation). */
export const DATA_KEY_CONTEXT_CONDITION = 'kms:EncryptionContext:org';

export interface AppStackProps extends StackProps {
  /** The stage: part of the name of every named resource, so stages can share an account. */
  readonly stage: string;
  /** The table from DataStack. */
  readonly table: dynamodb.ITable;
  /** The table's customer-managed key (DataStack). */
  readonly tableKey: kms.IKey;
  /** The key wrapping the organisations' data keys (DataStack). */
  readonly dataKeys: kms.IKey;
  /** Relais's event bus (DataStack). */
  readonly bus: events.IEventBus;
  /** The link-signing keys (DataStack). */
  readonly linkKeys: secretsmanager.ISecret;
  /** Which issuer staff tokens come from (an external provider, or DataStack's user pool). */
  readonly staffAuth: StaffAuthConfig;
  /** The SES sender. */
  readonly sender: SenderConfig;
  /**
   * Base URL of the links in emails.
   * @default - the HTTP API's URL
   */
  readonly publicBaseUrl?: string;
  /**
   * Address subscribed to the alarms.
   * @default - none
   */
  readonly alarmEmail?: string;
  /**
   * The organisation's own name for the API, and its certificate.
   * @default - the API's execute-api URL only
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn?: string };
  /** HTTP API throttling. */
  readonly throttle: ThrottleConfig;
  /** The notify function's reserved concurrency (from the SES send rate, infra/config.ts). */
  readonly notifyConcurrency: number;
}

/**
 * The stateless half of Relais: functions, the HTTP API, rules, the sweep schedule, the SES
 * configuration set and the alarms. Safe to destroy and redeploy; it only references the data in
 * DataStack.
 */
export class AppStack extends Stack {
  public readonly api: NodeFunction;
  public readonly web: NodeFunction;
  public readonly links: NodeFunction;
  public readonly notify: EventConsumer;
  public readonly project: EventConsumer;
  public readonly bounces: EventConsumer;
  public readonly publish: NodeFunction;
  public readonly sweep: Sweeper;
  public readonly httpApi: RelaisHttpApi;
  public readonly alarms: Alarms;
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { table } = props;

    /** Least privilege on the table: each function the operations its code uses (infra/table-access.ts). */
    const grantTable = (fn: NodeFunction, user: TableUser) => {
      for (const statement of tableStatements(table, TABLE_ACCESS[user]))
        fn.role.addToPrincipalPolicy(statement);
      props.tableKey.grantEncryptDecrypt(fn);
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            "The data-key operations DynamoDB performs with the table's customer-managed key, on that key only.",
        });
      }
    };

    /**
     * The organisations' data keys (functions/adapters/crypto): every function that reads referrals
     * may unwrap them (Decrypt), those that write them may also make one (GenerateDataKey: a first key,
     * the cursor key); always with an `org` encryption context, which KMS binds to the wrapped key and
     * CloudTrail records. The publisher reads only the outbox and gets neither.
     */
    const grantDataKeys = (fn: NodeFunction, use: 'read' | 'write') => {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: use === 'write' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [props.dataKeys.keyArn],
          conditions: { StringLike: { [DATA_KEY_CONTEXT_CONDITION]: '?*' } },
        }),
      );
      fn.fn.addEnvironment('KMS_KEY_ID', props.dataKeys.keyArn);
    };

    // Who may act as staff: read by the api and web functions at cold start. A trust setting, so not a plain
    // environment variable (a console edit of a function's variables must not redirect trust).
    const staffAuthSecret = new secretsmanager.Secret(this, 'StaffAuth', {
      secretName: `relais/${props.stage}/staff-auth`,
      description:
        'Relais staff-token issuer: {"issuer","audience","jwksUrl","algorithms","signIn"?: {"clientId","redirectUri","postLogoutRedirectUri","logoutUrl"?}}',
      secretStringValue: SecretValue.unsafePlainText(
        Stack.of(this).toJsonString({ ...props.staffAuth, algorithms: ['RS256'] }),
      ),
    });
    Validations.of(staffAuthSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Holds public settings (issuer, audience, JWKS URL), not a credential: there is nothing to rotate. ' +
        'Kept in Secrets Manager so that only the api and web functions read it.',
    });

    const common = { LOG_LEVEL: 'info' };

    // The staff JSON API (/v1, /hsds, /health, the documents) and the staff pages (/, /app/*) are two
    // functions, so that neither bundle carries the other's code (functions/http/api-app.ts, pages-app.ts).
    this.api = new NodeFunction(this, 'Api', {
      entry: FUNCTION_ENTRIES.api,
      files: FUNCTION_FILES.api,
      description: 'Relais staff JSON API',
      environment: {
        ...common,
        TABLE_NAME: table.tableName,
        STAFF_AUTH_SECRET_ID: staffAuthSecret.secretArn,
      },
    });
    grantTable(this.api, 'api');
    grantDataKeys(this.api, 'write');
    staffAuthSecret.grantRead(this.api);
    this.api.noFunctionDeadLetterQueue(
      'Invoked synchronously by API Gateway only: errors answer the request.',
    );

    this.web = new NodeFunction(this, 'Web', {
      entry: FUNCTION_ENTRIES.web,
      files: FUNCTION_FILES.web,
      description: 'Relais staff pages (/app/*)',
      environment: {
        ...common,
        TABLE_NAME: table.tableName,
        STAFF_AUTH_SECRET_ID: staffAuthSecret.secretArn,
        // Whether the pages sign in with the provider (the settings themselves are in the secret).
        ...(props.staffAuth.signIn ? { STAFF_SIGN_IN: 'oidc' } : {}),
        ...(props.staffAuth.userPoolId ? { STAFF_USER_POOL_ID: props.staffAuth.userPoolId } : {}),
      },
    });
    grantTable(this.web, 'web');
    grantDataKeys(this.web, 'write');
    staffAuthSecret.grantRead(this.web);
    if (props.staffAuth.userPoolId) {
      // Admins invite staff from /app/staff/invite: create the user, put them in their role groups.
      this.web.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'],
          resources: [
            Stack.of(this).formatArn({
              service: 'cognito-idp',
              resource: 'userpool',
              resourceName: props.staffAuth.userPoolId,
            }),
          ],
        }),
      );
    }
    this.web.noFunctionDeadLetterQueue(
      'Invoked synchronously by API Gateway only: errors answer the request.',
    );

    this.links = new NodeFunction(this, 'Links', {
      entry: FUNCTION_ENTRIES.links,
      files: FUNCTION_FILES.links,
      description: "Relais specialists' link pages (/o/{token})",
      environment: { ...common, TABLE_NAME: table.tableName, LINK_KEYS_SECRET_ID: props.linkKeys.secretArn },
    });
    grantTable(this.links, 'links');
    grantDataKeys(this.links, 'write');
    props.linkKeys.grantRead(this.links);
    this.links.noFunctionDeadLetterQueue(
      'Invoked synchronously by API Gateway only: errors answer the request.',
    );

    this.httpApi = new RelaisHttpApi(this, 'HttpApi', {
      api: this.api.fn,
      web: this.web.fn,
      links: this.links.fn,
      staffAuth: props.staffAuth,
      throttle: props.throttle,
    });
    if (props.customDomain) {
      new CustomDomain(this, 'Domain', {
        ...props.customDomain,
        api: this.httpApi.httpApi,
        stage: this.httpApi.stage,
      });
    }

    // Stream → publish → bus. Records of a shard in order, one batch at a time; a failed record is
    // retried (bisecting the batch to isolate it) a bounded number of times, then its pointer goes to
    // the DLQ and the shard moves on: one poison record never blocks everyone else's events.
    this.publish = new NodeFunction(this, 'Publish', {
      entry: FUNCTION_ENTRIES.publish,
      description: 'Relais outbox publisher: table stream to EventBridge and the access log',
      timeout: Duration.seconds(30),
      environment: { ...common, EVENT_BUS_NAME: props.bus.eventBusName, TABLE_NAME: table.tableName },
    });
    // The access entries referral writes carried, into the referrals' logs (infra/table-access.ts).
    grantTable(this.publish, 'publish');
    // The functions that write referrals are updated after the publisher: a change they write carries
    // its access entry, which only this publisher records (docs/DEPLOY.md).
    for (const writer of [this.api, this.web, this.links]) writer.fn.node.addDependency(this.publish.fn);
    const publishDeadLetters = new DeadLetterQueue(this, 'PublishDeadLetters', {
      queueName: deadLetterQueueName(props.stage, 'publish'),
    });
    // The publisher notes there, with the item's key, a record it gives up on (poison, or refused by
    // the bus for 15 minutes): replayable from the table once the stream has forgotten it. The mapping's
    // own on-failure destination (stream positions only) stays as the last resort.
    this.publish.fn.addEnvironment('DEAD_LETTER_QUEUE_URL', publishDeadLetters.queue.queueUrl);
    publishDeadLetters.queue.grantSendMessages(this.publish);
    this.publish.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // Retried until the publisher gives the record up itself (GIVE_UP_AFTER_MS) and notes it.
        retryAttempts: 10_000,
        maxRecordAge: Duration.hours(24),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(publishDeadLetters.queue),
      }),
    );
    // The stream is encrypted with the table's key (granted with the table, above).
    props.bus.grantPutEventsTo(this.publish);
    this.publish.noFunctionDeadLetterQueue(
      'Invoked by an event source mapping, never asynchronously: its on-failure destination (the ' +
        'publish DLQ) takes what exhausts the retries.',
    );

    const mailer = new Mailer(this, 'Mailer', {
      senderDomain: props.sender.domain,
      configurationSetName: `relais-${props.stage}`,
    });
    const relaisEvents = (group: 'notify' | 'project') => ({
      source: [EVENT_SOURCE],
      detailType: detailTypesOf(group),
    });

    this.notify = new EventConsumer(this, 'Notify', {
      entry: FUNCTION_ENTRIES.notify,
      files: FUNCTION_FILES.notify,
      description: 'Relais emails: offers, confirmations, staff notifications, reminders',
      timeout: Duration.seconds(30),
      // Keeps sending near SES's rate: beyond it, events wait and are retried instead of failing.
      reservedConcurrentExecutions: props.notifyConcurrency,
      bus: props.bus,
      deadLetterQueueName: deadLetterQueueName(props.stage, 'notify'),
      eventPattern: relaisEvents('notify'),
      environment: {
        ...common,
        TABLE_NAME: table.tableName,
        LINK_KEYS_SECRET_ID: props.linkKeys.secretArn,
        // From configuration (a custom domain), else the API's own URL: the notify function is not
        // behind the API, so this makes no dependency cycle.
        PUBLIC_BASE_URL: props.publicBaseUrl ?? this.httpApi.httpApi.apiEndpoint,
        MAIL_FROM: props.sender.mailFrom,
        SES_CONFIGURATION_SET: mailer.configurationSet.configurationSetName,
      },
    });
    grantTable(this.notify.function, 'notify');
    grantDataKeys(this.notify.function, 'read');
    props.linkKeys.grantRead(this.notify.function);
    mailer.grantSend(this.notify.function);

    this.project = new EventConsumer(this, 'Project', {
      entry: FUNCTION_ENTRIES.project,
      description: 'Relais projections: board, stats, specialist load, staff feeds',
      timeout: Duration.seconds(30),
      bus: props.bus,
      deadLetterQueueName: deadLetterQueueName(props.stage, 'project'),
      eventPattern: relaisEvents('project'),
      environment: { ...common, TABLE_NAME: table.tableName },
    });
    grantTable(this.project.function, 'project');
    grantDataKeys(this.project.function, 'read');

    this.bounces = new EventConsumer(this, 'Bounces', {
      entry: FUNCTION_ENTRIES.bounces,
      description: 'Relais: pause specialists whose mail bounces or is reported',
      timeout: Duration.seconds(30),
      // SES delivers to the default bus only, for every configuration set of the account: the rule
      // takes this stage's mail only.
      bus: mailer.defaultBus,
      deadLetterQueueName: deadLetterQueueName(props.stage, 'bounces'),
      eventPattern: mailer.bouncePattern(),
      environment: { ...common, TABLE_NAME: table.tableName },
    });
    grantTable(this.bounces.function, 'bounces');
    grantDataKeys(this.bounces.function, 'write');

    this.sweep = new Sweeper(this, 'Sweep', {
      scheduleGroupName: `relais-${props.stage}`,
      deadLetterQueueName: deadLetterQueueName(props.stage, 'sweep'),
      entry: FUNCTION_ENTRIES.sweep,
      description: 'Relais timer sweep (every minute)',
      environment: { ...common, TABLE_NAME: table.tableName },
    });
    grantTable(this.sweep.function, 'sweep');
    grantDataKeys(this.sweep.function, 'write');

    this.alarms = new Alarms(this, 'Alarms', { email: props.alarmEmail });
    const functions: [string, NodeFunction][] = [
      ['Api', this.api],
      ['Web', this.web],
      ['Links', this.links],
      ['Publish', this.publish],
      ['Notify', this.notify.function],
      ['Project', this.project.function],
      ['Bounces', this.bounces.function],
      ['Sweep', this.sweep.function],
    ];
    for (const [name, fn] of functions) this.alarms.watchErrors(`${name}Errors`, fn.fn);
    this.alarms.watchDeadLetters('PublishDeadLetters', publishDeadLetters.queue);
    this.alarms.watchDeadLetters('NotifyDeadLetters', this.notify.deadLetters.queue);
    this.alarms.watchDeadLetters('ProjectDeadLetters', this.project.deadLetters.queue);
    this.alarms.watchDeadLetters('BouncesDeadLetters', this.bounces.deadLetters.queue);
    this.alarms.watchDeadLetters('SweepDeadLetters', this.sweep.deadLetters.queue);
    this.alarms.watchIteratorAge('PublishIteratorAge', this.publish.fn, Duration.minutes(1));
    this.alarms.watchApi('Api', this.httpApi.metricServerErrors(), this.httpApi.metricThrottled());
    this.alarms.watchSweepFailures('SweepItemsFailed', this.sweep.function.fn);
    this.alarms.watchTableThrottles('TableThrottles', table);
    this.alarms.watchMailReputation('Mail', mailer.configurationSetName);
    this.alarms.watchScheduleGroup('SweepScheduleErrors', this.sweep.group);
    this.alarms.watchRule('NotifyRuleFailures', this.notify.rule, props.bus);
    this.alarms.watchRule('ProjectRuleFailures', this.project.rule, props.bus);
    this.alarms.watchRule('BouncesRuleFailures', this.bounces.rule);
    this.dashboard = this.alarms.addDashboard(`relais-${props.stage}`);

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the Relais API' });
    new CfnOutput(this, 'SignInUrl', {
      value: `${props.customDomain ? `https://${props.customDomain.domainName}/` : this.httpApi.url}app/sign-in`,
      description: 'Where staff sign in to the pages',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${this.dashboard.dashboardName}`,
      description: "The stage's alarms and metrics",
    });
    new CfnOutput(this, 'DeadLetterQueues', {
      value: ['notify', 'project', 'bounces', 'sweep', 'publish']
        .map((q) => deadLetterQueueName(props.stage, q))
        .join(' '),
      description: 'Replay one with: npm run redrive -- <notify|project|bounces|sweep|publish> (README)',
    });
  }
}
