import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The data folder holds the signing keys, the database, the clock and the outbox (live link tokens):
 * it is readable by its owner only. A new folder is made 0700; a folder made by an earlier Relais is
 * tightened to 0700, with its files 0600; any other folder open to others is refused rather than
 * changed (RELAIS_DATA_DIR=/tmp must not chmod /tmp).
 */

/** What Relais keeps at the top of its data folder. */
const OURS = new Set(['keys', 'dynamodb', 'outbox', 'clock.json']);

/** The data folder is open to others and not ours to tighten: the message says what to do. */
export class DataDirError extends Error {
  constructor(dir: string) {
    super(
      `The data folder ${dir} is readable by other users and holds files Relais did not make: ` +
        `give Relais a folder of its own (RELAIS_DATA_DIR), or make this one private (chmod 700).`,
    );
    this.name = 'DataDirError';
  }
}

/** Makes the data folder (0700) or checks and tightens an existing one; returns its absolute path. */
export function preparePrivateDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return dir;
  const entries = readdirSync(dir);
  if ((lstatSync(dir).mode & 0o077) !== 0) {
    if (!entries.every((e) => OURS.has(e) || e.endsWith('.tmp'))) throw new DataDirError(dir);
    chmodSync(dir, 0o700);
  }
  for (const entry of entries) {
    if (OURS.has(entry)) makePrivate(join(dir, entry));
  }
  return dir;
}

/** Folders 0700, files 0600, all the way down; symbolic links are left alone. */
function makePrivate(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) makePrivate(join(path, entry));
  } else if ((stat.mode & 0o777) !== 0o600) {
    chmodSync(path, 0o600);
  }
}
