import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { checkJava, JavaMissingError, localDynamoClient, startDynamoLocal } from '../../../local/dynamodb.ts';
import { listeningAddresses, ownNonLoopbackAddresses, tcpConnect } from '../../support/network.ts';
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

  it('refuses a runtime without the jdk.compiler module, which the loopback launcher needs', () => {
    // a stand-in `java`: version 17, and a module list without jdk.compiler (a slimmed runtime)
    const bin = mkdtempSync(join(tmpdir(), 'relais-slim-java-'));
    dirs.push(bin);
    writeFileSync(
      join(bin, 'java'),
      '#!/bin/sh\nif [ "$1" = -version ]; then echo \'openjdk version "17.0.9" 2023-10-17\' >&2; exit 0; fi\n' +
        'echo java.base@17.0.9; echo java.net.http@17.0.9\n',
    );
    chmodSync(join(bin, 'java'), 0o755);
    const slim = () => checkJava({ ...process.env, PATH: `${bin}:/usr/bin:/bin` });
    expect(slim).toThrow(JavaMissingError);
    expect(slim).toThrow(/without the jdk\.compiler module/);
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
    expect(statSync(dataPath).mode & 0o777).toBe(0o700);

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

/** A DynamoDB API call as a browser page would send it, from `origin`. */
const fromOrigin = (endpoint: string, origin: string, method = 'POST') =>
  fetch(endpoint, {
    method,
    headers: {
      origin,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      authorization:
        'AWS4-HMAC-SHA256 Credential=any/20250101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      ...(method === 'OPTIONS'
        ? { 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-target' }
        : {}),
    },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });

describe('DynamoDB Local, locked down to this machine', () => {
  // the run's own instance (dynamo-global-setup.ts), started like every other
  const endpoint = inject('dynamoEndpoint');
  const port = Number(new URL(endpoint).port);

  it('listens on loopback only', async () => {
    expect(await tcpConnect('127.0.0.1', port)).toBe('connected');
    // the kernel's own table of listening sockets: every one on this port is a loopback address
    const listening = listeningAddresses(port);
    expect(listening.length).toBeGreaterThan(0);
    for (const address of listening) expect(address, `listening on ${address}`).toMatch(/^127\./);
    // ::1 is loopback too, but not the one address it was told to use
    expect(await tcpConnect('::1', port)).not.toBe('connected');
  });

  it("is not reachable on this machine's other addresses", async () => {
    // only this machine's own addresses: no traffic leaves it
    const own = ownNonLoopbackAddresses();
    if (own.length === 0) {
      process.stdout.write('this machine has no non-loopback address: only loopback was checked\n');
    }
    for (const address of own) {
      expect(await tcpConnect(address, port), `reachable on ${address}`).not.toBe('connected');
    }
  });

  it('runs without telemetry and allows no foreign browser origin', async () => {
    const [pid] = dynamoLocalPids(port);
    expect(pid).toBeDefined();
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(args).toContain('-disableTelemetry');
    expect(args[args.indexOf('-cors') + 1]).toBe(`http://127.0.0.1:${port}`);

    const foreign = await fromOrigin(endpoint, 'http://evil.example');
    expect(foreign.status).toBe(200); // it answers: only the browser's reading of it is refused
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fromOrigin(endpoint, 'http://evil.example', 'OPTIONS');
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // the one origin on the list does get it, so the check above can fail
    const own = await fromOrigin(endpoint, `http://127.0.0.1:${port}`);
    expect(own.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${port}`);
  });
});
