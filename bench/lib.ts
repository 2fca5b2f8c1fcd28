import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { itemBytes, unitsOf } from '../functions/sweep/measure.ts';

/** The median of a list of numbers. */
export const median = (xs: readonly number[]): number => percentile(xs, 50);

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** An API Gateway HTTP API (payload 2.0) event, as API Gateway builds it for a request. */
export function httpEvent(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; query?: Record<string, string>; accept?: string } = {},
): APIGatewayProxyEventV2 {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const rawQueryString = new URLSearchParams(opts.query ?? {}).toString();
  const headers: Record<string, string> = {
    accept: opts.accept ?? 'application/json',
    host: 'bench.execute-api.eu-central-1.amazonaws.com',
    'user-agent': 'relais-bench',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': '443',
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    ...(body !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(body.length) }
      : {}),
  };
  const routeKey = path.startsWith('/o/')
    ? 'ANY /o/{proxy+}'
    : path.startsWith('/v1/')
      ? 'ANY /v1/{proxy+}'
      : `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    headers,
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: headers.host!,
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'relais-bench' },
      requestId: `bench-${Math.random().toString(36).slice(2)}`,
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** An RS256 staff-token issuer (the stand-in of Cognito or another OIDC provider). */
export interface BenchIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: { keys: JWK[] };
  sign(sub: string, org: string, roles: string[]): Promise<string>;
}

export async function benchIssuer(): Promise<BenchIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'bench-rs', alg: 'RS256', use: 'sig' };
  const issuer = 'https://id.relais.bench/realms/relais';
  const audience = 'relais-api';
  return {
    issuer,
    audience,
    jwks: { keys: [jwk] },
    sign: (sub, org, roles) =>
      new SignJWT({ org, roles })
        .setProtectedHeader({ alg: 'RS256', kid: 'bench-rs' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(privateKey),
  };
}

const READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/** Capacity a piece of work consumed, as DynamoDB reports it (`ReturnConsumedCapacity`). */
export interface Consumed {
  /** Read request units (on-demand), or read capacity units. */
  rru: number;
  /** Write request units. */
  wru: number;
  /** Write requests: each is one atomic write, whatever it holds (a transaction counts once). */
  writes: number;
  /** Requests of any kind. */
  calls: number;
}

export const none = (): Consumed => ({ rru: 0, wru: 0, writes: 0, calls: 0 });
export const add = (a: Consumed, b: Consumed): Consumed => ({
  rru: a.rru + b.rru,
  wru: a.wru + b.wru,
  writes: a.writes + b.writes,
  calls: a.calls + b.calls,
});

/** `RELAIS_BENCH_TRACE=1` prints every metered call: its items' key families and units by index. */
const TRACE = process.env['RELAIS_BENCH_TRACE'] === '1';

function traceCall(label: string, op: string, input: unknown, list: unknown[], units: number): void {
  const keys: string[] = [];
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const pk = (o['pk'] as { S?: string } | undefined)?.S;
    const sk = (o['sk'] as { S?: string } | undefined)?.S;
    if (pk !== undefined) {
      keys.push(`${pk.replace(/[0-9a-f-]{20,}|[A-Za-z0-9_-]{20,}/g, '…')}/${(sk ?? '').slice(0, 24)}`);
      return;
    }
    for (const x of Object.values(o)) visit(x);
  };
  visit(input);
  const byIndex = list
    .map((c) => JSON.stringify((c as { GlobalSecondaryIndexes?: unknown }).GlobalSecondaryIndexes ?? {}))
    .join(' ');
  const item = (input as { Item?: Record<string, unknown> }).Item;
  // Bytes as DynamoDB counts them (name and value; a binary by its bytes), the item's total first.
  const sizes = item
    ? [
        `item=${itemBytes(item)}`,
        ...Object.entries(item).map(([k, v]) => `${k}=${itemBytes({ [k]: v })}`),
      ].join(',')
    : '';
  process.stderr.write(
    `TRACE ${label}${op.replace('Command', '')} ${units} ${keys.join(' ')} ${byIndex} ${sizes}\n`,
  );
}

/**
 * Meters a client, splitting reads from writes (unlike functions/sweep/measure.ts's meterCapacity,
 * which the board and sweep figures reuse): every call asks for `ReturnConsumedCapacity: TOTAL`.
 */
export function meterReadsAndWrites(client: DynamoDBClient, label = ''): { take(): Consumed } {
  let current = none();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = context.commandName ?? '';
      const metered = READS.has(op) || WRITES.has(op);
      if (metered) (args.input as Record<string, unknown>)['ReturnConsumedCapacity'] = 'INDEXES';
      const out = await next(args);
      if (metered) {
        const cc = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const units = unitsOf(op, args.input, cc);
        if (TRACE)
          traceCall(label ? `${label} ` : '', op, args.input, Array.isArray(cc) ? cc : cc ? [cc] : [], units);
        current.calls++;
        if (READS.has(op)) current.rru += units;
        else {
          current.wru += units;
          current.writes++;
        }
      }
      return out;
    },
    { step: 'initialize', name: 'relaisBenchMeter', override: true },
  );
  return {
    take() {
      const taken = current;
      current = none();
      return taken;
    },
  };
}
