import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeAws, startFakeAws } from '../../bench/fake-aws.ts';
import { httpEvent } from '../../bench/lib.ts';
import type { RelaisEvent } from '../../events/catalog.ts';
import { outboxTextOf } from '../../functions/adapters/dynamo/outbox.ts';
import {
  createLinkTokens,
  generateLinkKey,
  type LinkTokensConfig,
} from '../../functions/adapters/tokens/link-tokens.ts';
import { buildFunctions } from '../../infra/bundling/build-functions.ts';
import { bundleOptions } from '../../infra/bundling/esbuild-settings.ts';
import { PROJECT_ROOT } from '../../infra/bundling/settings.ts';
import { startOidcIssuer, type TestOidcIssuer } from '../support/oidc-issuer.ts';
import { createTestTable, type TestTable } from '../support/table.ts';
import {
  base64Body,
  fixture,
  type HttpHandler,
  lambdaContext,
  seedNetwork,
  startTestIssuer,
  stubLambdaEnv,
  type TestIssuer,
  testKeyWrapper,
} from './support.ts';

/*
 * The HTTP bundles (api, links, web) as they ship, with the light fetch classes esbuild puts in them
 * (functions/edge/light-fetch.ts), against the same functions unbundled, where hono uses Node's own
 * classes: the same API Gateway events through both answer with the same status, headers, cookies and
 * body. And a bundle's first request, in a fresh process as a cold start is, loads no undici.
 */

const HTTP_FUNCTIONS = ['api', 'links', 'web'] as const;
type HttpFunction = (typeof HTTP_FUNCTIONS)[number];

const STAFF_AUTH_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:StaffAuth-LiGhT';
const LINK_KEYS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkKeys-LiGhT';
// The web function signing in with a provider (STAFF_SIGN_IN=oidc): discovery, token exchange, key set.
const OIDC_AUTH_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:StaffAuthOidc-LiGhT';
const OIDC_CLIENT_ID = 'relais-pages';
const OIDC_ENV = { STAFF_AUTH_SECRET_ID: OIDC_AUTH_SECRET, STAFF_SIGN_IN: 'oidc' };
const ENV: Record<HttpFunction, Record<string, string>> = {
  api: { STAFF_AUTH_SECRET_ID: STAFF_AUTH_SECRET },
  web: { STAFF_AUTH_SECRET_ID: STAFF_AUTH_SECRET },
  links: { LINK_KEYS_SECRET_ID: LINK_KEYS_SECRET },
};

let table: TestTable;
let issuer: TestIssuer;
let oidc: TestOidcIssuer;
let fake: FakeAws;
let linkKeys: LinkTokensConfig;
let outdir: string;
const bundles = {} as Record<HttpFunction, HttpHandler>;
const sources = {} as Record<HttpFunction, HttpHandler>;
let commonEnv: Record<string, string>;

/** Each function built as it ships (buildFunctions), into a folder of this test's own. */
async function buildHttpBundles(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-light-fetch-'));
  await buildFunctions(HTTP_FUNCTIONS, dir);
  return dir;
}

/** Imports a handler with the environment the CDK app gives that function. */
async function importWith(path: string, name: HttpFunction): Promise<HttpHandler> {
  vi.resetModules();
  vi.unstubAllEnvs();
  stubLambdaEnv(table, { ...commonEnv, ...ENV[name] });
  return ((await import(/* @vite-ignore */ path)) as { handler: HttpHandler }).handler;
}

