import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mail } from '../../../domain/ports.ts';
import { HeaderInjectionError } from '../../../functions/adapters/mime/build-mime.ts';
import { createOutboxMailer } from '../../../local/outbox-mailer.ts';

const mail = (n: number): Mail => ({
  to: `dr.${n}@example.org`,
  subject: `Nouvelle demande n°${n}`,
  text: `Bonjour ${n}`,
  html: `<p>Bonjour ${n}</p>`,
});

describe('createOutboxMailer', () => {
  let dir: string;
  let now: Date;
  const clock = { now: () => now };
  const from = 'Relais <no-reply@relais.local>';

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'relais-outbox-')), 'outbox');
    now = new Date('2025-07-01T09:30:00.000Z');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('writes each email as a .eml file that a mail client reads', async () => {
    const outbox = createOutboxMailer({ dir, clock, from });
    await outbox.send({
      ...mail(1),
      attachments: [
        { filename: 'rdv.ics', contentType: 'text/calendar; method=REQUEST', content: 'BEGIN:VCALENDAR' },
      ],
    });

    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^20250701T093000000Z-[0-9a-f-]{36}\.eml$/);
    expect(files[1]).toBe(files[0]!.replace(/\.eml$/, '.json'));
    const parsed = await simpleParser(await readFile(join(dir, files[0]!)));
    expect(parsed.subject).toBe('Nouvelle demande n°1');
    expect(parsed.attachments[0]?.content.toString()).toBe('BEGIN:VCALENDAR');
    expect(parsed.date?.toISOString()).toBe('2025-07-01T09:30:00.000Z');
  });

  it('lists the emails oldest first with what the dev outbox page shows', async () => {
    const outbox = createOutboxMailer({ dir, clock, from });
    await outbox.send(mail(1));
    now = new Date('2025-07-01T10:00:00.000Z');
    await outbox.send(mail(2));

    const entries = await outbox.list();
    expect(entries.map((e) => e.to)).toEqual(['dr.1@example.org', 'dr.2@example.org']);
    expect(entries[1]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      to: 'dr.2@example.org',
      subject: 'Nouvelle demande n°2',
      text: 'Bonjour 2',
      html: '<p>Bonjour 2</p>',
      sentAt: '2025-07-01T10:00:00.000Z',
    });
  });

  it('keeps the sending order when the clock stands still or goes back, across restarts', async () => {
    const first = createOutboxMailer({ dir, clock, from });
    await Promise.all([1, 2, 3].map((n) => first.send(mail(n))));
    await first.send(mail(4));
    now = new Date('2025-06-01T00:00:00.000Z');
    const restarted = createOutboxMailer({ dir, clock, from });
    await restarted.send(mail(5));

    const entries = await restarted.list();
    expect(entries.map((e) => e.to).slice(3)).toEqual(['dr.4@example.org', 'dr.5@example.org']);
    expect(new Set(entries.map((e) => e.to)).size).toBe(5);
    expect(entries.at(-1)?.sentAt).toBe('2025-06-01T00:00:00.000Z');
  });

  it('lists nothing before the first email', async () => {
    expect(await createOutboxMailer({ dir, clock, from }).list()).toEqual([]);
  });

  it('refuses an email with a forged header and writes nothing', async () => {
    const outbox = createOutboxMailer({ dir, clock, from });
    await expect(outbox.send({ ...mail(1), subject: 'x\r\nBcc: a@b.c' })).rejects.toThrow(
      HeaderInjectionError,
    );
    expect(await outbox.list()).toEqual([]);
  });
});
