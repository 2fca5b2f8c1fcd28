import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { checkJava, localDynamoClient, startDynamoLocal } from '../../../local/dynamodb.ts';
import { dynamoLocalPids, eventually, isRunning } from '../../support/processes.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(import.meta.dirname, 'fixtures/hold-dynamo.ts');

const dirs: string[] = [];
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) {
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('startDynamoLocal', () => {
  it('finds the Java runtime it needs', () => {
    expect(checkJava().major).toBeGreaterThanOrEqual(17);
  });

  it('keeps data under its folder across a restart, and stop() leaves no Java behind', async () => {
    const dataPath = mkdtempSync(join(tmpdir(), 'relais-ddb-'));
    dirs.push(dataPath);
    const first = await startDynamoLocal({ dataPath });
    const client = localDynamoClient(first.endpoint);
    await client.send(
      new CreateTableCommand({
        TableName: 'kept',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    client.destroy();
    await first.stop();
    await first.stop(); // twice is fine
    expect(isRunning(first.pid)).toBe(false);
    expect(dynamoLocalPids(first.port)).toEqual([]);
    expect(readdirSync(dataPath).some((f) => f.endsWith('.db'))).toBe(true);

    const second = await startDynamoLocal({ dataPath });
    const again = localDynamoClient(second.endpoint);
    try {
      expect((await again.send(new ListTablesCommand({}))).TableNames).toContain('kept');
    } finally {
      again.destroy();
      await second.stop();
    }
    expect(dynamoLocalPids(second.port)).toEqual([]);
  }, 120_000);

  it('refuses a port that is taken', async () => {
    const first = await startDynamoLocal({});
    try {
      await expect(startDynamoLocal({ port: first.port })).rejects.toThrow(/Port \d+ is already in use/);
    } finally {
      await first.stop();
    }
  }, 120_000);

  // independent processes: run side by side to save the JVM start times
  it.concurrent.for(['SIGTERM', 'SIGINT', 'SIGKILL', 'throw', 'reject'])(
    'leaves no Java behind when Node ends by %s',
    { timeout: 90_000 },
    async (how, { expect }) => {
      const signal = how.startsWith('SIG') ? (how as NodeJS.Signals) : undefined;
      // node + tsx's loader directly (no tsx parent relaying signals), so the signal hits our process
      const proc = spawn(process.execPath, ['--import', 'tsx', FIXTURE, signal ? 'wait' : how], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      procs.push(proc);
      let out = '';
      proc.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
      });
      const exited = new Promise((ok) => proc.once('exit', ok));
      expect(await eventually(() => /ready \d+ \d+/.test(out), 60_000)).toBe(true);
      const [, port, pid] = /ready (\d+) (\d+)/.exec(out)!.map(Number);
      expect(isRunning(pid!)).toBe(true);
      if (signal) proc.kill(signal);
      await exited;
      // SIGKILL runs no handler in Node: the watchdog polls every second, then stops Java
      expect(await eventually(() => !isRunning(pid!), 15_000)).toBe(true);
      expect(dynamoLocalPids(port)).toEqual([]);
    },
  );
});
