import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build } from 'esbuild';
import type { Mail } from '../domain/ports.ts';
import type { RelaisEvent } from '../events/catalog.ts';
import { createLocalKeyWrapper } from '../functions/adapters/crypto/local-wrapper.ts';
import { outboxTextOf } from '../functions/adapters/dynamo/outbox.ts';
import { jsonTextOf } from '../functions/adapters/dynamo/packed-json.ts';
import { createSeenEvents } from '../functions/adapters/dynamo/seen-events.ts';
import { generateLinkKey } from '../functions/adapters/tokens/link-tokens.ts';
import { createJwksStaffVerifier } from '../functions/adapters/tokens/staff-tokens.ts';
import { CONSUMER_GROUPS, detailTypesOf } from '../functions/consumers/groups.ts';
import { composeDeps, DEFAULT_SETTINGS } from '../functions/lib/compose.ts';
import type { Deps } from '../functions/lib/deps.ts';
import { createJsonLogger } from '../functions/lib/logger-json.ts';
import { publishStreamRecords } from '../functions/publish/publish-stream-records.ts';
import { measureBoardAndSweep, meterCapacity } from '../functions/sweep/measure.ts';
import { buildFunctions } from '../infra/bundling/build-functions.ts';
import { bundleOptions, LIGHT_FETCH_MODULE } from '../infra/bundling/esbuild-settings.ts';
import {
  ESM_REQUIRE_BANNER,
  FUNCTION_NAMES,
  type FunctionName,
  PROJECT_ROOT,
} from '../infra/bundling/settings.ts';
import { createApp } from '../local/app.ts';
import { createMovableClock, type MovableClock } from '../local/clock.ts';
import { localDynamoClient, localStreamsClient, startDynamoLocal } from '../local/dynamodb.ts';
import { ensureTable } from '../local/ensure-table.ts';
import { createInProcessBus } from '../local/in-process-bus.ts';
import { seedDemoNetwork } from '../local/seed.ts';
import { startStreamReader } from '../local/stream-reader.ts';
import { startFakeAws } from './fake-aws.ts';
import {
  add,
  benchIssuer,
  type Consumed,
  httpEvent,
  median,
  meterReadsAndWrites,
  none,
  percentile,
  round,
} from './lib.ts';
import { sizeShares } from './metafile.ts';
import { DEFAULT_PRICE_REGION, fixedMonthly, pricesFor } from './prices.ts';

/*
 * `npm run bench`: every figure measured in this one run, on this machine, beside baselines measured in
 * the same run (bench/README.md says what each means). Prints a table, writes bench/results.json.
 */

// Diagnostics may ask for more runs (RELAIS_BENCH_COLD_RUNS); the report always says how many.
const COLD_RUNS = Number(process.env['RELAIS_BENCH_COLD_RUNS'] ?? 10);
const WARM_RUNS = 100;
const LOAD_SECONDS = 10;
const LOAD_CONNECTIONS = 20;
const CLOSED = 10_000;
const OVERDUE = 20;
const ORG = 'mdm-lu';

const started = performance.now();
const say = (line: string) => process.stderr.write(`${line}\n`);
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
// Diagnostics: RELAIS_BENCH_LOG=error shows what a consumer or the sweep reports while measured.
const logger = createJsonLogger({
  level: (process.env['RELAIS_BENCH_LOG'] as 'error' | undefined) ?? 'silent',
});
/** Written after each section too, so a run that fails late keeps what it measured. */
const savePartial = () =>
  writeFileSync(join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const work = mkdtempSync(join(tmpdir(), 'relais-bench-'));
const results: Record<string, unknown> = {
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, platform: `${process.platform}-${process.arch}` },
};

// ───────────────────────────── bundles ─────────────────────────────
say('building bundles…');
const built = await buildFunctions();
const referenceDir = join(PROJECT_ROOT, 'dist', 'bench', 'reference');
mkdirSync(referenceDir, { recursive: true });
const referenceBundle = join(referenceDir, 'index.mjs');
// The obvious way: esbuild's defaults for Node (CommonJS builds of the SDK first), minified, no aliases.
const referenceBuild = await build({
  entryPoints: [join(PROJECT_ROOT, 'bench', 'reference', 'handler.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  minify: true,
  outfile: referenceBundle,
  banner: { js: ESM_REQUIRE_BANNER },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(referenceDir, 'meta.json'), JSON.stringify(referenceBuild.metafile));
// The floors (bench/floor/): the first requests of api, links and notify with nothing of Relais, built
// as the functions are (the same esbuild settings and SDK trimming; the light fetch classes for HTTP).
const FLOORS = { api: true, links: true, notify: false } as const;
const floorBundle = (name: keyof typeof FLOORS) =>
  join(PROJECT_ROOT, 'dist', 'bench', 'floor', name, 'index.mjs');
for (const [name, http] of Object.entries(FLOORS) as [keyof typeof FLOORS, boolean][]) {
  const options = bundleOptions(join(PROJECT_ROOT, 'bench', 'floor', `${name}.ts`), floorBundle(name));
  await build({ ...options, ...(http ? { inject: [LIGHT_FETCH_MODULE] } : {}) });
}
const kb = (bytes: number) => round(bytes / 1024);
const bundles = [
  ...built.map((b) => ({ name: b.name as string, bytes: b.bytes, metafile: b.metafile })),
  { name: 'reference', bytes: statSync(referenceBundle).size, metafile: join(referenceDir, 'meta.json') },
].map((b) => ({
  name: b.name,
  kb: kb(b.bytes),
  // Issue 15's target: every bundle at most 400 KB (the `largest bundle` target below).
  withinTarget: b.bytes <= 400 * 1024,
  dominatedBy: sizeShares(b.metafile)
    .slice(0, 4)
    .map((s) => ({ origin: s.origin, kb: kb(s.bytes), share: round((100 * s.bytes) / b.bytes) })),
}));
results['bundles'] = bundles;

// ───────────────────────────── the world: DynamoDB Local, fake AWS, keys ─────────────────────────────
say(`starting DynamoDB Local… (${elapsed()})`);
const db = await startDynamoLocal({});
const dynamo = localDynamoClient(db.endpoint);
const issuer = await benchIssuer();
const linkKey = await generateLinkKey('bench-1');
const LINK_KEYS_SECRET = 'relais-bench/link-keys';
const STAFF_AUTH_SECRET = 'relais-bench/staff-auth';
const secretValues: Record<string, string> = {
  [LINK_KEYS_SECRET]: JSON.stringify({
    signingKey: { kid: linkKey.kid, privateJwk: linkKey.privateJwk },
    verificationKeys: [{ kid: linkKey.kid, publicJwk: linkKey.publicJwk }],
  }),
};
// One wrapping key for the run: the sources' compositions hold it in memory, the bundles reach it as
// KMS (the fake answers GenerateDataKey/Decrypt with it), so data keys made by either open in both.
const BENCH_WRAPPING_KEY = randomBytes(32);
const BENCH_KMS_KEY_ID = 'arn:aws:kms:eu-central-1:123456789012:key/relais-bench';
const fake = await startFakeAws({
  secrets: secretValues,
  jwks: issuer.jwks,
  kms: createLocalKeyWrapper(BENCH_WRAPPING_KEY, BENCH_KMS_KEY_ID),
});
secretValues[STAFF_AUTH_SECRET] = JSON.stringify({
  issuer: issuer.issuer,
  audience: issuer.audience,
  jwksUrl: fake.jwksUrl,
});
const linkKeys = {
  signingKey: { kid: linkKey.kid, privateJwk: linkKey.privateJwk },
  verificationKeys: [{ kid: linkKey.kid, publicJwk: linkKey.publicJwk }],
};
const sent: Mail[] = [];
const mailer = { send: async (mail: Mail) => void sent.push(mail) };
const PUBLIC_BASE_URL = 'https://bench.execute-api.eu-central-1.amazonaws.com';

/** Relais composed from sources on a table, as the local runtime does (preparation and capacity). */
async function sourceDeps(tableName: string, client: DynamoDBClient, clock: MovableClock): Promise<Deps> {
  return composeDeps({
    dynamo: client,
    tableName,
    clock,
    mailer,
    verifyStaff: createJwksStaffVerifier({
      jwksUrl: fake.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
    }),
    logger,
    settings: { ...DEFAULT_SETTINGS, publicBaseUrl: PUBLIC_BASE_URL },
    // A key held in memory for the run: the cost measured is the sealing, not a KMS round trip.
    keyWrapper: createLocalKeyWrapper(BENCH_WRAPPING_KEY, BENCH_KMS_KEY_ID),
    linkKeys,
  });
}

async function newTable(name: string, clock: MovableClock): Promise<Deps> {
  await ensureTable(dynamo, name);
  const deps = await sourceDeps(name, dynamo, clock);
  await seedDemoNetwork({
    dynamo,
    tableName: name,
    clock,
    specialists: deps.specialists,
    organisations: deps.organisations,
  });
  return deps;
}

const tokens = {
  worker: await issuer.sign('sw-bench', ORG, ['social_worker']),
  coordinator: await issuer.sign('co-bench', ORG, ['coordinator']),
  accompanier: await issuer.sign('acc-bench', ORG, ['accompanier']),
};
let opened = 0;
const referralBody = () => ({
  pseudonym: `BENCH-${++opened}`,
  need: { specialty: 'ophthalmology' },
  urgency: 'routine',
  reason: 'benchmark referral',
  socialCheckDone: true,
  consentToShare: true,
  accompaniment: { required: true },
  languages: ['fr'],
});

async function outboxOf(tableName: string, referralId: string): Promise<RelaisEvent[]> {
  const item = await dynamo.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: `REF#${referralId}` }, sk: { S: 'REF' } },
      ConsistentRead: true,
    }),
  );
  return JSON.parse(outboxTextOf(item.Item) ?? '[]') as RelaisEvent[];
}

