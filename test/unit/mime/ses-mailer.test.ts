import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import { HeaderInjectionError } from '../../../functions/adapters/mime/build-mime.ts';
import { createSesMailer } from '../../../functions/adapters/ses/ses-mailer.ts';

const ses = mockClient(SESv2Client);
const mail = {
  to: 'dr.martin@example.org',
  subject: 'Rendez-vous confirmé — ophtalmologie',
  text: 'Mardi 8 juillet, 14h00.',
  html: '<p>Mardi 8 juillet, 14h00.</p>',
  attachments: [
    { filename: 'rdv.ics', contentType: 'text/calendar; method=REQUEST', content: 'BEGIN:VCALENDAR' },
  ],
};

describe('createSesMailer', () => {
  beforeEach(() => ses.reset());

  it('sends raw MIME, with attachments, to the recipient as envelope destination', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const mailer = createSesMailer(new SESv2Client({}), {
      from: 'Relais <no-reply@relais.example>',
      configurationSetName: 'relais-notifications',
    });
    await mailer.send(mail);

    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.Destination).toEqual({ ToAddresses: ['dr.martin@example.org'] });
    expect(input.ConfigurationSetName).toBe('relais-notifications');
    const parsed = await simpleParser(Buffer.from(input.Content!.Raw!.Data!));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@relais\.example>$/);
    expect(parsed.attachments[0]?.filename).toBe('rdv.ics');
  });

  it('lets throttling propagate so the event is retried', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} }));
    const mailer = createSesMailer(new SESv2Client({}), { from: 'no-reply@relais.example' });
    await expect(mailer.send(mail)).rejects.toThrow(TooManyRequestsException);
  });

  it('refuses a forged header before calling SES', async () => {
    const mailer = createSesMailer(new SESv2Client({}), { from: 'no-reply@relais.example' });
    await expect(mailer.send({ ...mail, to: 'a@b.c\r\nBcc: d@e.f' })).rejects.toThrow(HeaderInjectionError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
