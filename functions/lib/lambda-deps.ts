import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import type { Mailer } from '../../domain/ports.ts';
import { createKmsKeyWrapper } from '../adapters/crypto/kms-wrapper.ts';
import { lambdaDynamoClient } from '../adapters/dynamo/lambda-client.ts';
import { linkKeysSchema } from '../adapters/tokens/link-tokens.ts';
import { UnauthorizedError } from '../edge/problem.ts';
import type { KeyWrapper } from '../ports/key-ring.ts';
import type { Logger } from '../ports/logger.ts';
import type { StaffInvitations } from '../ports/staff-invitations.ts';
import type { OidcSignIn } from '../ports/staff-sign-in.ts';
import { ALL_PARTS, composeParts, type DepsOf, type Parts, settingsFromEnvironment } from './compose.ts';
import type { Deps, StaffVerifier } from './deps.ts';
import { type LambdaEnv, parseLambdaEnv } from './env.ts';
import { createJsonLogger } from './logger-json.ts';

/** The staff-auth secret: which OIDC issuer's tokens the api trusts (written by the CDK app). */
export const staffAuthSecret = z.object({
  issuer: z.url(),
  audience: z.string().check(z.minLength(1)),
  jwksUrl: z.url(),
  algorithms: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), ['RS256']),
  /** The pages' sign-in with the provider (infra/config.ts StaffSignInConfig). */
  signIn: z.optional(
    z.object({
      clientId: z.string().check(z.minLength(1)),
      redirectUri: z.url(),
      postLogoutRedirectUri: z.url(),
      logoutUrl: z.optional(z.url()),
    }),
  ),
  userPoolId: z.optional(z.string()),
});

export interface LambdaDepsOptions {
  /**
   * The DynamoDB client, for a function that also uses it outside Deps (the consumers' de-duplication).
   * @default - a new client
   */
  readonly dynamo?: DynamoDBClient;
  /**
   * Makes the mailer (the notify function's SES mailer). The SES client is passed in by the function
   * that sends mail, so that no other function bundles it.
   * @default - a mailer that refuses: this function sends no mail
   */
  readonly mailer?: (config: LambdaEnv) => Mailer;
  /**
   * Makes the staff-token verifier from the staff-auth secret (the api function's: jose with the
   * issuer's JWKS). Passed in like the mailer, so functions that verify no staff token do not bundle it.
   * @default - every staff token is refused
   */
  readonly staffVerifier?: (auth: StaffAuth) => StaffVerifier;
  /**
   * Makes the pages' OIDC sign-in from the staff-auth secret (the api function's), used when
   * `STAFF_SIGN_IN=oidc`. Passed in like the verifier.
   * @default - the pages take a staff token only
   */
  readonly signIn?: (auth: StaffAuth) => OidcSignIn;
  /** Makes the staff invitations for `STAFF_USER_POOL_ID` (the api function's). */
  readonly staffInvitations?: (userPoolId: string) => StaffInvitations;
}

export type StaffAuth = z.infer<typeof staffAuthSecret>;

/** The dependencies of a Lambda function, and how its secrets' reads went. */
export interface LambdaDeps extends Deps {
  /** Settles once the function's secrets are read and usable; rejects, with the reason, when one is not. */
  readonly secretsRead: Promise<void>;
}

/**
 * The handler of a function with secrets, made to fail its invocations when a secret could not be read
 * or used, as a cold start that read them failed before: a function error, which the alarms watch,
 * rather than answers that only look like refusals (every staff token refused, every link invalid).
 * Checked after the handler, so a first request is never held back waiting for the secrets.
 */
export function failingWithoutSecrets<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
  secretsRead: Promise<void>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const result = await handler(...args);
    await secretsRead;
    return result;
  };
}

/**
 * The composition root on AWS Lambda: clients made once per container, the secrets a function was
 * given (by name, in its environment) requested at cold start, in parallel, and awaited where they are
 * first needed (verifying a staff token, signing or verifying a link). Until then the function goes on
 * starting and serving: its first request sends its own reads while the secrets are on their way, and
 * the staff issuer's key set is fetched as soon as its settings arrive. A secret that cannot be read or
 * is malformed fails each use of it, and is logged by name once.
 *
 * What a function was not given is replaced by a stand-in that refuses, so a function can only do what
 * its grants allow and says so clearly: no staff verifier → every staff token is refused; no
 * `LINK_KEYS_SECRET_ID` → signing or verifying a link throws; no mailer → sending throws.
 */
export function lambdaDeps(
  options: LambdaDepsOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): LambdaDeps {
  return lambdaParts(ALL_PARTS, options, env);
}

/**
 * `lambdaDeps` with only the parts of the dependencies `parts` names (compose.ts): a function whose app
 * uses a few stores bundles only their adapters.
 */
