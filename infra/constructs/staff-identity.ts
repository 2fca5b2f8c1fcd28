import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES } from '../../domain/referral/model.ts';
import { type SenderConfig, type StaffAuthConfig, signInUrls } from '../config.ts';
import { NodeFunction } from './node-function.ts';

export interface StaffIdentityProps {
  readonly stage: string;
  /** Invitations and password resets are sent through SES from this sender (the organisation's domain). */
  readonly sender: SenderConfig;
  /**
   * The staff pages' public URL: with it the app client signs staff in with the hosted UI (code flow
   * with PKCE only), its callback and sign-out URLs made from it.
   * @default - no hosted UI: staff sign in with a token (the AWS CLI's `initiate-auth`)
   */
  readonly publicBaseUrl?: string;
  /** @default `relais-<stage>-<account id>` */
  readonly domainPrefix?: string;
}

/**
 * The staff directory when no external OIDC provider is configured: a Cognito user pool (administrators
 * create accounts; nobody signs up), one group per Relais role, the custom attribute `org`, an app
 * client, and a pre-token-generation trigger that puts `org` and `roles` in the ID token
 * (functions/staff-claims). Invitations and resets go out through SES from the sender's domain; with a
 * public URL, staff sign in through the hosted UI (the authorization code flow, nothing implicit).
 *
 * The pool holds the staff accounts: it is retained when removed and protected from deletion, like the
 * table. Its construct ids are part of logical ids (test/infra pins them).
 */
export class StaffIdentity extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  /** What the api function and the JWT authorizer trust: this pool's ID tokens for this client. */
  public readonly auth: StaffAuthConfig;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    const from = /^(?:(.+?)\s*<([^>]+)>|(\S+))$/.exec(props.sender.mailFrom.trim());
    const fromEmail = (from?.[2] ?? from?.[3] ?? props.sender.mailFrom).trim();
    const fromName = from?.[1]?.trim();
    const signIn = props.publicBaseUrl ? signInUrls(props.publicBaseUrl) : undefined;

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
      // Invitations and resets from the organisation's domain, through SES (Cognito's own sender is
      // limited to 50 emails a day and comes from amazonaws.com).
      email: cognito.UserPoolEmail.withSES({
        fromEmail,
        ...(fromName ? { fromName } : {}),
        sesVerifiedDomain: props.sender.domain,
        sesRegion: Stack.of(this).region,
      }),
      userInvitation: {
        emailSubject: 'You are invited to Relais',
        emailBody:
          'You have been invited to Relais. Your user name is {username} and your temporary password is ' +
          `{####}. ${signIn ? `Sign in at ${signIn.postLogoutRedirectUri}` : 'Sign in'} within 3 days: ` +
          'you will choose a password and set up an authenticator app.',
      },
      userVerification: {
        emailSubject: 'Your Relais verification code',
        emailBody: 'Your Relais verification code is {####}.',
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
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

    // The hosted UI's domain, where the code flow signs staff in (with the TOTP second factor).
    const domain = signIn
      ? this.userPool.addDomain('SignInDomain', {
          cognitoDomain: { domainPrefix: props.domainPrefix ?? `relais-${props.stage}-${Aws.ACCOUNT_ID}` },
        })
      : undefined;

    this.client = this.userPool.addClient('ApiClient', {
      // A public client: the code is bound to its sign-in by PKCE (S256), and no secret sits in a
      // function's configuration.
      generateSecret: false,
      // With the hosted UI, no other way to sign in is needed (SRP stays for SDK-based tools). Without
      // it, password auth (over TLS, MFA still required) is how staff get a token with the AWS CLI.
      authFlows: signIn ? { userSrp: true } : { userSrp: true, userPassword: true },
      ...(signIn
        ? {
            oAuth: {
              // The authorization code grant only: no implicit flow, no client credentials.
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
              scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
              callbackUrls: [signIn.redirectUri],
              logoutUrls: [signIn.postLogoutRedirectUri],
            },
            supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
          }
        : { disableOAuth: true }),
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // The longest a page session lasts (functions/adapters/dynamo/page-session-store.ts, maxSeconds).
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
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
      userPoolId: this.userPool.userPoolId,
      ...(signIn && domain
        ? {
            signIn: {
              clientId: this.client.userPoolClientId,
              ...signIn,
              // Cognito's discovery document publishes no end_session endpoint: its /logout it is.
              logoutUrl: `${domain.baseUrl()}/logout`,
            },
          }
        : {}),
    };
  }
}
