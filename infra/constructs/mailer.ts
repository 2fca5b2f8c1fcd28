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
  private readonly senderDomain: string;

  constructor(scope: Construct, id: string, props: MailerProps) {
    super(scope, id);
    this.senderDomain = props.senderDomain;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
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
