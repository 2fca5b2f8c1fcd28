import { type AwsService, signedJsonCaller } from '../aws/signed-request.ts';

/*
 * SES v2's SendEmail as one signed request (../aws/signed-request.ts) rather than the SDK's SES client,
 * which carries the schema of every SES operation (about 60 KB of the notify bundle). No retry here: an
 * error, throttling included, fails the consumer and the event is retried later (ses-mailer.ts).
 */

/** What SES needs to send one raw message. */
export interface RawEmail {
  readonly to: string;
  /** The whole MIME message. */
  readonly raw: string;
  readonly configurationSetName?: string;
}

/** The one SES operation Relais uses. */
export interface SesSender {
  sendRawEmail(email: RawEmail): Promise<void>;
}

/** SES v2 over HTTPS: `POST /v2/email/outbound-emails` (service `ses`). */
export function createSesHttpSender(service: AwsService): SesSender {
  const call = signedJsonCaller(service);
  return {
    async sendRawEmail({ to, raw, configurationSetName }) {
      const body = JSON.stringify({
        Content: { Raw: { Data: Buffer.from(raw, 'utf8').toString('base64') } },
        Destination: { ToAddresses: [to] },
        ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
      });
      await call('/v2/email/outbound-emails', body, { 'content-type': 'application/json' });
    },
  };
}
