import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Mailer } from '../domain/ports.ts';
import { buildMime } from '../functions/adapters/mime/build-mime.ts';

/** What `GET /dev/outbox` shows of one email. */
export interface OutboxEntry {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Service clock time of sending (ISO 8601). */
  readonly sentAt: string;
}

export interface OutboxMailer extends Mailer {
  /** Every email of the outbox, oldest first. */
  list(): Promise<OutboxEntry[]>;
}

export interface OutboxMailerOptions {
  /** Folder of the outbox, e.g. `.data/outbox`; created on first send. */
  readonly dir: string;
  readonly clock: Clock;
  readonly from: string;
}

const STAMP = /^(\d{8}T\d{9}Z)-/;

/**
 * The Mailer of the one-machine runtime: each email is written as `<dir>/<time>-<id>.eml`, the very MIME
 * that SES would get (open it in a mail client), next to `<time>-<id>.json` for the dev outbox page. Both
 * live in the folder, so a restart keeps them. `<time>` is the service clock, made strictly increasing
 * (also across restarts, and when the clock is frozen or moved back) so file names sort in sending order.
 */
export function createOutboxMailer({ dir, clock, from }: OutboxMailerOptions): OutboxMailer {
  let last: Promise<number> | undefined;
  let lastStamp = 0;

  const latestOnDisk = async () => {
    // owner only: the emails carry live link tokens
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stamps = (await readdir(dir)).flatMap((f) => {
      const m = STAMP.exec(f);
      return m ? [parseStamp(m[1]!)] : [];
    });
    return Math.max(0, ...stamps);
  };

  const writeAtomically = async (file: string, content: string) => {
    const tmp = join(dir, `.tmp-${randomUUID()}`);
    await writeFile(tmp, content, { encoding: 'utf8', mode: 0o600 });
    await rename(tmp, join(dir, file));
  };

  return {
    async send(mail) {
      last ??= latestOnDisk();
      lastStamp = Math.max(lastStamp, await last);
      const now = clock.now();
      // Synchronous from here to the stamp: concurrent sends get distinct, increasing stamps.
      lastStamp = Math.max(now.getTime(), lastStamp + 1);
      const id = randomUUID();
      const base = `${formatStamp(lastStamp)}-${id}`;
      const eml = buildMime(mail, { from, messageId: `${id}@relais.local`, date: now });
      const entry: OutboxEntry = {
        id,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        sentAt: now.toISOString(),
      };
      await writeAtomically(`${base}.eml`, eml);
      // The JSON last: an entry listed always has its .eml.
      await writeAtomically(`${base}.json`, JSON.stringify(entry, null, 2));
    },

    async list() {
      let files: string[];
      try {
        files = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const entries = files.filter((f) => STAMP.test(f) && f.endsWith('.json')).sort();
      return Promise.all(
        entries.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as OutboxEntry),
      );
    },
  };
}

/** `2025-07-01T09:30:00.123Z` → `20250701T093000123Z`: sorts as text in time order. */
function formatStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

function parseStamp(s: string): number {
  return Date.parse(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`,
  );
}
