import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES } from '../../domain/referral/model.ts';
import type { StaffAuthConfig } from '../config.ts';
import { NodeFunction } from './node-function.ts';

/**
 * The staff directory when no external OIDC provider is configured: a Cognito user pool (administrators
 * create accounts; nobody signs up), one group per Relais role, the custom attribute `org`, an app
 * client, and a pre-token-generation trigger that puts `org` and `roles` in the ID token
 * (functions/staff-claims).
 *
 * The pool holds the staff accounts: it is retained when removed and protected from deletion, like the
 * table. Its construct ids are part of logical ids (test/infra pins them).
 */
export class StaffIdentity extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  /** What the api function and the JWT authorizer trust: this pool's ID tokens for this client. */
  public readonly auth: StaffAuthConfig;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // Which organisation a staff member works for: set by an administrator, not by the user.
      customAttributes: { org: new cognito.StringAttribute({ minLen: 1, maxLen: 128, mutable: true }) },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff see vulnerable people's referrals: a second factor is not optional.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus plan (threat protection) is billed per active user; staff accounts are few, admin-made ' +
        'and MFA-required. A deployment that wants it changes `featurePlan` here.',
    });

    for (const role of STAFF_ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Relais role ${role}`,
      });
    }

    const claims = new NodeFunction(this, 'StaffClaims', {
      entry: 'functions/staff-claims/index.ts',
      description: 'Relais: org and roles claims in staff ID tokens',
      timeout: Duration.seconds(5),
      memorySize: 256,
    });
    claims.noFunctionDeadLetterQueue(
      'Invoked synchronously by Cognito while it issues a token: no async path.',
    );
    this.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      claims.fn,
      cognito.LambdaVersion.V2_0,
    );

    this.client = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      // SRP for applications; password auth (over TLS, MFA still required) lets staff sign in with the
      // AWS CLI's `initiate-auth`, which has no SRP (README, "Deploying to AWS").
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true })
        .withCustomAttributes('org'),
      // The org is an administrator's decision: users cannot change it themselves.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });

    const issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    this.auth = {
      issuer,
      audience: this.client.userPoolClientId,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
    };
  }
}
