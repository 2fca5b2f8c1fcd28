import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSesHttpSender } from '../adapters/ses/ses-http.ts';
import { createSesMailer } from '../adapters/ses/ses-mailer.ts';
import { consumerHandler } from '../consumers/lambda-handler.ts';
import { NOTIFY_CONSUMERS } from '../consumers/notify-group.ts';
import { failingWithoutSecrets, lambdaDeps } from '../lib/lambda-deps.ts';

/*
 * The notify function: EventBridge rule (the detail-types its consumers handle) → the consumers that
 * send email (offers, confirmations, staff notifications, reminders). The only function with SES and
 * the link-signing keys. SES throttling fails the invocation, and Lambda retries it later: mail is
 * delayed, never dropped (after the retries, the event waits in the DLQ).
 */

// Clients, keys and adapters are made once per container, outside the handler.
const dynamo = new DynamoDBClient({});
const deps = lambdaDeps({
  dynamo,
  mailer: (config) =>
    createSesMailer(sesFromEnvironment(process.env), {
      from: config.MAIL_FROM,
      configurationSetName: config.SES_CONFIGURATION_SET,
    }),
});

/**
 * SES as the Lambda runtime describes it: the region and the execution role's credentials are in the
 * environment (as the SDK's clients read them; `AWS_ENDPOINT_URL_SESV2` points elsewhere, as for them).
 */
function sesFromEnvironment(env: NodeJS.ProcessEnv) {
  const endpoint = env['AWS_ENDPOINT_URL_SESV2'] ?? env['AWS_ENDPOINT_URL'];
  return createSesHttpSender({
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? '',
    ...(endpoint ? { endpoint } : {}),
    credentials: async () => {
      const accessKeyId = env['AWS_ACCESS_KEY_ID'];
      const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
      if (!accessKeyId || !secretAccessKey) throw new Error('AWS credentials are not in the environment');
      const sessionToken = env['AWS_SESSION_TOKEN'];
      return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    },
  });
}

export const handler = failingWithoutSecrets(
  consumerHandler({
    group: 'notify',
    consumers: NOTIFY_CONSUMERS,
    deps,
    dynamo,
    tableName: process.env['TABLE_NAME']!,
  }),
  deps.secretsRead,
);
