import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { STAFF_ROLES } from '../domain/referral/model.ts';
import { parseDuration } from '../domain/timers/settings.ts';
import { createLocalKeyWrapper } from '../functions/adapters/crypto/local-wrapper.ts';
import { createSeenEvents } from '../functions/adapters/dynamo/seen-events.ts';
import { createLocalStaffVerifier, signLocalStaffToken } from '../functions/adapters/tokens/staff-tokens.ts';
import { CONSUMERS } from '../functions/consumers/index.ts';
import { composeDeps, settingsFromEnvironment } from '../functions/lib/compose.ts';
import type { Deps, DevHooks } from '../functions/lib/deps.ts';
import { createJsonLogger } from '../functions/lib/logger-json.ts';
import { publishStreamRecords } from '../functions/publish/publish-stream-records.ts';
import { runSweep } from '../functions/sweep/run-sweep.ts';
import { createApp } from './app.ts';
import { renderBanner } from './banner.ts';
import { createMovableClock } from './clock.ts';
import { ConfigError, type LocalConfig, loadConfig } from './config.ts';
import { DataDirError, preparePrivateDataDir } from './data-dir.ts';
import { JavaMissingError, localDynamoClient, localStreamsClient, startDynamoLocal } from './dynamodb.ts';
import { ensureTable } from './ensure-table.ts';
import { allowedHosts, guardHost } from './host-guard.ts';
import { createInProcessBus } from './in-process-bus.ts';
import { LOCAL_STAFF_AUDIENCE, LOCAL_STAFF_ISSUER, loadOrCreateKeys } from './keys.ts';
import { createOutboxMailer } from './outbox-mailer.ts';
import { seedDemoNetwork } from './seed.ts';
import { createLocalStaffDirectory } from './staff-directory.ts';
import { startStreamReader } from './stream-reader.ts';

/**
 * `npm start`: Relais whole on one machine (docs: API.md "Running it on one machine", ARCHITECTURE.md
 * "Local runtime"). DynamoDB Local under the data folder, the same table definition and hono apps as on
 * AWS, the stream publisher and the consumers in process, a timer sweep every few seconds, emails in
 * `<data>/outbox/`. Ctrl-C or SIGTERM stops everything, DynamoDB Local last; the data stays.
 */

/** How often the timer sweep runs (AWS runs it every minute; locally we want to see things move). */
const SWEEP_EVERY_MS = 5_000;
/** Lifetime of the tokens printed at start. */
const PRINTED_TOKEN_TTL_SECONDS = 12 * 3600;
/** The organisation of the printed tokens. */
const DEMO_ORG = 'mdm-lu';

