import { randomUUID } from 'node:crypto';
import type { Mailer } from '../../../domain/ports.ts';
import { buildMime } from '../mime/build-mime.ts';
import type { SesSender } from './ses-http.ts';

export interface SesMailerOptions {
  /** `address` or `Display Name <address>` of a verified SES identity. */
  readonly from: string;
  readonly configurationSetName?: string;
}

/**
 * The Mailer port on SES v2 (ses-http.ts), sending the same raw MIME as the local outbox so attachments
 * (calendar invitations) work. The recipient is passed as the envelope destination too, so the message
 * headers can never add one. Errors, throttling included, propagate: the consumer fails and the event's
 * retry policy sends it again later, which is how Relais keeps to the SES sending rate without dropping
 * mail.
 */
export function createSesMailer(ses: SesSender, { from, configurationSetName }: SesMailerOptions): Mailer {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'relais.invalid';
  return {
    async send(mail) {
      const raw = buildMime(mail, { from, messageId: `${randomUUID()}@${domain}`, date: new Date() });
      await ses.sendRawEmail({
        to: mail.to,
        raw,
        ...(configurationSetName ? { configurationSetName } : {}),
      });
    },
  };
}