/** A link token for the first pending offer of a referral, signed with the deployment's key. */
async function offerToken(deps: Deps, referralId: string): Promise<string> {
  const r = await deps.store.get(referralId);
  const offer = r?.offers.find((o) => o.state === 'pending');
  if (!r || !offer) throw new Error(`referral ${referralId} has no pending offer`);
  return deps.linkTokens.sign({
    purpose: 'offer',
    offerId: offer.id,
    referralId,
    expiresAt: new Date(offer.expiresAt),
  });
}

// Two hours ahead: arrival can be confirmed from 12 hours before the appointment
// (domain/referral/appointment-window.ts), so the run confirms it at once.
// From the service clock, which the lifecycle moves past appointments.
const appointmentAt = () => new Date(realClock.now().getTime() + 2 * 3600_000).toISOString();

// The environment the CDK app gives each function, with the SDK pointed at DynamoDB Local and the fake.
const TABLE = 'relais-bench';
const baseEnv: Record<string, string> = {
  PATH: process.env['PATH'] ?? '',
  HOME: process.env['HOME'] ?? '',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
  AWS_ENDPOINT_URL_SESV2: fake.endpoint,
  AWS_ENDPOINT_URL_EVENTBRIDGE: fake.endpoint,
  AWS_ENDPOINT_URL_KMS: fake.endpoint,
  // Where a cold start's child asks for its event after init, as Lambda's runtime does (cold-start-child.mjs).
  RELAIS_BENCH_RUNTIME_API: fake.endpoint,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: TABLE,
  LOG_LEVEL: 'error',
};
const functionEnv: Record<FunctionName | 'reference', Record<string, string>> = {
  // KMS_KEY_ID where infra/stacks/app-stack.ts grants the data keys (grantDataKeys).
  api: { STAFF_AUTH_SECRET_ID: STAFF_AUTH_SECRET, KMS_KEY_ID: BENCH_KMS_KEY_ID },
  web: { STAFF_AUTH_SECRET_ID: STAFF_AUTH_SECRET, KMS_KEY_ID: BENCH_KMS_KEY_ID },
  links: { LINK_KEYS_SECRET_ID: LINK_KEYS_SECRET, KMS_KEY_ID: BENCH_KMS_KEY_ID },
  notify: {
    KMS_KEY_ID: BENCH_KMS_KEY_ID,
    LINK_KEYS_SECRET_ID: LINK_KEYS_SECRET,
    PUBLIC_BASE_URL,
    MAIL_FROM: 'Relais <relais@example.org>',
    SES_CONFIGURATION_SET: 'relais-bench',
  },
  project: { KMS_KEY_ID: BENCH_KMS_KEY_ID },
  publish: { EVENT_BUS_NAME: 'relais-bench' },
  sweep: { KMS_KEY_ID: BENCH_KMS_KEY_ID },
  bounces: { KMS_KEY_ID: BENCH_KMS_KEY_ID },
  'staff-claims': {},
  reference: {},
};

say(`seeding… (${elapsed()})`);
const realClock = createMovableClock();
const mainDeps = await newTable(TABLE, realClock);
const mainApp = createApp(mainDeps);
const staffCall = async (token: string, method: string, path: string, body?: unknown) => {
  const response = await mainApp.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
};
const sample = await staffCall(tokens.worker, 'POST', '/v1/referrals', referralBody());
const sampleOffer = (await outboxOf(TABLE, sample.id)).find((e) => e.type === 'offer.sent')!;
const sampleLink = await offerToken(mainDeps, sample.id);
// A page session of the social worker, signed in through the sign-in form as a browser does: the web
// function's first request is their list of referrals, a page that reads the table and the session.
const signedIn = await mainApp.request('/app/sign-in', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ token: tokens.worker }).toString(),
});
const sessionCookie = signedIn.headers.get('set-cookie')?.split(';')[0];
if (signedIn.status !== 303 || !sessionCookie) throw new Error(`page sign-in: ${signedIn.status}`);