async function main(): Promise<number> {
  // Node 20 is this project's runtime on purpose; the SDK's notice about its future plans is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  let config: LocalConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`relais: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const logger = createJsonLogger({ level: config.logLevel, base: { service: 'relais-local' } });
  // Whatever this process and DynamoDB Local (which inherits it) create is readable by its owner only.
  process.umask(0o077);
  let dataDir: string;
  try {
    dataDir = preparePrivateDataDir(config.dataDir);
  } catch (err) {
    if (err instanceof DataDirError) {
      process.stderr.write(`relais: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const keys = await loadOrCreateKeys(dataDir);

  let db: Awaited<ReturnType<typeof startDynamoLocal>>;
  try {
    db = await startDynamoLocal({
      dataPath: join(dataDir, 'dynamodb'),
      port: config.dynamodbPort,
      // the service's own origin: no other web page may read DynamoDB Local's answers
      corsOrigins: [new URL(config.publicUrl).origin],
    });
  } catch (err) {
    if (err instanceof JavaMissingError) {
      process.stderr.write(`relais: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  // From here on, whatever happens, DynamoDB Local is stopped before we go.
  const stoppers: (() => Promise<void>)[] = [() => db.stop()];
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const stop of stoppers.reverse()) {
        try {
          await stop();
        } catch (err) {
          logger.warn('stop failed', { error: String(err) });
        }
      }
    })();
    return stopping;
  };
  installShutdown(stopAll, logger);

  try {
    const dynamo = localDynamoClient(db.endpoint);
    const streams = localStreamsClient(db.endpoint);
    stoppers.push(async () => {
      dynamo.destroy();
      streams.destroy();
    });
    await ensureTable(dynamo, config.tableName);

    const clock = createMovableClock({ file: join(dataDir, 'clock.json') });
    const mailer = createOutboxMailer({
      dir: join(dataDir, 'outbox'),
      clock,
      from: 'Relais <relais@relais.example>',
    });
    let deps: Deps | undefined;

    // The dev sign-in's staff, and the invitations of the admin page (into the outbox).
    const staffIssuer = {
      privateJwk: keys.staff.privateJwk,
      issuer: LOCAL_STAFF_ISSUER,
      audience: LOCAL_STAFF_AUDIENCE,
    };
    const staffDirectory = createLocalStaffDirectory({
      mailer,
      publicUrl: config.publicUrl,
      sign: (member) => signLocalStaffToken(staffIssuer, member, PRINTED_TOKEN_TTL_SECONDS),
      file: join(dataDir, 'staff.json'),
    });

    const dev: DevHooks = {
      staff: staffDirectory.staff,
      outbox: async () => mailer.list(),
      advanceClock: async (duration) => {
        // parseDuration refuses a bad one as invalid_input (400)
        clock.advance(parseDuration(duration));
        const fired = deps ? (await runSweep(deps)).fired : [];
        return { now: clock.now().toISOString(), fired };
      },
    };

    deps = composeDeps({
      dynamo,
      tableName: config.tableName,
      clock,
      mailer,
      verifyStaff: createLocalStaffVerifier({
        publicJwk: keys.staff.publicJwk,
        issuer: LOCAL_STAFF_ISSUER,
        audience: LOCAL_STAFF_AUDIENCE,
      }),
      logger,
      settings: settingsFromEnvironment(process.env, config.publicUrl),
      keyWrapper: createLocalKeyWrapper(keys.wrapping),
      linkKeys: {
        signingKey: { kid: keys.link.kid, privateJwk: keys.link.privateJwk },
        verificationKeys: [{ kid: keys.link.kid, publicJwk: keys.link.publicJwk }],
      },
      staffInvitations: staffDirectory,
      dev,
    });

    const seeded = await seedDemoNetwork({
      dynamo,
      tableName: config.tableName,
      clock,
      specialists: deps.specialists,
      organisations: deps.organisations,
    });
    if (seeded.seeded) {
      logger.info('demo network loaded', {
        organisations: seeded.organisations,
        specialists: seeded.specialists,
      });
    }

    const bus = createInProcessBus({
      consumers: CONSUMERS,
      seen: createSeenEvents(dynamo, config.tableName),
      deps,
      logger,
    });
    const reader = startStreamReader({
      dynamo,
      streams,
      tableName: config.tableName,
      handle: (event) => publishStreamRecords(event, bus, deps.accessLog, logger),
      logger,
    });
    stoppers.push(async () => reader.stop());

    const sweepDeps = deps;
    let sweeping: Promise<unknown> | undefined;
    const timer = setInterval(() => {
      // never two sweeps at once from here (concurrent ones are safe, just wasteful)
      sweeping ??= runSweep(sweepDeps)
        .then((r) => r.fired.length > 0 && logger.info('sweep fired', { count: r.fired.length }))
        .catch((err: unknown) => logger.error('sweep failed', { error: String(err) }))
        .finally(() => {
          sweeping = undefined;
        });
    }, SWEEP_EVERY_MS);
    stoppers.push(async () => {
      clearInterval(timer);
      await sweeping;
    });

    const server = await listen(guardHost(createApp(deps).fetch, allowedHosts(config)), config.port);
    stoppers.push(() => closeServer(server));

    await printBanner(config, dataDir, db.port, keys.staff.privateJwk, seeded.seeded);
    return -1; // keep running until a signal
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<Server> {
  const server = createAdaptorServer({ fetch }) as Server;
  return new Promise((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on 127.0.0.1 is already in use: set PORT to another one`)
          : err,
      ),
    );
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    // keep-alive connections of curl or a browser would hold close() open
    server.closeAllConnections();
  });
}

async function printBanner(
  config: LocalConfig,
  dataDir: string,
  dynamoPort: number,
  privateJwk: Parameters<typeof signLocalStaffToken>[0]['privateJwk'],
  firstStart: boolean,
): Promise<void> {
  const issuer = { privateJwk, issuer: LOCAL_STAFF_ISSUER, audience: LOCAL_STAFF_AUDIENCE };
  // bearer tokens go to a person at a terminal, never into a log file or a CI job's output
  const tokens = process.stdout.isTTY
    ? await Promise.all(
        STAFF_ROLES.map(
          async (role) =>
            [
              role,
              await signLocalStaffToken(
                issuer,
                { sub: `${role}-${DEMO_ORG}`, org: DEMO_ORG, roles: [role] },
                PRINTED_TOKEN_TTL_SECONDS,
              ),
            ] as const,
        ),
      )
    : undefined;
  process.stdout.write(
    renderBanner({
      url: `http://127.0.0.1:${config.port}`,
      dataDir,
      dynamoPort,
      firstStart,
      org: DEMO_ORG,
      tokenTtlHours: PRINTED_TOKEN_TTL_SECONDS / 3600,
      ...(tokens ? { tokens } : {}),
    }),
  );
}

function installShutdown(
  stopAll: () => Promise<void>,
  logger: { info(m: string): void; error(m: string, f?: Record<string, unknown>): void },
) {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      // a second Ctrl-C: don't wait any more (the exit hook still takes DynamoDB Local down)
      process.exit(130);
    }
    signalled = true;
    logger.info(`stopping (${signal})`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    stopAll().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  const onFatal = (err: unknown) => {
    logger.error('fatal', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopAll().finally(() => process.exit(1));
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`relais: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
