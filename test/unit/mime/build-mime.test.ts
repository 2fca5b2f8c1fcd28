import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Mail } from '../../../domain/ports.ts';
import {
  buildMime,
  HeaderInjectionError,
  InvalidHeaderError,
  quotedPrintable,
} from '../../../functions/adapters/mime/build-mime.ts';

const options = {
  from: 'Relais <no-reply@relais.example>',
  messageId: '0b7f3c1e-2d4a-4b8e-9f10-3c2d1e0a9b8c@relais.example',
  date: new Date('2025-07-01T09:30:00.000Z'),
};

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Relais//FR',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:off-0009@relais.example',
  'DTSTART:20250708T120000Z',
  'SUMMARY:Consultation ophtalmologie',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const confirmation: Mail = {
  to: 'dr.martin@example.org',
  subject: 'Rendez-vous confirmé — ophtalmologie',
  text: 'Bonjour,\n\nLe rendez-vous est confirmé : mardi 8 juillet à 14h00.\nLangues : français, دری.\n',
  html: '<p>Bonjour,</p><p>Le rendez-vous est <b>confirmé</b> : mardi 8 juillet à 14h00.</p>',
  attachments: [{ filename: 'rendez-vous.ics', contentType: 'text/calendar; method=REQUEST', content: ics }],
};

