import { Arn, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * SES's detail-types for the events the bounces function acts on (functions/bounces/index.ts,
 * SES_DETAIL_TYPES; test/lambda checks the two agree).
 */
export const SES_BOUNCE_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

export interface MailerProps {
  /** The verified SES identity mail is sent from: a domain. */
  readonly senderDomain: string;
  /** The configuration set's name, unique in the account and region (it carries the stage). */
  readonly configurationSetName: string;
}

/**
 * How Relais sends mail through SES: a configuration set with no open or click tracking (no event
 * destination for opens or clicks, so SES adds no pixel and rewrites no link: a specialist's link goes
 * straight to Relais), TLS required, reputation metrics, and bounces and complaints sent to the
 * account's default EventBridge bus (the only bus SES delivers to), where a rule routes them to the
 * bounces function that pauses the specialist.
 */
export class Mailer extends Construct {
  public readonly configurationSet: ses.ConfigurationSet;
  /** The account's default bus, where SES puts its events. */
  public readonly defaultBus: events.IEventBus;
  /** The configuration set's name, as configured (a plain string, usable in patterns and metrics). */
  public readonly configurationSetName: string;
  private readonly senderDomain: string;

  constructor(scope: Construct, id: string, props: MailerProps) {
    super(scope, id);
    this.senderDomain = props.senderDomain;
    this.configurationSetName = props.configurationSetName;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(this.defaultBus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }

  /**
   * The rule pattern of this configuration set's bounces and complaints. SES puts the events of every
   * configuration set of the account and region on the default bus; each event names its set in
   * `detail.mail.tags["ses:configuration-set"]` (test/fixtures/ses-*.json), so a stage takes its own.
   */
  bouncePattern(): events.EventPattern {
    return {
      source: ['aws.ses'],
      detailType: [...SES_BOUNCE_DETAIL_TYPES],
      detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSetName] } } },
    };
  }

  /** Lets `grantee` send mail from the sender domain, through this configuration set only. */
  grantSend(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName: string) =>
      Arn.format({ service: 'ses', resource, resourceName }, stack);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          arn('identity', this.senderDomain),
          arn('configuration-set', this.configurationSet.configurationSetName),
        ],
      }),
    );
  }
}
