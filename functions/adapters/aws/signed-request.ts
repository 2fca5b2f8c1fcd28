import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';

/*
 * One AWS API request, signed with SigV4 by the SDK's own signer (already in every bundle for
 * DynamoDB), for the few calls of services whose SDK client would weigh more than the call: a client
 * carries the schema of every operation of its service (SES v2's about 60 KB, KMS's about 24 KB) to
 * send the one or two requests Relais makes. No retry here: a failure propagates, and the caller's
 * retry (an event's redelivery, the next request) applies.
 */

/** Where and as whom a service is called. */
export interface AwsService {
  readonly region: string;
  /** The service's name in signatures (`ses`, `kms`). */
  readonly signingName: string;
  /** e.g. `https://kms.eu-central-1.amazonaws.com`; another for tests (AWS_ENDPOINT_URL_<SERVICE>). */
  readonly endpoint: string;
  readonly credentials: () => Promise<{
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  }>;
  /** @default 10_000 */
  readonly timeoutMs?: number;
}

/** An error as the service names it (`TooManyRequestsException`, `AccessDeniedException` …), its message kept. */
export class AwsError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** SigV4's hash, on node:crypto (the signer asks for a constructor). */
class Sha256 {
  private hash;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.make();
  }
  private make() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.make();
  }
}

const toBuffer = (data: string | ArrayBuffer | ArrayBufferView): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/**
 * Sends `body` (JSON) to `path` of the service, signed; resolves with the answer's JSON on a 2xx, rejects
 * with an {@link AwsError} named as the service names the error otherwise.
 */
export function signedJsonCaller(service: AwsService) {
  const endpoint = new URL(service.endpoint);
  const signer = new SignatureV4({
    service: service.signingName,
    region: service.region,
    credentials: service.credentials,
    sha256: Sha256,
  });
  return async (path: string, body: string, headers: Record<string, string>): Promise<unknown> => {
    const fullPath = `${endpoint.pathname.replace(/\/$/, '')}${path}`;
    const signed = await signer.sign({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
      path: fullPath,
      query: {},
      headers: { ...headers, host: endpoint.host, 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    const { status, text, errorType } = await post(
      endpoint,
      fullPath,
      signed.headers,
      body,
      service.timeoutMs,
    );
    let parsed: { message?: string; Message?: string; __type?: string } | undefined;
    try {
      parsed = text ? (JSON.parse(text) as typeof parsed) : undefined;
    } catch {
      parsed = undefined;
    }
    if (status >= 200 && status < 300) return parsed ?? {};
    // `x-amzn-ErrorType: TooManyRequestsException:http://…`, or a `__type` with a namespace.
    const type = errorType ?? parsed?.__type ?? 'AwsError';
    const name = type.split(':')[0]!.split('#').pop()!;
    throw new AwsError(
      name,
      parsed?.message ?? parsed?.Message ?? `${service.signingName} answered ${status}`,
      status,
    );
  };
}

function post(
  endpoint: URL,
  path: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs = 10_000,
): Promise<{ status: number; text: string; errorType: string | undefined }> {
  const send = endpoint.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        method: 'POST',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port || undefined,
        path,
        headers,
        timeout: timeoutMs,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const errorType = res.headers['x-amzn-errortype'];
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            errorType: Array.isArray(errorType) ? errorType[0] : errorType,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${endpoint.host} did not answer in time`)));
    req.on('error', reject);
    req.end(body);
  });
}