beforeAll(async () => {
  table = await createTestTable('light-fetch');
  await seedNetwork(table);
  issuer = await startTestIssuer();
  oidc = await startOidcIssuer({ clientId: OIDC_CLIENT_ID, redirectUri: `${ORIGIN}/app/sign-in/callback` });
  const linkKey = await generateLinkKey('light-1');
  linkKeys = {
    signingKey: { kid: linkKey.kid, privateJwk: linkKey.privateJwk },
    verificationKeys: [{ kid: linkKey.kid, publicJwk: linkKey.publicJwk }],
  };
  fake = await startFakeAws({
    secrets: {
      [STAFF_AUTH_SECRET]: JSON.stringify({
        issuer: issuer.issuer,
        audience: issuer.audience,
        jwksUrl: issuer.jwksUrl,
      }),
      [LINK_KEYS_SECRET]: JSON.stringify(linkKeys),
      [OIDC_AUTH_SECRET]: JSON.stringify({
        issuer: oidc.issuer,
        audience: OIDC_CLIENT_ID,
        jwksUrl: `${oidc.issuer}/jwks`,
        signIn: {
          clientId: OIDC_CLIENT_ID,
          redirectUri: `${ORIGIN}/app/sign-in/callback`,
          postLogoutRedirectUri: `${ORIGIN}/app/sign-in`,
        },
      }),
    },
    jwks: { keys: [] },
    kms: testKeyWrapper(),
  });
  commonEnv = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
    AWS_ENDPOINT_URL_KMS: fake.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  outdir = await buildHttpBundles();
  for (const name of HTTP_FUNCTIONS) {
    bundles[name] = await importWith(pathToFileURL(join(outdir, name, 'index.mjs')).href, name);
    sources[name] = await importWith(`../../functions/${name}/index.ts`, name);
  }
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await issuer?.close();
  await oidc?.close();
  await fake?.close();
});

// ── what differs by nature between two runs: generated ids, instants, session ids ──────────────────

const normalise = (text: string): string =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/g, '<instant>')
    .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '<ulid>')
    .replace(/(relais[-_a-z]*=)[A-Za-z0-9_-]{16,}/g, '$1<session>')
    .replace(/\/o\/[A-Za-z0-9_.-]{40,}/g, '/o/<link>')
    .replace(/(Max-Age=)\d+/g, '$1<age>');

const comparable = (result: APIGatewayProxyStructuredResultV2) => ({
  statusCode: result.statusCode,
  isBase64Encoded: result.isBase64Encoded,
  headers: Object.fromEntries(
    Object.entries(result.headers ?? {})
      .filter(([name]) => name !== 'x-request-id')
      .map(([name, value]) => [name, normalise(String(value))]),
  ),
  cookies: result.cookies?.map(normalise),
  body: normalise(result.body ?? ''),
});

/** Per side (bundle, source): what a scenario's event needs that the side made itself. */
interface Side {
  readonly name: string;
  cookie?: string;
  referralId?: string;
  linkToken?: string;
}

const sides: Record<'bundle' | 'source', Side> = { bundle: { name: 'bundle' }, source: { name: 'source' } };

const ORIGIN = 'https://bench.execute-api.eu-central-1.amazonaws.com';

/** A form POST as a browser sends it from a page of ours. */
const formPost = (path: string, form: Record<string, string>, cookie?: string): APIGatewayProxyEventV2 => {
  const body = new URLSearchParams(form).toString();
  const event = httpEvent('POST', path, { accept: 'text/html' });
  return {
    ...event,
    headers: {
      ...event.headers,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(body.length),
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
    },
    ...(cookie ? { cookies: [cookie] } : {}),
    body,
  };
};

const withCookie = (event: APIGatewayProxyEventV2, cookie: string | undefined): APIGatewayProxyEventV2 =>
  cookie ? { ...event, cookies: [cookie] } : event;

/** Sends one event through the bundle and the unbundled function; returns both answers. */
async function both(name: HttpFunction, event: (side: Side) => APIGatewayProxyEventV2) {
  const source = await sources[name](event(sides.source), lambdaContext());
  const bundle = await bundles[name](event(sides.bundle), lambdaContext());
  return { source, bundle };
}

async function same(name: HttpFunction, event: (side: Side) => APIGatewayProxyEventV2) {
  const { source, bundle } = await both(name, event);
  expect(comparable(bundle)).toEqual(comparable(source));
  return { source, bundle };
}

const referralBody = (n: number) => ({
  pseudonym: `LIGHT-${n}`,
  need: { specialty: 'ophthalmology' },
  urgency: 'routine',
  reason: 'differential referral',
  socialCheckDone: true,
  consentToShare: true,
  accompaniment: { required: true },
  languages: ['fr'],
});