export function lambdaParts<P extends Parts>(
  parts: P,
  options: LambdaDepsOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): DepsOf<P> & Pick<LambdaDeps, 'secretsRead'> {
  const config = parseLambdaEnv(env, [
    // Without it the links in emails would be relative, and useless: a deployment error.
    ...(options.mailer ? (['PUBLIC_BASE_URL'] as const) : []),
    // A function that verifies staff tokens without an issuer would refuse everyone: a deployment error.
    ...(options.staffVerifier ? (['STAFF_AUTH_SECRET_ID'] as const) : []),
  ]);
  const logger = createJsonLogger({
    level: config.LOG_LEVEL,
    base: { function: env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'relais' },
  });
  const secrets =
    config.LINK_KEYS_SECRET_ID || config.STAFF_AUTH_SECRET_ID ? new SecretsManagerClient({}) : undefined;
  const requestSecret = <T>(secretId: string, schema: z.ZodMiniType<T>, what: string): Promise<T> => {
    const read = (async () => {
      const secret = await secrets!.send(new GetSecretValueCommand({ SecretId: secretId }));
      // Never the content (it holds private keys), not even through JSON.parse's message, which quotes
      // the text it could not read: only which secret is malformed.
      const invalid = new Error(`Invalid ${what} secret (${secretId}): see the deployment guide`);
      let json: unknown;
      try {
        json = JSON.parse(secret.SecretString ?? '');
      } catch {
        throw invalid;
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw invalid;
      return parsed.data;
    })();
    // Observed at once: logged, and never an unhandled rejection while nothing awaits it yet.
    read.catch((error: unknown) =>
      logger.error('secret unreadable', {
        name: what,
        error: error instanceof Error ? error.message : 'unknown',
      }),
    );
    return read;
  };

  const linkKeys = config.LINK_KEYS_SECRET_ID
    ? requestSecret(config.LINK_KEYS_SECRET_ID, linkKeysSchema, 'link keys')
    : undefined;
  const auth =
    config.STAFF_AUTH_SECRET_ID && (options.staffVerifier || options.signIn)
      ? requestSecret(config.STAFF_AUTH_SECRET_ID, staffAuthSecret, 'staff auth')
      : undefined;
  const verifier =
    auth && options.staffVerifier
      ? auth.then((a) => makeVerifier(options.staffVerifier!, a, logger))
      : undefined;
  const signIn =
    auth && options.signIn && config.STAFF_SIGN_IN === 'oidc'
      ? lazySignIn(
          auth.then((a) => {
            if (!a.signIn) throw new Error('STAFF_SIGN_IN=oidc but the staff auth secret has no signIn');
            return options.signIn!(a);
          }),
        )
      : undefined;
  const secretsRead = Promise.all([linkKeys, verifier]).then(() => undefined);
  // Observed at once (each failure is logged where it happens): awaited by failingWithoutSecrets.
  secretsRead.catch(() => undefined);

  const deps = composeParts(parts, {
    // What the SDK would do again at every call done once (adapters/dynamo/lambda-client.ts).
    dynamo: options.dynamo ?? lambdaDynamoClient(),
    tableName: config.TABLE_NAME,
    clock: { now: () => new Date() },
    mailer: options.mailer ? options.mailer(config) : refusingMailer,
    verifyStaff: verifier ? async (token) => (await verifier)(token) : refuseStaff,
    logger,
    settings: settingsFromEnvironment(env, config.PUBLIC_BASE_URL ?? ''),
    keyWrapper: config.KMS_KEY_ID
      ? createKmsKeyWrapper(() => new KMSClient({}), config.KMS_KEY_ID)
      : refusingKeyWrapper,
    ...(linkKeys ? { linkKeys } : {}),
    ...(signIn ? { signIn } : {}),
    ...(options.staffInvitations && config.STAFF_USER_POOL_ID
      ? { staffInvitations: options.staffInvitations(config.STAFF_USER_POOL_ID) }
      : {}),
  });
  return { ...deps, secretsRead };
}

/** The OIDC sign-in once its settings are read: each step waits for them (a failed read fails the step). */
function lazySignIn(made: Promise<OidcSignIn>): OidcSignIn {
  made.catch(() => undefined);
  return {
    authorizationUrl: async (input) => (await made).authorizationUrl(input),
    exchangeCode: async (input) => (await made).exchangeCode(input),
    refresh: async (token) => (await made).refresh(token),
    endSessionUrl: async () => (await made).endSessionUrl(),
  };
}

/** The staff verifier from the issuer settings; settings it refuses (an algorithm it will not use) are logged. */
function makeVerifier(
  make: (auth: StaffAuth) => StaffVerifier,
  auth: StaffAuth,
  logger: Logger,
): StaffVerifier {
  try {
    return make(auth);
  } catch (error) {
    logger.error('staff auth settings refused', {
      error: error instanceof Error ? error.message : 'unknown',
    });
    throw error;
  }
}

const refusingMailer: Mailer = {
  send: async () => {
    throw new Error('this function sends no mail');
  },
};

const refuseKeys = async (): Promise<never> => {
  throw new Error('this function holds no data keys (KMS_KEY_ID)');
};
const refusingKeyWrapper: KeyWrapper = { id: 'none', generate: refuseKeys, unwrap: refuseKeys };

const refuseStaff: StaffVerifier = async () => {
  throw new UnauthorizedError();
};
