import { createHash, createHmac } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HeaderInjectionError } from '../../../functions/adapters/mime/build-mime.ts';
import { createSesHttpSender, SesError } from '../../../functions/adapters/ses/ses-http.ts';
import { createSesMailer } from '../../../functions/adapters/ses/ses-mailer.ts';
import { type FakeSes, rawOf, startFakeSes } from '../../lambda/support.ts';

const mail = {
  to: 'dr.martin@example.org',
  subject: 'Rendez-vous confirmé — ophtalmologie',
  text: 'Mardi 8 juillet, 14h00.',
  html: '<p>Mardi 8 juillet, 14h00.</p>',
  attachments: [
    { filename: 'rdv.ics', contentType: 'text/calendar; method=REQUEST', content: 'BEGIN:VCALENDAR' },
  ],
};

const credentials = async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', sessionToken: 'tok' });

let ses: FakeSes;
beforeAll(async () => {
  ses = await startFakeSes();
});
afterAll(async () => {
  await ses.close();
});
beforeEach(() => {
  ses.sent.splice(0);
  ses.refuse(undefined);
});

const sender = () => createSesHttpSender({ region: 'eu-central-1', endpoint: ses.endpoint, credentials });

describe('createSesMailer on SES v2 over HTTPS', () => {
  it('sends raw MIME, with attachments, to the recipient as envelope destination, signed for SES', async () => {
    const mailer = createSesMailer(sender(), {
      from: 'Relais <no-reply@relais.example>',
      configurationSetName: 'relais-notifications',
    });
    await mailer.send(mail);

    expect(ses.sent).toHaveLength(1);
    const request = ses.sent[0]!;
    expect(request.input.Destination).toEqual({ ToAddresses: ['dr.martin@example.org'] });
    expect(request.input.ConfigurationSetName).toBe('relais-notifications');
    expect(request.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-central-1\/ses\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request.securityToken).toBe('tok');
    const parsed = await simpleParser(Buffer.from(rawOf(request)));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@relais\.example>$/);
    expect(parsed.attachments[0]?.filename).toBe('rdv.ics');
  });

  it('signs the request as SigV4 says, over its headers and body (checked here from the specification)', async () => {
    await createSesMailer(sender(), { from: 'no-reply@relais.example' }).send(mail);
    const { headers, body, authorization } = ses.sent[0]!;
    const [, date, signed, signature] =
      /Credential=AKIDTEST\/(\d{8})\/eu-central-1\/ses\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})/.exec(
        authorization,
      )!;
    const names = signed!.split(';');
    expect(names).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']));
    const sha = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
    const canonical = [
      'POST',
      '/v2/email/outbound-emails',
      '',
      ...names.map((n) => `${n}:${String(headers[n]).trim()}`),
      '',
      signed,
      sha(body),
    ].join('\n');
    const amzDate = String(headers['x-amz-date']);
    const toSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      `${date}/eu-central-1/ses/aws4_request`,
      sha(canonical),
    ].join('\n');
    const hmac = (key: string | Buffer, data: string) =>
      createHmac('sha256', key).update(data, 'utf8').digest();
    const key = hmac(hmac(hmac(hmac('AWS4secret', date!), 'eu-central-1'), 'ses'), 'aws4_request');
    expect(signature).toBe(createHmac('sha256', key).update(toSign, 'utf8').digest('hex'));
  });

  it('lets throttling propagate, named as SES names it, so the event is retried', async () => {
    ses.refuse({ status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' });
    const mailer = createSesMailer(sender(), { from: 'no-reply@relais.example' });
    const error = await mailer.send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SesError);
    expect(error).toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Maximum sending rate exceeded.',
      status: 429,
    });
  });

  it('refuses a forged header before calling SES', async () => {
    const mailer = createSesMailer(sender(), { from: 'no-reply@relais.example' });
    await expect(mailer.send({ ...mail, to: 'a@b.c\r\nBcc: d@e.f' })).rejects.toThrow(HeaderInjectionError);
    expect(ses.sent).toHaveLength(0);
  });
});
