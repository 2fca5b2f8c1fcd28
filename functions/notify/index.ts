import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createSesMailer } from '../adapters/ses/ses-mailer.ts';
import { consumerHandler } from '../consumers/lambda-handler.ts';
import { NOTIFY_CONSUMERS } from '../consumers/notify-group.ts';
import { failingWithoutSecrets, lambdaDeps } from '../lib/lambda-deps.ts';
import { warmIntlWhileWaiting } from '../ui/intl-warm.ts';

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
    createSesMailer(new SESv2Client({}), {
      from: config.MAIL_FROM,
      configurationSetName: config.SES_CONFIGURATION_SET,
    }),
});

// Init ends once the secret requests are on the wire, so the first request's own work runs during
// their round trip rather than before it (lib/lambda-deps.ts secretsOnTheWire).
await deps.secretsSent;
// Dates in every page or email: ICU starts while the first request's first reads are in flight
// (ui/intl-warm.ts). Armed only now: armed before, it ran on the secret request, inside init, and only
// made the first request (whose reads go out at once) start later.
warmIntlWhileWaiting();

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