// ───────────────────────────── cold starts ─────────────────────────────
const streamFixture = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'test/fixtures/lambda/dynamodb-stream-batch-with-poison.json'), 'utf8'),
) as { Records: unknown[] };
const fixtureOf = (name: string, replace: Record<string, string> = {}) => {
  let text = readFileSync(join(PROJECT_ROOT, 'test/fixtures/lambda', name), 'utf8');
  for (const [k, v] of Object.entries(replace)) text = text.replaceAll(`{{${k}}}`, v);
  return JSON.parse(text) as unknown;
};
const relaisDelivery = (event: RelaisEvent) => ({
  version: '0',
  id: `eb-${event.id}`,
  'detail-type': event.type,
  source: 'relais.referrals',
  account: '123456789012',
  time: event.at,
  region: 'eu-central-1',
  resources: [],
  detail: event,
});

interface Subject {
  readonly name: string;
  readonly bundle?: string;
  /** The first request, for run `run` (consumers get a fresh event id each time, as a new event). */
  event?(run: number): unknown;
  readonly env: Record<string, string>;
}
const dist = (name: string) => join(PROJECT_ROOT, 'dist', 'functions', name, 'index.mjs');
const subjects: Subject[] = [
  { name: 'node -e 0', env: {} },
  {
    name: 'reference',
    bundle: referenceBundle,
    env: functionEnv.reference,
    event: () => httpEvent('GET', `/referrals/${sample.id}`),
  },
  {
    name: 'api',
    bundle: dist('api'),
    env: functionEnv.api,
    event: () => httpEvent('GET', '/v1/referrals', { token: tokens.worker, query: { status: 'offered' } }),
  },
  {
    name: 'web',
    bundle: dist('web'),
    env: functionEnv.web,
    // API Gateway (payload v2) passes the request's cookies in `cookies`.
    event: () => ({
      ...httpEvent('GET', '/app/referrals', { accept: 'text/html' }),
      cookies: [sessionCookie],
    }),
  },
  {
    name: 'links',
    bundle: dist('links'),
    env: functionEnv.links,
    event: () => httpEvent('GET', `/o/${sampleLink}`, { accept: 'text/html' }),
  },
  {
    name: 'notify',
    bundle: dist('notify'),
    env: functionEnv.notify,
    event: (run) => relaisDelivery({ ...sampleOffer, id: `cold-notify-${run}-${Date.now()}` }),
  },
  {
    name: 'project',
    bundle: dist('project'),
    env: functionEnv.project,
    event: (run) => relaisDelivery({ ...sampleOffer, id: `cold-project-${run}-${Date.now()}` }),
  },
  {
    name: 'publish',
    bundle: dist('publish'),
    env: functionEnv.publish,
    event: () => ({ Records: [streamFixture.Records[0]] }),
  },
  {
    name: 'sweep',
    bundle: dist('sweep'),
    env: functionEnv.sweep,
    event: () => fixtureOf('scheduler-sweep.json'),
  },
  {
    name: 'bounces',
    bundle: dist('bounces'),
    env: functionEnv.bounces,
    event: () => fixtureOf('ses-bounce-eventbridge.json', { recipient: 'nobody@nowhere.example' }),
  },
  {
    name: 'staff-claims',
    bundle: dist('staff-claims'),
    env: functionEnv['staff-claims'],
    event: () => fixtureOf('cognito-pre-token-generation-v2.json'),
  },
];
for (const name of FUNCTION_NAMES) {
  if (!subjects.some((s) => s.name === name)) throw new Error(`no cold-start subject for ${name}`);
}
// Each floor starts with its function's first request, in the same environment (bench/floor/).
const offeredTo = (sampleOffer.data as { specialistId: string }).specialistId;
for (const name of Object.keys(FLOORS) as (keyof typeof FLOORS)[]) {
  const of = subjects.find((s) => s.name === name)!;
  subjects.push({
    ...of,
    name: `${name} floor`,
    bundle: floorBundle(name),
    env: { ...of.env, FLOOR_ORG: ORG, FLOOR_SPECIALIST: offeredTo },
  });
}
// Diagnostics (bench/README.md): `RELAIS_BENCH_SUBJECTS=api,notify` times only those (and the baselines).
const only = process.env['RELAIS_BENCH_SUBJECTS']?.split(',');
if (only) {
  const keep = new Set(['node -e 0', 'reference', ...only.flatMap((name) => [name, `${name} floor`])]);
  subjects.splice(0, subjects.length, ...subjects.filter((s) => keep.has(s.name)));
}
// Diagnostics (bench/README.md): `RELAIS_BENCH_VARIANT=<dir>` also times, interleaved in the same run,
// each function's bundle from `<dir>/<name>/index.mjs` (a copy of dist/functions built another way),
// as `<name>'`: two builds compared on the same machine at the same moment.
const variant = process.env['RELAIS_BENCH_VARIANT'];
if (variant) {
  for (const s of [...subjects]) {
    if (!s.bundle?.startsWith(join(PROJECT_ROOT, 'dist', 'functions'))) continue;
    const name = s.bundle.split('/').at(-2)!;
    subjects.push({ ...s, name: `${s.name}'`, bundle: join(variant, name, 'index.mjs') });
  }
}

