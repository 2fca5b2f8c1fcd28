import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { vi } from 'vitest';
import { createLocalKeyWrapper } from '../../functions/adapters/crypto/local-wrapper.ts';
import type { TestTable } from '../support/table.ts';

/*
 * Invoking the deployed entry points (functions/<name>/index.ts) as Lambda does: the environment the
 * CDK app sets, the SDK pointed at DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB (the real table),
 * and events from test/fixtures/lambda/, recorded shapes of what API Gateway, EventBridge, Scheduler,
 * SES and Cognito send.
 */

/** An HTTP API (payload 2.0) handler, as the api and links functions export it. */
export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The KMS key the functions are given (KMS_KEY_ID): answered in process by fakeKms. */
export const TEST_KMS_KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/relais-test';
const TEST_WRAPPING_KEY = Buffer.alloc(32, 7);

/**
 * KMS as the functions call it (GenerateDataKey, Decrypt with the `{ org }` encryption context),
 * answered in process with a fixed wrapping key: the same one the seeding composition uses, so data
 * keys made by either open in both. A call for another key id or without the context is refused.
 */
/** The wrapper fakeKms answers with: give it to a harness whose table a function under test also reads. */
export const testKeyWrapper = () => createLocalKeyWrapper(TEST_WRAPPING_KEY, TEST_KMS_KEY_ID);

export function fakeKms(): void {
  const wrapper = createLocalKeyWrapper(TEST_WRAPPING_KEY, TEST_KMS_KEY_ID);
  const kms = mockClient(KMSClient);
  const orgOf = (input: { KeyId?: string; EncryptionContext?: Record<string, string> }) => {
    const org = input.EncryptionContext?.['org'];
    if (input.KeyId !== TEST_KMS_KEY_ID || !org) throw new Error('AccessDeniedException');
    return org;
  };
  kms.on(GenerateDataKeyCommand).callsFake(async (input) => {
    const made = await wrapper.generate(orgOf(input));
    return { KeyId: TEST_KMS_KEY_ID, Plaintext: made.plaintext, CiphertextBlob: made.wrapped };
  });
  kms.on(DecryptCommand).callsFake(async (input) => ({
    KeyId: TEST_KMS_KEY_ID,
    Plaintext: await wrapper.unwrap(orgOf(input), input.CiphertextBlob),
  }));
}

/** The environment Lambda and the CDK app give a function, pointed at the test table. */
export function stubLambdaEnv(table: TestTable, extra: Record<string, string> = {}): void {
  const env: Record<string, string> = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: 'relais-test',
    TABLE_NAME: table.tableName,
    KMS_KEY_ID: TEST_KMS_KEY_ID,
    LOG_LEVEL: 'warn',
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  fakeKms();
}

/**
 * A fixture of test/fixtures/lambda with its `{{name}}` placeholders filled: a string that is exactly
 * a placeholder takes the value as it is (an object for an EventBridge detail), other strings have
 * the placeholder replaced by the value's text.
 */
export function fixture<T = unknown>(name: string, values: Record<string, unknown> = {}): T {
  const raw: unknown = JSON.parse(
    readFileSync(new URL(`../fixtures/lambda/${name}`, import.meta.url), 'utf8'),
  );
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = /^\{\{(\w+)\}\}$/.exec(node);
      if (whole && whole[1]! in values) return values[whole[1]!];
      return node.replace(/\{\{(\w+)\}\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    }
    return node;
  };
  return fill(raw) as T;
}

/** A request body as API Gateway passes it when it base64-encodes (form posts, some clients). */
export function base64Body(body: string): { base64Body: string; contentLength: number } {
  return { base64Body: Buffer.from(body, 'utf8').toString('base64'), contentLength: Buffer.byteLength(body) };
}

/** The Lambda context object, as much of it as handlers read. */
export function lambdaContext(name = 'relais-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: '2026/11/26/[$LATEST]abcdef0123456789',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An OIDC issuer for staff tokens: an RS256 key, its JWKS served on 127.0.0.1, and a signer. */
export interface TestIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  sign(claims: { sub: string; org: string; roles: string[] }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-rs-1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const issuer = 'https://id.relais.test/realms/relais';
  const audience = 'relais-api';
  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/certs`,
    sign: (claims) =>
      new SignJWT({ org: claims.org, roles: claims.roles })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-rs-1' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.sub)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** The text of a raw MIME message as SES would get it, quoted-printable soft breaks undone. */
export function mimeText(raw: Uint8Array | undefined): string {
  return Buffer.from(raw ?? new Uint8Array())
    .toString('utf8')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Loads the demo network (organisations, specialists) into the test table, as `npm start` does. */
export async function seedNetwork(table: TestTable): Promise<void> {
  const { composeDeps, DEFAULT_SETTINGS } = await import('../../functions/lib/compose.ts');
  const { generateLinkKey } = await import('../../functions/adapters/tokens/link-tokens.ts');
  const { seedDemoNetwork } = await import('../../local/seed.ts');
  const key = await generateLinkKey('seed');
  const clock = { now: () => new Date() };
  const deps = composeDeps({
    dynamo: table.dynamo,
    tableName: table.tableName,
    clock,
    mailer: { send: async () => undefined },
    verifyStaff: async () => {
      throw new Error('not used');
    },
    logger: { debug() {}, info() {}, warn() {}, error() {}, child: () => deps.logger },
    settings: { ...DEFAULT_SETTINGS, publicBaseUrl: 'https://relais.test' },
    keyWrapper: createLocalKeyWrapper(TEST_WRAPPING_KEY, TEST_KMS_KEY_ID),
    linkKeys: {
      signingKey: { kid: key.kid, privateJwk: key.privateJwk },
      verificationKeys: [{ kid: key.kid, publicJwk: key.publicJwk }],
    },
  });
  await seedDemoNetwork({
    ...table,
    clock,
    specialists: deps.specialists,
    organisations: deps.organisations,
  });
}
