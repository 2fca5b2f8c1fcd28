import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../../domain/referral/model.ts';
import { signLocalStaffToken } from '../../../functions/adapters/tokens/staff-tokens.ts';
import { LOCAL_STAFF_AUDIENCE, LOCAL_STAFF_ISSUER, loadOrCreateKeys } from '../../../local/keys.ts';
import { freePort } from '../../support/free-port.ts';
import { dynamoLocalPids, eventually, isRunning } from '../../support/processes.ts';

/*
 * `npm start` and `npm run token` as a person uses them (API.md, "Running it on one machine"): real
 * processes, a temporary data folder, DynamoDB Local on a free port, and at the end nothing left running.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

interface Run {
  readonly proc: ChildProcess;
  out: string;
  err: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const runs: Run[] = [];
const dirs: string[] = [];

function run(command: string, args: string[], env: Record<string, string>): Run {
  const proc = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own group, so that afterAll can clean up whatever a failed test left
    detached: true,
  });
  const r: Run = {
    proc,
    out: '',
    err: '',
    exited: new Promise((ok) => proc.once('exit', (code, signal) => ok({ code, signal }))),
  };
  proc.stdout?.on('data', (b: Buffer) => {
    r.out += b.toString();
  });
  proc.stderr?.on('data', (b: Buffer) => {
    r.err += b.toString();
  });
  runs.push(r);
  return r;
}

/**
 * `npm start`, resolved once the banner is printed. Its stdout is a pipe here, so the banner prints no
 * token: the test signs one per role with the key of the data folder, as `npm run token` does.
 */
async function start(env: Record<string, string> & { RELAIS_DATA_DIR: string }) {
  const r = run('npm', ['start'], env);
  const ready = await Promise.race([
    eventually(() => r.out.includes('Ctrl-C stops it'), 90_000),
    r.exited.then(() => false),
  ]);
  if (!ready) throw new Error(`npm start did not come up:\n${r.out}\n${r.err}`);
  const keys = await loadOrCreateKeys(env.RELAIS_DATA_DIR);
  const issuer = {
    privateJwk: keys.staff.privateJwk,
    issuer: LOCAL_STAFF_ISSUER,
    audience: LOCAL_STAFF_AUDIENCE,
  };
  const tokens = new Map<string, string>();
  for (const role of STAFF_ROLES) {
    tokens.set(
      role,
      await signLocalStaffToken(issuer, { sub: `${role}-mdm-lu`, org: 'mdm-lu', roles: [role] }),
    );
  }
  const dynamoPort = Number(/DynamoDB Local on 127\.0\.0\.1:(\d+)/.exec(r.out)?.[1]);
  return { run: r, out: r.out, tokens, dynamoPort };
}

/** A GET with a `Host` header of our choosing (fetch sets its own). */
function getWithHost(port: number, path: string, host: string) {
  return new Promise<{ status: number; type: string; body: string }>((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
    });
    req.once('error', fail);
    req.end();
  });
}

/** Permission bits of a path. */
const modeOf = (path: string) => statSync(path).mode & 0o777;

async function stop(r: Run) {
  r.proc.kill('SIGTERM');
  return r.exited;
}