/** A link for the referral's first offer, signed with the deployment's link key. */
async function offerLink(referralId: string): Promise<string> {
  const item = await table.dynamo.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: { pk: { S: `REF#${referralId}` }, sk: { S: 'REF' } },
      ConsistentRead: true,
    }),
  );
  const events = JSON.parse(outboxTextOf(item.Item) ?? '[]') as RelaisEvent[];
  const sent = events.find((e) => e.type === 'offer.sent') as Extract<RelaisEvent, { type: 'offer.sent' }>;
  return createLinkTokens(linkKeys).sign({
    purpose: 'offer',
    offerId: sent.data.offerId,
    referralId,
    expiresAt: new Date(sent.data.expiresAt),
  });
}

describe('the HTTP bundles with the light fetch classes, against the functions unbundled', () => {
  let token: string;
  beforeAll(async () => {
    token = await issuer.sign({ sub: 'sw-ana', org: 'mdm-lu', roles: ['social_worker'] });
  });

  it('answer a JSON GET, a HEAD and an unknown path alike (api)', async () => {
    await same('api', () => fixture('apigw-v2-get-health.json'));
    await same('api', () => ({ ...httpEvent('HEAD', '/health'), routeKey: 'HEAD /health' }));
    await same('api', () => httpEvent('GET', '/v1/referrals', { token, query: { status: 'offered' } }));
    const missing = await same('api', () => httpEvent('GET', '/v1/nowhere', { token }));
    expect(missing.bundle.statusCode).toBe(404);
    const unsigned = await same('api', () => httpEvent('GET', '/v1/referrals'));
    expect(unsigned.bundle.headers?.['www-authenticate']).toBeDefined();
  });

  it('answer a JSON POST, a base64 one and a malformed one alike (api)', async () => {
    const opened = await same('api', () =>
      httpEvent('POST', '/v1/referrals', { token, body: referralBody(1) }),
    );
    expect(opened.bundle.statusCode).toBe(201);
    sides.source.referralId = (JSON.parse(opened.source.body!) as { id: string }).id;
    sides.bundle.referralId = (JSON.parse(opened.bundle.body!) as { id: string }).id;
    const base64 = await same('api', (side) =>
      fixture('apigw-v2-post-referral-base64.json', {
        token,
        idempotencyKey: `light-${side.name}`,
        ...base64Body(JSON.stringify(referralBody(2))),
      }),
    );
    expect(base64.bundle.statusCode).toBe(201);
    const malformed = await same('api', () => {
      const event = httpEvent('POST', '/v1/referrals', { token, body: {} });
      return { ...event, body: '{"pseudonym": ', headers: { ...event.headers, 'content-length': '14' } };
    });
    expect(malformed.bundle.statusCode).toBe(400);
    expect(malformed.bundle.headers?.['content-type']).toBe('application/problem+json');
    // A GET with a body: the adapter cannot build the request (Node's Request refuses it): 400 alike.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const getWithBody = await same('api', () => ({ ...httpEvent('GET', '/health'), body: 'x' }));
    expect(getWithBody.bundle.statusCode).toBe(400);
    expect(logged.mock.calls.map(([message]) => message)).toEqual([
      'Error processing request:',
      'Error processing request:',
    ]);
    logged.mockRestore();
  });

  it('answer the sign-in form, the session’s pages, the language form and the sign-out alike (web)', async () => {
    await same('web', () => httpEvent('GET', '/app/sign-in', { accept: 'text/html' }));
    const signedIn = await same('web', () => formPost('/app/sign-in', { token }));
    expect(signedIn.bundle.statusCode).toBe(303);
    expect(signedIn.bundle.cookies?.length).toBeGreaterThan(0);
    sides.source.cookie = signedIn.source.cookies![0]!.split(';')[0];
    sides.bundle.cookie = signedIn.bundle.cookies![0]!.split(';')[0];
    const list = await same('web', (side) =>
      withCookie(httpEvent('GET', '/app/referrals', { accept: 'text/html' }), side.cookie),
    );
    expect(list.bundle.statusCode).toBe(200);
    expect(list.bundle.headers?.['content-type']).toMatch(/text\/html/);
    const redirected = await same('web', () => httpEvent('GET', '/app/referrals', { accept: 'text/html' }));
    expect(redirected.bundle.statusCode).toBe(303);
    // Signing in again over a session: the old session ends, a new one is set.
    await same('web', (side) => formPost('/app/sign-in', { token }, side.cookie));
    await same('web', (side) => formPost('/app/language', { locale: 'de', next: '/app' }, side.cookie));
    const crossSite = await same('web', (side) => ({
      ...formPost('/app/sign-out', {}, side.cookie),
      headers: { ...formPost('/app/sign-out', {}).headers, 'sec-fetch-site': 'cross-site' },
    }));
    expect(crossSite.bundle.statusCode).toBe(403);
    const out = await same('web', (side) => formPost('/app/sign-out', {}, side.cookie));
    expect(out.bundle.cookies?.join()).toMatch(/Max-Age=0/);
  });

  it('answer the offer page and its accept form, urlencoded and base64, alike (links)', async () => {
    sides.source.linkToken = await offerLink(sides.source.referralId!);
    sides.bundle.linkToken = await offerLink(sides.bundle.referralId!);
    const page = await same('links', (side) => fixture('apigw-v2-get-link.json', { token: side.linkToken }));
    expect(page.bundle.statusCode).toBe(200);
    await same('links', () => fixture('apigw-v2-get-link.json', { token: 'not-a-link' }));
    const refused = await same('links', (side) =>
      fixture('apigw-v2-post-link-accept-form-base64.json', {
        token: side.linkToken,
        ...base64Body('appointmentAt=not-a-date'),
      }),
    );
    expect(refused.bundle.statusCode).toBeGreaterThanOrEqual(400);
    const when = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16);
    const accepted = await same('links', (side) =>
      fixture('apigw-v2-post-link-accept-form-base64.json', {
        token: side.linkToken,
        ...base64Body(new URLSearchParams({ appointmentAt: when }).toString()),
      }),
    );
    expect(accepted.bundle.statusCode).toBeLessThan(400);
    // The same form again, as a plain (not base64) body: the offer is no longer pending.
    await same('links', (side) => {
      const event = fixture<APIGatewayProxyEventV2>('apigw-v2-post-link-accept-form-base64.json', {
        token: side.linkToken,
        ...base64Body(''),
      });
      const body = new URLSearchParams({ appointmentAt: when }).toString();
      return {
        ...event,
        body,
        isBase64Encoded: false,
        headers: { ...event.headers, 'content-length': String(body.length) },
      };
    });
  });
});

