import { randomUUID } from 'node:crypto';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../../domain/ports.ts';
import { buildMime } from '../mime/build-mime.ts';

export interface SesMailerOptions {
  /** `address` or `Display Name <address>` of a verified SES identity. */
  readonly from: string;
  readonly configurationSetName?: string;
}

/**
 * The Mailer port on SES v2, sending the same raw MIME as the local outbox so attachments (calendar
 * invitations) work. The recipient is passed as the envelope destination too, so the message headers
 * can never add one. Errors, throttling included, propagate: the consumer fails and the event's retry
 * policy sends it again later, which is how Relais keeps to the SES sending rate without dropping mail.
 */
export function createSesMailer(
  client: SESv2Client,
  { from, configurationSetName }: SesMailerOptions,
): Mailer {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'relais.invalid';
  return {
    async send(mail) {
      const raw = buildMime(mail, { from, messageId: `${randomUUID()}@${domain}`, date: new Date() });
      await client.send(
        new SendEmailCommand({
          Destination: { ToAddresses: [mail.to] },
          Content: { Raw: { Data: Buffer.from(raw, 'utf8') } },
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        }),
      );
    },
  };
}