afterAll(async () => {
  for (const r of runs) {
    if (r.proc.exitCode === null && r.proc.signalCode === null && r.proc.pid) {
      try {
        process.kill(-r.proc.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

describe('npm start', () => {
  let dataDir: string;
  let port: number;
  let base: string;

  beforeAll(async () => {
    dataDir = tempDir('relais-start-');
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
  });

  const get = (path: string, token?: string) =>
    fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  let firstCreatedAt: string | undefined;

  it('serves the API with the demo network and a working token per role, and leaves nothing running', async () => {
    const s = await start({ RELAIS_DATA_DIR: dataDir, PORT: String(port) });
    expect(s.out).toContain(`Relais is running on ${base}`);
    expect(s.out).toContain('demo network loaded');
    // not a terminal: no token in the output, but the way to get one
    expect(s.out).not.toMatch(/[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    expect(s.out).toContain('npm run --silent token -- --role <role> --org mdm-lu');

    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    expect([...s.tokens.keys()]).toEqual([...STAFF_ROLES]);
    const coordinator = s.tokens.get('coordinator')!;
    for (const specialty of ['ophthalmology', 'dental', 'cardiology']) {
      const res = await get(`/v1/specialists?specialty=${specialty}`, coordinator);
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: { id: string; email: string; active: boolean }[] };
      const active = items.filter((i) => i.active);
      expect(active.length).toBeGreaterThanOrEqual(3);
      expect(new Set(active.map((i) => i.email)).size).toBe(active.length);
      if (specialty === 'ophthalmology') {
        firstCreatedAt = (items.find((i) => i.id === 'sp-oph-chl') as { createdAt?: string } | undefined)
          ?.createdAt;
      }
    }
    expect(firstCreatedAt).toBeDefined();
    // every printed token is accepted (what each role may do is the API's business)
    for (const [role, token] of s.tokens) {
      expect((await get('/v1/specialists', token)).status, role).not.toBe(401);
    }
    expect((await get('/v1/specialists', `${coordinator}x`)).status).toBe(401);

    // the dev sign-in: a demo staff member per organisation and role, signed in with one form post
    const signInPage = await (await get('/app/sign-in')).text();
    expect(signInPage).toContain('id="dev-sign-in"');
    expect(signInPage).toContain('value="coordinator-dune-bxl"');
    const devSignIn = await fetch(`${base}/app/sign-in/dev`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: 'user=coordinator-mdm-lu',
    });
    expect(devSignIn.status).toBe(303);
    expect(devSignIn.headers.get('location')).toBe('/app/board');
    expect(devSignIn.headers.getSetCookie().some((c) => c.startsWith('relais_session='))).toBe(true);

    // the whole loop runs in process: the referral's offer goes out through the stream, the bus and a
    // consumer, into the outbox
    const opened = await fetch(`${base}/v1/referrals`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${s.tokens.get('social_worker')}`,
      },
      body: JSON.stringify({
        pseudonym: 'ZEBRA-1985',
        need: { specialty: 'ophthalmology' },
        urgency: 'routine',
        reason: 'blurred vision both eyes',
        socialCheckDone: true,
        consentToShare: true,
        accompaniment: { required: false },
        languages: ['pt', 'fr'],
      }),
    });
    expect(opened.status).toBe(201);
    let outbox: { to: string }[] = [];
    const deadline = Date.now() + 30_000;
    while (outbox.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      outbox = (await (await get('/dev/outbox')).json()) as { to: string }[];
    }
    expect(outbox[0]?.to).toMatch(/\.example$/);
    // and the opening's access entry, carried by its write, reaches the log the same way
    const { id } = (await opened.json()) as { id: string };
    const log = (await (await get(`/v1/referrals/${id}/access-log`, coordinator)).json()) as {
      items: { action: string; actor: { role: string }; route: string }[];
    };
    expect(log.items).toContainEqual(
      expect.objectContaining({
        action: 'referral.opened',
        actor: expect.objectContaining({ role: 'social_worker' }),
        route: 'POST /v1/referrals',
      }),
    );

    // the service's clock moves, and a restart keeps it
    const moved = await fetch(`${base}/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'P2D' }),
    });
    expect(moved.status).toBe(200);

    // only requests addressed to the service by its own names are answered (DNS rebinding)
    const rebound = await getWithHost(port, '/dev/outbox', `evil.example:${port}`);
    expect(rebound.status).toBe(421);
    expect(rebound.type).toBe('application/problem+json');
    expect(JSON.parse(rebound.body)).toMatchObject({ status: 421, title: 'Misdirected request' });
    expect(rebound.body).not.toContain('/o/');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const own = await getWithHost(port, '/dev/outbox', host);
      expect(own.status, host).toBe(200);
      expect(JSON.parse(own.body).length, host).toBeGreaterThan(0);
    }

    // the data folder and what Relais writes in it are its owner's only
    expect(modeOf(dataDir)).toBe(0o700);
    for (const dir of ['keys', 'outbox', 'dynamodb']) expect(modeOf(join(dataDir, dir)), dir).toBe(0o700);
    const files = [
      join(dataDir, 'clock.json'),
      ...['keys', 'outbox', 'dynamodb'].flatMap((d) =>
        readdirSync(join(dataDir, d)).map((f) => join(dataDir, d, f)),
      ),
    ];
    expect(files.some((f) => f.endsWith('.eml'))).toBe(true);
    for (const file of files) expect(modeOf(file), file).toBe(0o600);

    const javaPid = dynamoLocalPids(s.dynamoPort)[0];
    expect(javaPid).toBeDefined();
    // DynamoDB Local: no telemetry, and no browser origin but the service's own
    const javaArgs = readFileSync(`/proc/${javaPid}/cmdline`, 'utf8').split('\0');
    expect(javaArgs).toContain('-disableTelemetry');
    expect(javaArgs[javaArgs.indexOf('-cors') + 1]).toBe(base);
    const exit = await stop(s.run);
    expect(exit.code).toBe(0);
    expect(await eventually(() => !isRunning(javaPid!), 5000)).toBe(true);
    expect(dynamoLocalPids(s.dynamoPort)).toEqual([]);
  }, 180_000);

  it('restarts on the same data without seeding twice, and signs tokens for it from the same folder', async () => {
    const s = await start({ RELAIS_DATA_DIR: dataDir, PORT: String(port) });
    expect(s.out).not.toContain('demo network loaded');

    const coordinator = s.tokens.get('coordinator')!;
    const res = await get('/v1/specialists?specialty=ophthalmology', coordinator);
    const { items } = (await res.json()) as { items: { id: string; createdAt: string }[] };
    expect(items.find((i) => i.id === 'sp-oph-chl')?.createdAt).toBe(firstCreatedAt);

    // the outbox is kept too
    expect(((await (await get('/dev/outbox')).json()) as unknown[]).length).toBeGreaterThan(0);

    const clock = await fetch(`${base}/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'PT1M' }),
    });
    const { now } = (await clock.json()) as { now: string };
    expect(Date.parse(now) - Date.now()).toBeGreaterThan(47 * 3600_000);

    const token = run(
      'npm',
      ['run', '--silent', 'token', '--', '--role', 'coordinator', '--org', 'dune-bxl'],
      {
        RELAIS_DATA_DIR: dataDir,
      },
    );
    expect((await token.exited).code).toBe(0);
    const lines = token.out.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(JWT);
    expect(token.out).toBe(`${lines[0]}\n`);
    const claims = JSON.parse(Buffer.from(lines[0]!.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ sub: 'coordinator-dune-bxl', org: 'dune-bxl', roles: ['coordinator'] });
    expect((await get('/v1/specialists?specialty=dental', lines[0])).status).toBe(200);

    expect((await stop(s.run)).code).toBe(0);
    expect(dynamoLocalPids(s.dynamoPort)).toEqual([]);
  }, 180_000);
});

describe('npm start on a terminal', () => {
  it('prints a working staff token per role', async () => {
    const dataDir = tempDir('relais-tty-');
    const port = await freePort();
    // util-linux `script` gives the service a pseudo-terminal as stdout
    const r = run('script', ['-qfec', `exec ${process.execPath} ${TSX_CLI} local/start.ts`, '/dev/null'], {
      RELAIS_DATA_DIR: dataDir,
      PORT: String(port),
    });
    const ready = await Promise.race([
      eventually(() => r.out.includes('Ctrl-C stops it'), 90_000),
      r.exited.then(() => false),
    ]);
    if (!ready) throw new Error(`npm start did not come up on a terminal:\n${r.out}\n${r.err}`);
    const out = r.out.replaceAll('\r', '');
    const tokens = STAFF_ROLES.map((role) => new RegExp(`^  ${role} +(\\S+)$`, 'm').exec(out)?.[1]);
    for (const token of tokens) expect(token).toMatch(JWT);
    const coordinator = tokens[STAFF_ROLES.indexOf('coordinator')]!;
    expect(out).toContain(`try: curl -s -H "Authorization: Bearer ${coordinator}"`);
    const res = await fetch(`http://127.0.0.1:${port}/v1/specialists`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    expect(res.status).toBe(200);

    const dynamoPort = Number(/DynamoDB Local on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const javaPid = dynamoLocalPids(dynamoPort)[0];
    expect(javaPid).toBeDefined();
    // the terminal goes away: the service gets SIGHUP and stops, DynamoDB Local with it
    r.proc.kill('SIGTERM');
    await r.exited;
    expect(await eventually(() => !isRunning(javaPid!), 30_000)).toBe(true);
  }, 180_000);
});

describe('npm run token', () => {
  it('makes the key when the service never started, and prints one token only', async () => {
    const dataDir = tempDir('relais-token-');
    const r = run(
      'npm',
      ['run', '--silent', 'token', '--', '--role', 'accompanier', '--org', 'mdm-lu', '--sub', 'acc-1'],
      {
        RELAIS_DATA_DIR: dataDir,
      },
    );
    expect((await r.exited).code).toBe(0);
    expect(r.out).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    expect(r.err).toBe('');
  }, 60_000);

  it('refuses a bad role on stderr with exit code 2', async () => {
    const r = run('npm', ['run', '--silent', 'token', '--', '--role', 'doctor', '--org', 'mdm-lu'], {
      RELAIS_DATA_DIR: tempDir('relais-token-'),
    });
    expect((await r.exited).code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('unknown role doctor');
  }, 60_000);
});

describe('npm start without Java', () => {
  it('stops at once with a message saying how to install it', async () => {
    // a PATH with node on it and nothing else, so no java
    const bin = tempDir('relais-nojava-');
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = run(process.execPath, [TSX_CLI, 'local/start.ts'], {
      PATH: bin,
      RELAIS_DATA_DIR: tempDir('relais-nojava-data-'),
      PORT: String(await freePort()),
    });
    const exit = await r.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(r.err).toContain('needs a Java 17+ runtime');
    expect(r.err).toContain('apt-get install -y openjdk-17-jre-headless');
    expect(r.out).not.toContain('Relais is running');
  }, 60_000);
});

describe('npm start on a port that is taken', () => {
  it('says so, exits non-zero, and stops the DynamoDB Local it had started', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as AddressInfo).port;
    const dynamodbPort = await freePort();
    try {
      const r = run('npm', ['start'], {
        RELAIS_DATA_DIR: tempDir('relais-taken-'),
        PORT: String(taken),
        DYNAMODB_PORT: String(dynamodbPort),
      });
      const exit = await r.exited;
      expect(exit.code).not.toBe(0);
      expect(r.err).toContain(`Port ${taken} on 127.0.0.1 is already in use`);
      expect(dynamoLocalPids(dynamodbPort)).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
