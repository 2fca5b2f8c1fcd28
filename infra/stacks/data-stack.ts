import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../events/envelope.ts';
import { REPLAY_WINDOW_DAYS } from '../../functions/adapters/dynamo/seen-events.ts';
import type { SenderConfig, StaffAuthConfig } from '../config.ts';
import { StaffIdentity } from '../constructs/staff-identity.ts';
import { RelaisTable } from '../constructs/table.ts';

export interface DataStackProps extends StackProps {
  /** The stage: part of the name of every named resource, so stages can share an account. */
  readonly stage: string;
  /**
   * Staff tokens from an external OIDC provider.
   * @default - a Cognito user pool in this stack
   */
  readonly staffAuth?: StaffAuthConfig;
  /** The SES sender; its domain identity is created here when `createIdentity`. */
  readonly sender: SenderConfig;
  /**
   * The staff pages' public URL: the user pool's app client signs staff in with the hosted UI there.
   * @default - no hosted UI
   */
  readonly publicBaseUrl?: string;
  /** The hosted UI's domain prefix. @default `relais-<stage>-<account id>` */
  readonly staffSignInDomainPrefix?: string;
}

/**
 * The stateful half of Relais: what holds data or trust and cannot be recreated by a deploy: the
 * table and its key, the event bus and its archive, the link-signing keys, the staff user pool and the
 * SES domain identity (its DKIM records are in DNS). It changes rarely and is protected from deletion;
 * everything replaceable lives in AppStack.
 *
 * Construct ids here are part of logical ids: renaming one makes CloudFormation create a new, empty
 * resource and orphan the old one (retained, with its data). test/infra pins them.
 */
export class DataStack extends Stack {
  public readonly table: dynamodb.ITable;
  public readonly tableKey: kms.IKey;
  /**
   * The key that wraps the organisations' data keys (envelope encryption of the pseudonym and free
   * text, functions/adapters/crypto): GenerateDataKey and Decrypt with the `{ org }` context only.
   */
  public readonly dataKeys: kms.IKey;
  public readonly bus: events.EventBus;
  /** The link-signing keys (JSON: `signingKey`, `verificationKeys`), filled by the operator. */
  public readonly linkKeys: secretsmanager.ISecret;
  /** Which issuer staff tokens come from: the configured one, or the user pool made here. */
  public readonly staffAuth: StaffAuthConfig;
  /** The user pool and client, when this stack made them. */
  public readonly staffIdentity?: StaffIdentity;
  /** The SES identity, when this stack made it. */
  public readonly senderIdentity?: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const relaisTable = new RelaisTable(this, 'Table');
    this.table = relaisTable.table;
    this.tableKey = relaisTable.encryptionKey;

    // Relais's own bus: its events never mix with the account's default bus, and rules and the archive
    // match on it alone.
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The table: for put-organisation, npm run redrive --table, and point-in-time restores',
    });

    // Apart from the table's key: the table's key protects the disk and backups from AWS's side; this
    // one keeps the pseudonyms and free text unreadable to anyone who can read the table but not use
    // this key (a console, a leaked read-only credential, an export). Retained: without it nothing
    // sealed could ever be read again.
    this.dataKeys = new kms.Key(this, 'DataKeys', {
      description: `Relais ${props.stage}: wraps the organisations' data keys (field-level encryption)`,
      alias: `alias/relais-${props.stage}-data-keys`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'DataKeysArn', {
      value: this.dataKeys.keyArn,
      description: 'KMS key of `npm run rotate-keys -- --kms-key` (deployed)',
    });

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: `relais-${props.stage}`,
      description: 'Relais domain events (from the table stream)',
    });
    this.bus.applyRemovalPolicy(RemovalPolicy.RETAIN);
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName, description: 'The events bus' });
    // Every event for 90 days, replayable into the bus when a consumer was wrong or down. Events carry
    // ids and codes only (events/envelope.ts), no personal data. The consumers' de-duplication markers
    // live as long (REPLAY_WINDOW_DAYS); an email's marker stands for "sent" beyond its lease only when
    // settled (functions/adapters/dynamo/seen-events.ts), so a replay may send an email again (README).
    new events.Archive(this, 'Archive', {
      archiveName: `relais-${props.stage}-events`,
      sourceEventBus: this.bus,
      description: 'Relais domain events, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(REPLAY_WINDOW_DAYS),
    }).applyRemovalPolicy(RemovalPolicy.RETAIN);

    // Created with a random placeholder the functions refuse (their invocations fail until it is
    // replaced): the operator puts the real keys in (README, "Deploying to AWS"), so no key is ever in a
    // template, the code or a variable.
    this.linkKeys = new secretsmanager.Secret(this, 'LinkKeys', {
      secretName: `relais/${props.stage}/link-keys`,
      description:
        'Relais link-signing keys: {"signingKey":{kid,privateJwk},"verificationKeys":[{kid,publicJwk}]}',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.linkKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Link keys rotate by adding a key, not by replacing one: links already sent must keep verifying ' +
        'until they expire. infra/tools/link-keys.ts makes the next secret value (README, "Deploying").',
    });
    new CfnOutput(this, 'LinkKeysSecretArn', {
      value: this.linkKeys.secretArn,
      description: 'Put the link-signing keys here (npx tsx infra/tools/link-keys.ts)',
    });

    if (props.staffAuth) {
      this.staffAuth = props.staffAuth;
    } else {
      this.staffIdentity = new StaffIdentity(this, 'Staff', {
        stage: props.stage,
        sender: props.sender,
        ...(props.publicBaseUrl ? { publicBaseUrl: props.publicBaseUrl } : {}),
        ...(props.staffSignInDomainPrefix ? { domainPrefix: props.staffSignInDomainPrefix } : {}),
      });
      this.staffAuth = this.staffIdentity.auth;
      new CfnOutput(this, 'StaffUserPoolId', { value: this.staffIdentity.userPool.userPoolId });
      new CfnOutput(this, 'StaffClientId', { value: this.staffIdentity.client.userPoolClientId });
      if (this.staffAuth.signIn) {
        new CfnOutput(this, 'StaffSignInUrl', {
          value: `${props.publicBaseUrl!.replace(/\/+$/, '')}/app/sign-in`,
          description: 'Where staff sign in (the hosted UI, with a TOTP app)',
        });
      }
    }

    if (props.sender.createIdentity) {
      this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
        identity: ses.Identity.domain(props.sender.domain),
      });
      this.senderIdentity.applyRemovalPolicy(RemovalPolicy.RETAIN);
      // The pool sends its invitations through this identity: made first.
      this.staffIdentity?.userPool.node.addDependency(this.senderIdentity);
      // Easy DKIM: three CNAME records to publish in the domain's DNS before SES sends.
      this.senderIdentity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `SenderDkim${i + 1}`, { value: `${record.name} CNAME ${record.value}` });
      });
    }
  }
}