const childScript = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));
interface Phases {
  bootMs: number;
  initMs: number;
  firstRequestMs: number;
}
const phases = new Map<string, Phases[]>();
async function coldStart(subject: Subject, run: number, listRoundTrips = false): Promise<number> {
  let args = ['-e', '0'];
  if (subject.bundle && subject.event) {
    const eventFile = join(work, `${subject.name}-${run}.json`);
    writeFileSync(eventFile, JSON.stringify(subject.event(run)));
    args = [childScript, subject.bundle, eventFile];
  }
  // Diagnostics (bench/README.md): a V8 CPU profile of every cold start into that folder.
  const profile = process.env['RELAIS_BENCH_CPU_PROF'];
  if (profile)
    args = [
      `--cpu-prof`,
      `--cpu-prof-dir=${profile}`,
      `--cpu-prof-name=${subject.name}-${run}.cpuprofile`,
      ...args,
    ];
  // Diagnostics (bench/README.md): a module the child imports first (e.g. one that traces its round
  // trips); what it writes to stderr is printed.
  const preload = listRoundTrips ? roundTripLister : process.env['RELAIS_BENCH_CHILD_IMPORT'];
  if (preload) args = [`--import=${pathToFileURL(preload).href}`, ...args];
  const t0 = performance.now();
  const child = spawn(process.env['RELAIS_BENCH_NODE'] ?? process.execPath, args, {
    env: { ...baseEnv, ...subject.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  // A cold start ends when the first response is out (the child writes its report line then), not
  // when the process is torn down: a Lambda container stays. `node -e 0` has no response: its exit.
  let answeredAt: number | undefined;
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (answeredAt === undefined && out.includes('\n')) answeredAt = performance.now();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = (answeredAt ?? performance.now()) - t0;
  if (code !== 0) throw new Error(`${subject.name}: exit ${code}: ${err.slice(-600)}`);
  if (listRoundTrips) roundTrips.set(subject.name, err.match(/^ROUND TRIP .*$/gm)?.sort() ?? []);
  else if (preload && err) say(`── ${subject.name} run ${run}, ${round(ms)} ms\n${err.trimEnd()}`);
  if (subject.bundle) {
    const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Partial<Phases> & { status?: unknown };
    if (report.status !== 'ok' && report.status !== 200) {
      throw new Error(`${subject.name}: first request answered ${String(report.status)}`);
    }
    const list = phases.get(subject.name) ?? [];
    list.push({
      bootMs: report.bootMs ?? 0,
      initMs: report.initMs ?? 0,
      firstRequestMs: report.firstRequestMs ?? 0,
    });
    phases.set(subject.name, list);
  }
  return ms;
}

// Each floor is held to its function's round trips (the same AWS operations and requests, as many), in
// an untimed first start of both: a floor that drifted from its function would measure something else.
const roundTripLister = fileURLToPath(new URL('./floor/round-trips.mjs', import.meta.url));
const roundTrips = new Map<string, string[]>();
for (const floor of subjects.filter((s) => s.name.endsWith(' floor'))) {
  const name = floor.name.slice(0, -' floor'.length);
  await coldStart(subjects.find((s) => s.name === name)!, -1, true);
  await coldStart(floor, -1, true);
  const [of, at] = [roundTrips.get(name)!.join('\n'), roundTrips.get(floor.name)!.join('\n')];
  if (of !== at)
    throw new Error(`${floor.name} makes other round trips than ${name}:\n${at}\n── ${name}:\n${of}`);
}
say(`cold starts: ${subjects.length} subjects × ${COLD_RUNS}, interleaved… (${elapsed()})`);
const coldTimes = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
for (let run = 0; run < COLD_RUNS; run++) {
  // Rotated each round, so a noisy moment of the (shared) machine does not always hit the same subject.
  for (let i = 0; i < subjects.length; i++) {
    const subject = subjects[(i + run) % subjects.length]!;
    coldTimes.get(subject.name)!.push(await coldStart(subject, run));
  }
}
const coldMedian = (name: string) => median(coldTimes.get(name)!);
const nodeBare = coldMedian('node -e 0');
const referenceCold = coldMedian('reference');
const coldStarts = subjects.map((s) => ({
  name: s.name,
  medianMs: round(coldMedian(s.name)),
  minMs: round(Math.min(...coldTimes.get(s.name)!)),
  maxMs: round(Math.max(...coldTimes.get(s.name)!)),
  overNodeMs: round(coldMedian(s.name) - nodeBare),
  vsReference: round(coldMedian(s.name) / referenceCold, 2),
  fasterThanReference:
    s.name === 'node -e 0' || s.name === 'reference' ? null : coldMedian(s.name) < referenceCold,
  // Inside the process: Node's own start, the module's top level (Lambda's init), the first request.
  bootMs: s.bundle ? round(median(phases.get(s.name)!.map((p) => p.bootMs))) : null,
  initMs: s.bundle ? round(median(phases.get(s.name)!.map((p) => p.initMs))) : null,
  firstRequestMs: s.bundle ? round(median(phases.get(s.name)!.map((p) => p.firstRequestMs))) : null,
}));
results['coldStarts'] = { runs: COLD_RUNS, subjects: coldStarts };
// What the stack alone reaches for each function's first request (bench/floor/), and what Relais's own
// code adds to it: the cold-start targets read against these.
const coldFloors = (Object.keys(FLOORS) as (keyof typeof FLOORS)[]).flatMap((name) => {
  if (!coldTimes.has(name)) return [];
  const floor = coldMedian(`${name} floor`);
  return [
    {
      function: name,
      floorVsReference: round(floor / referenceCold, 2),
      functionVsReference: round(coldMedian(name) / referenceCold, 2),
      overFloorMs: round(coldMedian(name) - floor),
      floorKb: kb(statSync(floorBundle(name)).size),
    },
  ];
});
results['coldStartFloors'] = coldFloors;
savePartial();
if (process.env['RELAIS_BENCH_ONLY'] === 'cold') {
  for (const c of coldStarts)
    say(
      `${c.name.padEnd(14)} ${String(c.medianMs).padStart(7)} ms  ${String(c.vsReference).padStart(5)}×  init ${c.initMs} first ${c.firstRequestMs}`,
    );
  await fake.close();
  await db.stop();
  process.exit(0);
}

// ───────────────────────────── warm latency through the Lambda handlers ─────────────────────────────
say(`warm latency through the handlers… (${elapsed()})`);
type Http = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
async function importHandler<T>(name: FunctionName): Promise<T> {
  // The module reads its environment when imported: set exactly what the CDK app sets for it.
  for (const key of ['STAFF_AUTH_SECRET_ID', 'LINK_KEYS_SECRET_ID', 'KMS_KEY_ID']) delete process.env[key];
  Object.assign(process.env, baseEnv, functionEnv[name]);
  return ((await import(pathToFileURL(dist(name)).href)) as { handler: T }).handler;
}
const api = await importHandler<Http>('api');
const links = await importHandler<Http>('links');
const context = { functionName: 'bench', awsRequestId: 'warm', getRemainingTimeInMillis: () => 10_000 };
async function timed(
  handler: Http,
  event: APIGatewayProxyEventV2,
  expect: number,
): Promise<[number, APIGatewayProxyStructuredResultV2]> {
  const t0 = performance.now();
  const response = await handler(event, context);
  const ms = performance.now() - t0;
  if (response.statusCode !== expect)
    throw new Error(`${event.rawPath}: ${response.statusCode} ${response.body?.slice(0, 300)}`);
  return [ms, response];
}
// A few requests first: the figures are of a warm container, not of its first calls.
for (let i = 0; i < 5; i++) {
  await timed(
    api,
    httpEvent('GET', '/v1/escalations', { token: tokens.coordinator, query: { state: 'open' } }),
    200,
  );
}
const warm: Record<string, number[]> = {
  'open-referral': [],
  'accept-by-link': [],
  'confirm-arrival': [],
  'board query': [],
};
const ids: string[] = [];
for (let i = 0; i < WARM_RUNS; i++) {
  const [ms, response] = await timed(
    api,
    httpEvent('POST', '/v1/referrals', { token: tokens.worker, body: referralBody() }),
    201,
  );
  warm['open-referral']!.push(ms);
  ids.push((JSON.parse(response.body!) as { id: string }).id);
}
for (const id of ids) {
  const token = await offerToken(mainDeps, id);
  const [ms] = await timed(
    links,
    httpEvent('POST', `/o/${token}/accept`, { body: { appointmentAt: appointmentAt() } }),
    200,
  );
  warm['accept-by-link']!.push(ms);
}
// Diagnostics (bench/README.md): a V8 CPU profile of the staff transitions below into that file.
const warmProfile = process.env['RELAIS_BENCH_WARM_PROF'];
const inspector = warmProfile ? new (await import('node:inspector/promises')).Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
  await inspector.post('Profiler.start');
}
// This process's CPU over the transitions (diagnostics, RELAIS_BENCH_ONLY=warm): unlike their latency,
// barely moved by other processes sharing the machine.
const transitionsCpu = process.cpuUsage();
for (const id of ids) {
  await timed(
    api,
    httpEvent('POST', `/v1/referrals/${id}/accompaniment`, {
      token: tokens.coordinator,
      body: { accompanierId: 'acc-bench' },
    }),
    200,
  );
  await timed(api, httpEvent('POST', `/v1/referrals/${id}/departed`, { token: tokens.accompanier }), 200);
  const [ms] = await timed(
    api,
    httpEvent('POST', `/v1/referrals/${id}/arrived`, { token: tokens.accompanier }),
    200,
  );
  warm['confirm-arrival']!.push(ms);
}
const transitionCpuUs = (() => {
  const used = process.cpuUsage(transitionsCpu);
  return (used.user + used.system) / (ids.length * 3);
})();
if (inspector && warmProfile) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(warmProfile, JSON.stringify(profile));
  inspector.disconnect();
}
for (let i = 0; i < WARM_RUNS * 2; i++) {
  const [ms] = await timed(
    api,
    httpEvent('GET', '/v1/escalations', { token: tokens.coordinator, query: { state: 'open' } }),
    200,
  );
  warm['board query']!.push(ms);
}
const warmLatency = Object.entries(warm).map(([operation, xs]) => ({
  operation,
  requests: xs.length,
  p50Ms: round(percentile(xs, 50), 2),
  p99Ms: round(percentile(xs, 99), 2),
}));
results['warmLatency'] = warmLatency;

// The floor a transition is compared with: one raw conditional UpdateItem of a small item on the same
// DynamoDB Local, from this process's SDK client, warm (issue 15). A transition through the handler reads
// the referral, decides, seals and writes it: what it costs over this is Relais's own.
const floorKey = { pk: { S: 'BENCH#floor' }, sk: { S: 'FLOOR' } };
const floorMs: number[] = [];
const floorCpu = process.cpuUsage();
for (let i = 0; i < WARM_RUNS + 10; i++) {
  const t0 = performance.now();
  await dynamo.send(
    new UpdateItemCommand({
      TableName: TABLE,
      Key: floorKey,
      UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one',
      ConditionExpression: 'attribute_not_exists(#v) OR #v >= :zero',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } },
    }),
  );
  if (i >= 10) floorMs.push(performance.now() - t0);
}
const floorCpuUs = (() => {
  const used = process.cpuUsage(floorCpu);
  return (used.user + used.system) / (WARM_RUNS + 10);
})();
const updateItemFloor = { requests: floorMs.length, p50Ms: round(percentile(floorMs, 50), 2) };
results['updateItemFloor'] = updateItemFloor;
savePartial();
if (process.env['RELAIS_BENCH_ONLY'] === 'warm') {
  for (const w of warmLatency) say(`${w.operation.padEnd(16)} p50 ${w.p50Ms} ms  p99 ${w.p99Ms} ms`);
  const arrival = warmLatency.find((w) => w.operation === 'confirm-arrival')!.p50Ms;
  say(
    `raw UpdateItem p50 ${updateItemFloor.p50Ms} ms: confirm-arrival ${round(arrival / updateItemFloor.p50Ms, 2)}×`,
  );
  say(
    `CPU of this process: ${round(transitionCpuUs)} µs per staff transition, ${round(floorCpuUs)} µs per raw UpdateItem`,
  );
  await fake.close();
  await db.stop();
  process.exit(0);
}

