import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMovableClock } from '../../../local/clock.ts';
import { DataDirError, preparePrivateDataDir } from '../../../local/data-dir.ts';
import { loadOrCreateKeys } from '../../../local/keys.ts';
import { createOutboxMailer } from '../../../local/outbox-mailer.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'relais-private-'));
  dirs.push(d);
  return d;
};
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the data folder', () => {
  it('is made readable by its owner only, with every file Relais writes in it', async () => {
    const dataDir = preparePrivateDataDir(join(tempDir(), 'nested', '.data'));
    expect(modeOf(dataDir)).toBe(0o700);

    await loadOrCreateKeys(dataDir);
    const clock = createMovableClock({ file: join(dataDir, 'clock.json') });
    clock.advance(60_000);
    const mailer = createOutboxMailer({
      dir: join(dataDir, 'outbox'),
      clock,
      from: 'Relais <r@relais.example>',
    });
    await mailer.send({ to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' });

    for (const dir of ['keys', 'outbox']) expect(modeOf(join(dataDir, dir)), dir).toBe(0o700);
    const files = [
      join(dataDir, 'clock.json'),
      ...['keys', 'outbox'].flatMap((d) => readdirSync(join(dataDir, d)).map((f) => join(dataDir, d, f))),
    ];
    expect(files.length).toBe(6); // clock, three keys (tokens, links, data keys' wrapping), one email as .eml and .json
    for (const file of files) expect(modeOf(file), file).toBe(0o600);
  });

  it('tightens a folder an earlier Relais left open, and everything in it', () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'outbox'));
    writeFileSync(join(dataDir, 'outbox', 'x.json'), '{}');
    writeFileSync(join(dataDir, 'clock.json'), '{"offsetMs":0}');
    chmodSync(join(dataDir, 'outbox', 'x.json'), 0o644);
    chmodSync(join(dataDir, 'clock.json'), 0o666);
    chmodSync(join(dataDir, 'outbox'), 0o755);
    chmodSync(dataDir, 0o755);

    preparePrivateDataDir(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'outbox'))).toBe(0o700);
    expect(modeOf(join(dataDir, 'outbox', 'x.json'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'clock.json'))).toBe(0o600);
  });

  it("refuses, and leaves alone, a folder open to others that holds files not Relais'", () => {
    const shared = tempDir();
    writeFileSync(join(shared, 'notes.txt'), 'not ours');
    chmodSync(shared, 0o755);
    expect(() => preparePrivateDataDir(shared)).toThrow(DataDirError);
    expect(modeOf(shared)).toBe(0o755);
  });
});