describe('buildMime', () => {
  it('builds a message that a mail parser reads back: UTF-8 subject, text, html', async () => {
    const parsed = await simpleParser(buildMime(confirmation, options));

    expect(parsed.subject).toBe('Rendez-vous confirmé — ophtalmologie');
    expect(parsed.text).toBe(confirmation.text);
    expect(parsed.html).toBe(confirmation.html);
    expect(parsed.from?.value).toEqual([{ address: 'no-reply@relais.example', name: 'Relais' }]);
    expect(parsed.messageId).toBe(`<${options.messageId}>`);
    expect(parsed.date?.toISOString()).toBe('2025-07-01T09:30:00.000Z');
  });

  it('attaches a calendar invitation as base64 text/calendar with method=REQUEST', async () => {
    const raw = buildMime(confirmation, options);
    const parsed = await simpleParser(raw);

    expect(parsed.attachments).toHaveLength(1);
    const [invite] = parsed.attachments;
    expect(invite?.filename).toBe('rendez-vous.ics');
    expect(invite?.contentType).toBe('text/calendar');
    expect(invite?.contentDisposition).toBe('attachment');
    expect(invite?.content.toString('utf8')).toBe(ics);
    const contentType = invite?.headers.get('content-type') as { params: Record<string, string> };
    expect(contentType.params).toMatchObject({ method: 'REQUEST', charset: 'UTF-8' });
    expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
  });

  it('encodes a non-ASCII subject as RFC 2047 words so the header itself stays ASCII', () => {
    const raw = buildMime(confirmation, options);
    const subject = /^Subject: (.*(?:\r\n .*)*)/m.exec(raw)?.[1] ?? '';
    expect(subject).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=/);
    expect(subject).not.toMatch(/[^\x20-\x7e\r\n]/);
  });

  it('keeps the whole message ASCII, with CRLF line endings and lines of at most 78 characters', () => {
    const raw = buildMime(
      {
        ...confirmation,
        text: `${'Très longue ligne '.repeat(20)}\n${'x'.repeat(300)}`,
        subject: 'é'.repeat(120),
      },
      options,
    );
    expect(raw).not.toMatch(/[\u0080-\uffff]/);
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(raw).not.toMatch(/\r(?!\n)/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('sends a message without attachments as multipart/alternative alone', async () => {
    const { attachments: _, ...plain } = confirmation;
    const raw = buildMime(plain, options);
    const parsed = await simpleParser(raw);
    expect(raw).not.toMatch(/multipart\/mixed/);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(parsed.attachments).toHaveLength(0);
    expect(parsed.text).toBe(plain.text);
  });

  it('writes a short ASCII subject as it is', async () => {
    const raw = buildMime({ ...confirmation, subject: 'New referral: ophthalmology' }, options);
    expect(raw).toMatch(/^Subject: New referral: ophthalmology\r$/m);
  });

  it('encodes a long ASCII subject and a subject that looks like an encoded word', async () => {
    const long = 'Referral '.repeat(20).trim();
    const tricky = '=?UTF-8?B?SGk=?= literally';
    expect((await simpleParser(buildMime({ ...confirmation, subject: long }, options))).subject).toBe(long);
    expect((await simpleParser(buildMime({ ...confirmation, subject: tricky }, options))).subject).toBe(
      tricky,
    );
  });

  it('encodes a non-ASCII display name and attachment filename', async () => {
    const parsed = await simpleParser(
      buildMime(
        {
          ...confirmation,
          to: 'Dr Élodie Martin <elodie.martin@example.org>',
          attachments: [{ filename: 'rendez-vous — été.ics', contentType: 'text/calendar', content: ics }],
        },
        { ...options, from: 'Équipe Relais <no-reply@relais.example>' },
      ),
    );
    expect(parsed.from?.value).toEqual([{ address: 'no-reply@relais.example', name: 'Équipe Relais' }]);
    expect(Array.isArray(parsed.to) ? undefined : parsed.to?.value).toEqual([
      { address: 'elodie.martin@example.org', name: 'Dr Élodie Martin' },
    ]);
    expect(parsed.attachments[0]?.filename).toBe('rendez-vous — été.ics');
  });

  describe('refuses header injection', () => {
    const injections: [string, Partial<Mail>, Partial<typeof options>][] = [
      ['a subject with CRLF', { subject: 'Hello\r\nBcc: victim@example.org' }, {}],
      ['a subject with a bare LF', { subject: 'Hello\nBcc: victim@example.org' }, {}],
      ['a subject with a bare CR', { subject: 'Hello\rBcc: victim@example.org' }, {}],
      ['a recipient with LF', { to: 'dr.martin@example.org\nBcc: victim@example.org' }, {}],
      ['a sender with CRLF', {}, { from: 'no-reply@relais.example\r\nReply-To: x@evil.example' }],
      ['a message id with LF', {}, { messageId: 'a@b\nX-Evil: 1' }],
      [
        'an attachment filename with CRLF',
        { attachments: [{ filename: 'a.ics"\r\nX-Evil: 1', contentType: 'text/calendar', content: '' }] },
        {},
      ],
      [
        'an attachment content type with LF',
        { attachments: [{ filename: 'a.ics', contentType: 'text/calendar\nX-Evil: 1', content: '' }] },
        {},
      ],
    ];
    it.each(injections)('%s', (_, mail, opts) => {
      expect(() => buildMime({ ...confirmation, ...mail }, { ...options, ...opts })).toThrow(
        HeaderInjectionError,
      );
    });
  });

  it.each([
    ['two recipients in one', { to: 'dr.martin@example.org, victim@example.org' }],
    ['an address without a domain', { to: 'dr.martin' }],
    [
      'a malformed content type',
      { attachments: [{ filename: 'a.ics', contentType: 'text/calendar; x', content: '' }] },
    ],
  ])('refuses %s', (_, mail) => {
    expect(() => buildMime({ ...confirmation, ...mail }, options)).toThrow(InvalidHeaderError);
  });
});

describe('quotedPrintable', () => {
  it('round-trips any text through a mail parser, in lines of at most 76 characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), async (text) => {
        // (an empty body reads back as a newline in mailparser: not a property of the encoding)
        const encoded = quotedPrintable(text);
        for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
        const parsed = await simpleParser(buildMime({ ...confirmation, text, attachments: [] }, options));
        expect(parsed.text ?? '').toBe(text.replace(/\r\n|\r/g, '\n'));
      }),
      { numRuns: 150 },
    );
  });

  it('encodes whitespace at the end of a line and equals signs', () => {
    expect(quotedPrintable('a = b \nc\t')).toBe('a =3D b=20\r\nc=09');
  });
});