// ───────────────────────────── npm start under load ─────────────────────────────
say(`npm start under ${LOAD_CONNECTIONS} concurrent clients for ${LOAD_SECONDS} s… (${elapsed()})`);
const { freePort } = await import('../local/dynamodb.ts');
const port = await freePort();
const dataDir = join(work, 'npm-start');
const server: ChildProcess = spawn('npm', ['start'], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, PORT: String(port), RELAIS_DATA_DIR: dataDir, LOG_LEVEL: 'error' },
  stdio: ['ignore', 'pipe', 'pipe'],
  // Its own process group: stopped below by that group's id, and nothing else.
  detached: true,
});
let banner = '';
server.stdout!.on('data', (c: Buffer) => {
  banner += c.toString();
});
server.stderr!.on('data', () => undefined);
const stopServer = async () => {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = once(server, 'exit');
  process.kill(-server.pid, 'SIGTERM');
  const force = setTimeout(() => server.pid && process.kill(-server.pid, 'SIGKILL'), 20_000);
  await exited;
  clearTimeout(force);
};
let load: Record<string, unknown>;
try {
  const deadline = Date.now() + 120_000;
  while (!/Ctrl-C stops it/.test(banner)) {
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`npm start did not start: ${banner.slice(-400)}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
  // the banner prints tokens on a terminal only: ask for one as a script does
  const coordinator = execFileSync(
    'npm',
    ['run', '--silent', 'token', '--', '--role', 'coordinator', '--org', 'mdm-lu'],
    { cwd: PROJECT_ROOT, env: { ...process.env, RELAIS_DATA_DIR: dataDir }, encoding: 'utf8' },
  ).trim();
  const url = `http://127.0.0.1:${port}/v1/escalations?state=open`;
  const result = await autocannon({
    url,
    connections: LOAD_CONNECTIONS,
    duration: LOAD_SECONDS,
    headers: { authorization: `Bearer ${coordinator}` },
  });
  load = {
    request: 'GET /v1/escalations?state=open (the board, authenticated)',
    connections: LOAD_CONNECTIONS,
    seconds: LOAD_SECONDS,
    requestsPerSecond: round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
} finally {
  await stopServer();
}
results['npmStartLoad'] = load;
savePartial();

// ───────────────────────────── DynamoDB capacity of one lifecycle ─────────────────────────────
say(`capacity of one lifecycle… (${elapsed()})`);
/** A table with the real event path on it (stream → publisher → consumers), metered apart. */
async function eventedTable(name: string, clock: MovableClock) {
  await newTable(name, clock);
  const requestClient = localDynamoClient(db.endpoint);
  const eventClient = localDynamoClient(db.endpoint);
  const requestMeter = meterReadsAndWrites(requestClient, 'request');
  const eventMeter = meterReadsAndWrites(eventClient, 'event');
  const deps = await sourceDeps(name, requestClient, clock);
  const eventDeps = await sourceDeps(name, eventClient, clock);
  const delivered: RelaisEvent[] = [];
  // One delivery per consumer group, as on AWS, where each group is a function of its own behind its
  // own rule (groups.ts): what a delivery shares between its consumers (the referral's read) is shared
  // within a group only, never across groups, so the figures are those AWS would bill.
  const seen = createSeenEvents(eventClient, name);
  const buses = Object.values(CONSUMER_GROUPS).map((consumers) =>
    createInProcessBus({ consumers: [...consumers], seen, deps: eventDeps, logger }),
  );
  const dispatch = {
    async publish(events: readonly RelaisEvent[]) {
      for (const bus of buses) await bus.publish(events);
    },
  };
  const streams = localStreamsClient(db.endpoint);
  const reader = startStreamReader({
    dynamo,
    streams,
    tableName: name,
    handle: (event) =>
      publishStreamRecords(
        event,
        {
          async publish(events) {
            await dispatch.publish(events);
            delivered.push(...events);
          },
        },
        // The entries writes carried, recorded on the event path's client: metered as the publisher's.
        eventDeps.accessLog,
        logger,
      ),
    logger,
    pollMs: 50,
  });
  return { deps, app: createApp(deps), requestMeter, eventMeter, delivered, reader, streams };
}

// The lifecycles (3 hours of service time each) run from 06:00 UTC of the next day on, whatever the hour
// the bench runs: what is paid once a day (each staff member recorded as seen) is then the first
// lifecycle's, never the second's because the second crossed midnight.
{
  const now = realClock.now();
  const nextMorning = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 6);
  realClock.advance(nextMorning - now.getTime());
}
const life = await eventedTable('relais-bench-lifecycle', realClock);
await life.reader.drain();
life.requestMeter.take();
life.eventMeter.take();
const lifeCall = async (
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  accept = 'application/json',
) => {
  const response = await life.app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
      accept,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
};
let lifeId = '';
let lifeToken = '';
const steps: { transition: string; via: string; run: () => Promise<unknown> }[] = [
  {
    transition: 'open referral (offers go out)',
    via: 'POST /v1/referrals',
    run: async () => {
      lifeId = (
        (await (await lifeCall(tokens.worker, 'POST', '/v1/referrals', referralBody())).json()) as {
          id: string;
        }
      ).id;
    },
  },
  {
    transition: 'specialist opens the link (read only)',
    via: 'GET /o/{token}',
    run: async () => {
      lifeToken = await offerToken(life.deps, lifeId);
      // The bench's own read (the link comes by email): not the specialist's request, left out.
      life.requestMeter.take();
      await lifeCall(undefined, 'GET', `/o/${lifeToken}`, undefined, 'text/html');
    },
  },
  {
    transition: 'accept by link',
    via: 'POST /o/{token}/accept',
    run: () => lifeCall(undefined, 'POST', `/o/${lifeToken}/accept`, { appointmentAt: appointmentAt() }),
  },
  {
    transition: 'assign accompanier',
    via: 'POST /v1/referrals/{id}/accompaniment',
    run: () =>
      lifeCall(tokens.coordinator, 'POST', `/v1/referrals/${lifeId}/accompaniment`, {
        accompanierId: 'acc-bench',
      }),
  },
  {
    transition: 'confirm departure',
    via: 'POST …/departed',
    run: () => lifeCall(tokens.accompanier, 'POST', `/v1/referrals/${lifeId}/departed`),
  },
  {
    transition: 'confirm arrival',
    via: 'POST …/arrived',
    run: () => lifeCall(tokens.accompanier, 'POST', `/v1/referrals/${lifeId}/arrived`),
  },
  {
    transition: 'record outcome',
    via: 'POST …/outcome',
    run: () => {
      // Attendance is recorded from the appointment's time on: the service clock moves past it.
      realClock.advance(3 * 3600_000);
      return lifeCall(tokens.accompanier, 'POST', `/v1/referrals/${lifeId}/outcome`, { attended: true });
    },
  },
  {
    transition: 'close',
    via: 'POST …/close',
    run: () => lifeCall(tokens.worker, 'POST', `/v1/referrals/${lifeId}/close`, { reason: 'completed' }),
  },
];
const lifecycle: {
  transition: string;
  via: string;
  request: Consumed;
  events: { count: number; types: string[]; capacity: Consumed; notify: number; project: number };
  emails: number;
  consumerMs: number;
}[] = [];
const notifyTypes = new Set(detailTypesOf('notify'));
const projectTypes = new Set(detailTypesOf('project'));
// A first lifecycle warms the process and the organisation up, unmetered: what is paid once per
// process or per organisation (its data key made, its stats salt for the year, each staff member recorded
// as seen) is not the cost of one more referral. What that first lifecycle cost is recorded beside.
for (const step of steps) await step.run();
await life.reader.drain();
const firstLifecycle = { request: life.requestMeter.take(), events: life.eventMeter.take() };
for (const step of steps) {
  if (process.env['RELAIS_BENCH_TRACE'] === '1') process.stderr.write(`TRACE --- ${step.transition}\n`);
  const mailsBefore = sent.length;
  await step.run();
  const request = life.requestMeter.take();
  const before = life.delivered.length;
  const t0 = performance.now();
  await life.reader.drain();
  const consumerMs = performance.now() - t0;
  const events = life.delivered.slice(before);
  lifecycle.push({
    transition: step.transition,
    via: step.via,
    request,
    events: {
      count: events.length,
      types: events.map((e) => e.type),
      capacity: life.eventMeter.take(),
      notify: events.filter((e) => notifyTypes.has(e.type)).length,
      project: events.filter((e) => projectTypes.has(e.type)).length,
    },
    emails: sent.length - mailsBefore,
    consumerMs,
  });
}
await life.reader.stop();
life.streams.destroy();
const total = lifecycle.reduce(
  (sum, t) => ({ request: add(sum.request, t.request), events: add(sum.events, t.events.capacity) }),
  { request: none(), events: none() },
);
results['lifecycle'] = {
  transitions: lifecycle.map((t) => ({ ...t, consumerMs: round(t.consumerMs) })),
  total,
  firstInProcess: firstLifecycle,
  oneWritePerTransition: lifecycle
    .filter((t) => !t.transition.includes('read only'))
    .every((t) => t.request.writes === 1),
};
savePartial();

// ───────────────────────────── board and sweep: 20 overdue, beside 10,000 closed or not ─────────────────────────────
say(
  `board and sweep, ${OVERDUE} overdue alone and beside ${CLOSED.toLocaleString('en')} closed… (${elapsed()})`,
);
const closedTemplate = await dynamo.send(
  new GetItemCommand({
    TableName: 'relais-bench-lifecycle',
    Key: { pk: { S: `REF#${lifeId}` }, sk: { S: 'REF' } },
  }),
);
async function seedClosed(tableName: string, n: number): Promise<void> {
  // Copies of the lifecycle's closed referral, item for item, under new ids.
  // Without the outbox: a copy publishes nothing (its sealed values are bound to the lifecycle's id and
  // would not open under another; nothing reads a closed copy but a consumer of its events).
  // Its data unpacked (packed-json.ts): the copies' ids are written into the text, which reads the same.
  const template = JSON.stringify({
    ...closedTemplate.Item,
    data: { S: jsonTextOf(closedTemplate.Item?.['data']) },
    outbox: { S: '[]' },
  });
  const items = Array.from(
    { length: n },
    (_, i) =>
      JSON.parse(template.replaceAll(lifeId, `CLOSED${String(i).padStart(6, '0')}`)) as Record<
        string,
        AttributeValue
      >,
  );
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next += 25;
      let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
async function boardAndSweep(tableName: string, closed: number) {
  const clock = createMovableClock();
  const t = await eventedTable(tableName, clock);
  if (closed > 0) await seedClosed(tableName, closed);
  const app = createApp(t.deps);
  for (let i = 0; i < OVERDUE; i++) {
    const response = await app.request('/v1/referrals', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.worker}`, 'content-type': 'application/json' },
      // A need no specialist of the demo network covers: the referral is escalated at once (candidates
      // exhausted), and its escalation is overdue once the clock has moved past its deadline.
      body: JSON.stringify({ ...referralBody(), need: { specialty: 'general_medicine' } }),
    });
    if (response.status !== 201) throw new Error(`open: ${response.status} ${await response.text()}`);
  }
  await t.reader.drain();
  // Past every first deadline of the timer table: each of the 20 is overdue.
  clock.advance(8 * 24 * 3600_000);
  const metered = localDynamoClient(db.endpoint);
  const meter = meterCapacity(metered);
  const deps = await sourceDeps(tableName, metered, clock);
  const measured = await measureBoardAndSweep({
    deps,
    meter,
    scope: { org: ORG },
    between: () => t.reader.drain(),
  });
  await t.reader.stop();
  t.streams.destroy();
  return { closed, overdue: OVERDUE, ...measured };
}
const alone = await boardAndSweep('relais-bench-timers-alone', 0);
const crowded = await boardAndSweep('relais-bench-timers-crowded', CLOSED);
results['boardAndSweep'] = {
  alone,
  crowded,
  sweepRatio: round(crowded.sweep / alone.sweep, 2),
  boardRatio: round(crowded.board / alone.board, 2),
};

// ───────────────────────────── cost of 1,000 referrals ─────────────────────────────
const perReferral = {
  rru: total.request.rru + total.events.rru,
  wru: total.request.wru + total.events.wru,
  httpRequests: lifecycle.length,
  events: lifecycle.reduce((n, t) => n + t.events.count, 0),
  emails: lifecycle.reduce((n, t) => n + t.emails, 0),
  // api/links per request; one publish per transition that wrote; notify/project per event they match.
  invocations: {
    http: lifecycle.length,
    publish: lifecycle.filter((t) => t.events.count > 0).length,
    notify: lifecycle.reduce((n, t) => n + t.events.notify, 0),
    project: lifecycle.reduce((n, t) => n + t.events.project, 0),
  },
};
const httpMs = median(warmLatency.map((w) => w.p50Ms));
const eventMs =
  lifecycle.reduce((n, t) => n + t.consumerMs, 0) /
  Math.max(1, perReferral.invocations.notify + perReferral.invocations.project);
const invocations =
  perReferral.invocations.http +
  perReferral.invocations.publish +
  perReferral.invocations.notify +
  perReferral.invocations.project;
const gbSeconds =
  ((perReferral.invocations.http * Math.ceil(httpMs) +
    (perReferral.invocations.notify + perReferral.invocations.project) * Math.ceil(eventMs) +
    perReferral.invocations.publish * Math.ceil(eventMs)) /
    1000) *
  0.5;
const N = 1000;
// Priced for the region deployed (the same setting as `cdk deploy`), US East when unset.
const { region: PRICE_REGION, prices: PRICES } = pricesFor(
  process.env['RELAIS_REGION'] || DEFAULT_PRICE_REGION,
);
const FIXED_MONTHLY = fixedMonthly(PRICES);
const lines = {
  'DynamoDB writes': N * perReferral.wru * PRICES.dynamoWriteRequestUnit,
  'DynamoDB reads': N * perReferral.rru * PRICES.dynamoReadRequestUnit,
  'Lambda requests': N * invocations * PRICES.lambdaRequest,
  'Lambda duration (arm64, 512 MB)': N * gbSeconds * PRICES.lambdaArmGbSecond,
  'API Gateway HTTP API': N * perReferral.httpRequests * PRICES.httpApiRequest,
  'EventBridge events': N * perReferral.events * PRICES.eventBridgeEvent,
  'SES emails': N * perReferral.emails * PRICES.sesEmail,
};
const variable = Object.values(lines).reduce((a, b) => a + b, 0);
results['cost'] = {
  referrals: N,
  perReferral: {
    ...perReferral,
    lambdaGbSeconds: round(gbSeconds, 4),
    httpMsAssumed: httpMs,
    eventMsAssumed: round(eventMs, 1),
  },
  usd: Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, round(v, 4)])),
  totalUsd: round(variable, 4),
  fixedMonthlyUsd: FIXED_MONTHLY.map((f) => ({ ...f, usd: round(f.usd, 2) })),
  region: PRICE_REGION,
  prices: PRICES,
};
// ───────────────────────────── targets (issue 15) ─────────────────────────────
const coldOf = (name: string) => coldStarts.find((c) => c.name === name)?.vsReference ?? Number.NaN;
const transitionP50 = warmLatency.find((w) => w.operation === 'confirm-arrival')?.p50Ms ?? Number.NaN;
const transitions = lifecycle.filter((t) => !t.transition.includes('read only'));
const lifecycleWru = total.request.wru + total.events.wru;
const lifecycleRru = total.request.rru + total.events.rru;
const sweepPerFired = alone.fired > 0 ? alone.sweep / alone.fired : Number.NaN;
const sweepPerFiredCrowded = crowded.fired > 0 ? crowded.sweep / crowded.fired : Number.NaN;
const target = (name: string, figure: number, limit: number, unit: string, floor?: number) => ({
  target: name,
  figure: round(figure, 3),
  limit,
  unit,
  met: figure <= limit,
  // The cold starts': what the stack alone reaches (bench/floor/), measured in the same run.
  ...(floor === undefined ? {} : { floor }),
});
const floorOf = (name: string) => coldFloors.find((f) => f.function === name)?.floorVsReference;
const targets = [
  target('write units per lifecycle (request + event paths)', lifecycleWru, 60, 'WRU'),
  target('read units per lifecycle (request + event paths)', lifecycleRru, 12, 'RRU'),
  target('sweep capacity per deadline fired (alone)', sweepPerFired, 6, 'CU'),
  target(`sweep capacity per deadline fired (beside ${CLOSED} closed)`, sweepPerFiredCrowded, 6, 'CU'),
  target('cost of 1,000 referrals without email', variable - lines['SES emails'], 0.075, 'USD'),
  target('api cold start', coldOf('api'), 0.75, '× reference', floorOf('api')),
  target('links cold start', coldOf('links'), 0.85, '× reference', floorOf('links')),
  target('notify cold start', coldOf('notify'), 0.85, '× reference', floorOf('notify')),
  target(
    'largest bundle',
    Math.max(...bundles.filter((b) => b.name !== 'reference').map((b) => b.kb)),
    400,
    'KB',
  ),
  target('staff transition warm p50 over a raw UpdateItem', transitionP50 / updateItemFloor.p50Ms, 2.5, '×'),
];
results['targets'] = {
  wruPerTransition: transitions.map((t) => ({
    transition: t.transition,
    requestWru: round(t.request.wru, 1),
    eventWru: round(t.events.capacity.wru, 1),
  })),
  staffTransitionP50Ms: transitionP50,
  updateItemFloorP50Ms: updateItemFloor.p50Ms,
  list: targets,
  allMet: targets.every((t) => t.met),
};
results['durationSeconds'] = round((performance.now() - started) / 1000);

// ───────────────────────────── report ─────────────────────────────
writeFileSync(join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const table = (rows: (string | number)[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) =>
          typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!),
        )
        .join('  '),
    )
    .join('\n');
};
const out: string[] = [];
out.push('Bundles (minified ESM; target ≤ 400 KB)');
out.push(
  table([
    ['function', 'KB', '≤ 400', 'dominated by'],
    ...bundles.map((b) => [
      b.name,
      b.kb,
      b.withinTarget ? 'yes' : 'NO',
      b.dominatedBy.map((d) => `${d.origin} ${d.share}%`).join(', '),
    ]),
  ]),
);
out.push('', `Cold start: fresh node process, import + first request, median of ${COLD_RUNS} (same run)`);
out.push(
  table([
    [
      'subject',
      'median ms',
      'over node -e 0',
      '× reference',
      'faster than ref.',
      'init ms',
      '1st request ms',
    ],
    ...coldStarts.map((c) => [
      c.name,
      c.medianMs,
      c.overNodeMs,
      c.vsReference,
      c.fasterThanReference === null ? '' : c.fasterThanReference ? 'yes' : 'NO',
      c.initMs ?? '',
      c.firstRequestMs ?? '',
    ]),
  ]),
);
out.push(
  '',
  'Floors: the same first request with the same clients and libraries, and nothing of Relais (bench/floor/)',
);
out.push(
  table([
    ['function', 'floor × ref.', 'function × ref.', 'Relais over the floor ms', 'floor KB'],
    ...coldFloors.map((f) => [
      f.function,
      f.floorVsReference,
      f.functionVsReference,
      f.overFloorMs,
      f.floorKb,
    ]),
  ]),
);
out.push('', 'Warm latency through the Lambda handler (DynamoDB Local)');
out.push(
  table([
    ['operation', 'requests', 'p50 ms', 'p99 ms'],
    ...warmLatency.map((w) => [w.operation, w.requests, w.p50Ms, w.p99Ms]),
  ]),
);
out.push('', `npm start: ${String(load['request'])}, ${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s`);
out.push(
  `  ${String(load['requestsPerSecond'])} req/s, p50 ${String(load['latencyP50Ms'])} ms, p99 ${String(load['latencyP99Ms'])} ms, non-2xx ${String(load['non2xx'])}, errors ${String(load['errors'])}`,
);
out.push(
  '',
  'DynamoDB capacity of one referral lifecycle (ReturnConsumedCapacity; transactions as DynamoDB bills them),',
  'the second in the process (the first, which also pays for the data key, the stats salt and the staff seen,',
  `cost ${round(firstLifecycle.request.wru + firstLifecycle.events.wru, 1)} WRU and ${round(firstLifecycle.request.rru + firstLifecycle.events.rru, 1)} RRU)`,
);
out.push(
  table([
    ['transition', 'RRU', 'WRU', 'writes', 'events', 'event-path RRU', 'event-path WRU', 'emails'],
    ...lifecycle.map((t) => [
      t.transition,
      round(t.request.rru, 1),
      round(t.request.wru, 1),
      t.request.writes,
      t.events.count,
      round(t.events.capacity.rru, 1),
      round(t.events.capacity.wru, 1),
      t.emails,
    ]),
    [
      'total',
      round(total.request.rru, 1),
      round(total.request.wru, 1),
      total.request.writes,
      perReferral.events,
      round(total.events.rru, 1),
      round(total.events.wru, 1),
      perReferral.emails,
    ],
  ]),
);
out.push(
  '',
  `Board and sweep (capacity units): ${OVERDUE} overdue alone vs beside ${CLOSED.toLocaleString('en')} closed`,
);
out.push(
  table([
    ['', 'sweep', 'board', 'fired', 'listed'],
    ['alone', alone.sweep, alone.board, alone.fired, alone.listed],
    [`+${CLOSED} closed`, crowded.sweep, crowded.board, crowded.fired, crowded.listed],
  ]),
);
out.push('', `Cost of ${N.toLocaleString('en')} referrals at ${PRICE_REGION} list prices (USD)`);
out.push(table([...Object.entries(lines).map(([k, v]) => [k, round(v, 4)]), ['total', round(variable, 4)]]));
out.push(
  `  plus about ${round(
    FIXED_MONTHLY.reduce((a, f) => a + f.usd, 0),
    2,
  )} USD a month whatever the traffic`,
);
out.push(
  '',
  `Warm: a staff transition (confirm-arrival) p50 ${transitionP50} ms, a raw UpdateItem p50 ${updateItemFloor.p50Ms} ms: ${round(transitionP50 / updateItemFloor.p50Ms, 2)}×`,
);
out.push('', 'Targets (issue 15)');
out.push(
  table([
    ['target', 'figure', 'limit', 'unit', 'met', 'stack alone'],
    ...targets.map((t) => [
      t.target,
      t.figure,
      t.limit,
      t.unit,
      t.met ? 'true' : 'false',
      'floor' in t ? String(t.floor) : '',
    ]),
  ]),
);
out.push('', `measured in ${results['durationSeconds']} s; bench/results.json written`);
process.stdout.write(`${out.join('\n')}\n`);

await fake.close();
dynamo.destroy();
await db.stop();
rmSync(work, { recursive: true, force: true });
process.exit(0);
