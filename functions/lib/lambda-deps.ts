import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod';
import { createSesMailer } from '../adapters/ses/ses-mailer.ts';
import { createJwksStaffVerifier } from '../adapters/tokens/staff-tokens.ts';
import { composeDeps, DEFAULT_SETTINGS } from './compose.ts';
import type { Deps } from './deps.ts';
import { parseLambdaEnv } from './env.ts';
import { createJsonLogger } from './logger-json.ts';

const jwk = z.record(z.string(), z.unknown());
/** The secret's shape: the current signing key and every key whose links must still verify. */
const linkKeysSecret = z.object({
  signingKey: z.object({ kid: z.string(), privateJwk: jwk }),
  verificationKeys: z.array(z.object({ kid: z.string(), publicJwk: jwk })).min(1),
});

/**
 * The composition root on AWS Lambda: clients made once per container, the link keys read once from
 * Secrets Manager, everything else from the environment.
 */
export async function lambdaDeps(env: NodeJS.ProcessEnv = process.env): Promise<Deps> {
  const config = parseLambdaEnv(env);
  const secrets = new SecretsManagerClient({});
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: config.LINK_KEYS_SECRET_ID }));
  const linkKeys = linkKeysSecret.parse(JSON.parse(secret.SecretString ?? '{}'));
  return composeDeps({
    dynamo: new DynamoDBClient({}),
    tableName: config.TABLE_NAME,
    clock: { now: () => new Date() },
    mailer: createSesMailer(new SESv2Client({}), {
      from: config.MAIL_FROM,
      configurationSetName: config.SES_CONFIGURATION_SET,
    }),
    verifyStaff: createJwksStaffVerifier({
      jwksUrl: config.STAFF_JWKS_URL,
      issuer: config.STAFF_ISSUER,
      audience: config.STAFF_AUDIENCE,
      algorithms: config.STAFF_ALGORITHMS.split(','),
    }),
    logger: createJsonLogger({ level: config.LOG_LEVEL }),
    settings: { ...DEFAULT_SETTINGS, offersAtOnce: config.OFFERS_AT_ONCE, publicBaseUrl: config.PUBLIC_BASE_URL },
    linkKeys: linkKeys as never,
  });
}
