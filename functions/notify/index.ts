import { SESv2Client } from '@aws-sdk/client-sesv2';
import { lambdaDynamoClient } from '../adapters/dynamo/lambda-client.ts';
import { createSesMailer } from '../adapters/ses/ses-mailer.ts';
import { consumerHandler } from '../consumers/lambda-handler.ts';
import { NOTIFY_CONSUMERS } from '../consumers/notify-group.ts';
import { NOTIFY_PARTS } from '../consumers/notify-parts.ts';
import { failingWithoutSecrets, lambdaParts } from '../lib/lambda-deps.ts';
import { warmIntlWhileWaiting } from '../ui/intl-warm.ts';

/*
 * The notify function: EventBridge rule (the detail-types its consumers handle) → the consumers that
 * send email (offers, confirmations, staff notifications, reminders). The only function with SES and
 * the link-signing keys. SES throttling fails the invocation, and Lambda retries it later: mail is
 * delayed, never dropped (after the retries, the event waits in the DLQ).
 */

// Clients, keys and adapters are made once per container, outside the handler.
const dynamo = lambdaDynamoClient();
// Built with the parts its consumers use (consumers/notify-parts.ts): no other store in its bundle.
const deps = lambdaParts(NOTIFY_PARTS, {
  dynamo,
  mailer: (config) =>
    createSesMailer(new SESv2Client({}), {
      from: config.MAIL_FROM,
      configurationSetName: config.SES_CONFIGURATION_SET,
    }),
});

// Dates in every email: ICU starts while the process first waits on the network (ui/intl-warm.ts).
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