const run = promisify(execFile);

// A fresh process imports the bundle and answers one event, then lists the modules Node loaded.
const CHILD = `
import { readFileSync } from 'node:fs';
const [bundle, eventFile] = process.argv.slice(2);
const { handler } = await import(bundle);
const result = await handler(JSON.parse(readFileSync(eventFile, 'utf8')), { awsRequestId: 'light', getRemainingTimeInMillis: () => 10000 });
process.stdout.write(JSON.stringify({ status: result.statusCode, headers: result.headers, cookies: result.cookies, modules: process.moduleLoadList }));
process.exit(0);
`;

/** The answer to the bundle's first request in a fresh process and the modules loaded by then. */
async function firstRequest(name: HttpFunction, event: APIGatewayProxyEventV2, env?: Record<string, string>) {
  const child = join(outdir, 'first-request.mjs');
  writeFileSync(child, CHILD);
  const eventFile = join(outdir, `${name}-event.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const { stdout } = await run(
    process.execPath,
    [child, pathToFileURL(join(outdir, name, 'index.mjs')).href, eventFile],
    { env: { PATH: process.env['PATH'] ?? '', ...envOf(name, env) }, timeout: 30_000 },
  );
  return JSON.parse(stdout) as {
    status: number;
    headers?: Record<string, string>;
    cookies?: string[];
    modules: string[];
  };
}

const envOf = (name: HttpFunction, env = ENV[name]): Record<string, string> => {
  vi.unstubAllEnvs();
  stubLambdaEnv(table, { ...commonEnv, ...env });
  const wanted = ['AWS_', 'TABLE_NAME', 'KMS_KEY_ID', 'LOG_LEVEL', 'STAFF_', 'LINK_'];
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && wanted.some((p) => entry[0].startsWith(p)),
    ),
  );
};

describe('a bundle’s first request in a fresh process', () => {
  it('loads no undici: api with a staff token, links with its offer page, web with a session’s page', async () => {
    const token = await issuer.sign({ sub: 'sw-ana', org: 'mdm-lu', roles: ['social_worker'] });
    const opened = await sources.api(
      httpEvent('POST', '/v1/referrals', { token, body: referralBody(3) }),
      lambdaContext(),
    );
    const link = await offerLink((JSON.parse(opened.body!) as { id: string }).id);
    const cases: [HttpFunction, APIGatewayProxyEventV2, number][] = [
      ['api', httpEvent('GET', '/v1/referrals', { token, query: { status: 'offered' } }), 200],
      ['api', { ...httpEvent('POST', '/v1/referrals', { token, body: { pseudonym: 1 } }) }, 400],
      ['links', fixture('apigw-v2-get-link.json', { token: link }), 200],
      ['web', withCookie(httpEvent('GET', '/app/sign-in', { accept: 'text/html' }), undefined), 200],
      ['web', formPost('/app/sign-in', { token }), 303],
    ];
    for (const [name, event, status] of cases) {
      const { status: got, modules } = await firstRequest(name, event);
      expect(got, `${name} ${event.rawPath}`).toBe(status);
      expect(modules.filter((m) => /undici/i.test(m))).toEqual([]);
    }
    // What the check would see without the light classes: a bundle built without them loads undici.
    const plain = join(outdir, 'plain.mjs');
    await build({
      ...bundleOptions('unused.ts', plain),
      inject: undefined,
      entryPoints: undefined,
      stdin: {
        contents: 'export const handler = async () => ({ statusCode: new Response("x").status });',
        loader: 'js',
        resolveDir: PROJECT_ROOT,
      },
    });
    const { stdout } = await run(process.execPath, [
      '-e',
      `import(${JSON.stringify(pathToFileURL(plain).href)}).then(async (m) => { await m.handler(); console.log(process.moduleLoadList.some((x) => /undici/.test(x))); })`,
    ]);
    expect(stdout.trim()).toBe('true');
  }, 120_000);

  it('loads no undici: web signing in with the provider, its start and its callback', async () => {
    const page = { accept: 'text/html' };
    // The start: the provider's discovery document, read over node:http.
    const start = await firstRequest('web', httpEvent('GET', '/app/sign-in/start', page), OIDC_ENV);
    expect(start.status).toBe(303);
    expect(start.headers?.['location']).toMatch(new RegExp(`^${oidc.issuer}/authorize\\?`));
    expect(start.modules.filter((m) => /undici/i.test(m))).toEqual([]);
    // The provider approves at once and sends the browser back with a code (the test's own fetch).
    const approved = await fetch(start.headers!['location']!, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    const flow = start.cookies!.find((c) => c.startsWith('relais_signin='))!.split(';')[0]!;
    // The callback, in another fresh process: discovery, the token exchange (a form POST), the key set.
    const grants = oidc.grants.length;
    const callback = await firstRequest(
      'web',
      withCookie(
        httpEvent('GET', '/app/sign-in/callback', {
          ...page,
          query: { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! },
        }),
        flow,
      ),
      OIDC_ENV,
    );
    expect(callback.status).toBe(200);
    expect(oidc.grants.slice(grants)).toEqual(['authorization_code']);
    expect(callback.cookies?.some((c) => c.startsWith('relais_session='))).toBe(true);
    expect(callback.modules.filter((m) => /undici/i.test(m))).toEqual([]);
  }, 120_000);
});
