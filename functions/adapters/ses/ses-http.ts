import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';

/*
 * SES v2's SendEmail as one signed HTTPS request, without the SDK's SES client: that client carries the
 * schema of every SES operation (about 60 KB, an eighth of the notify bundle, parsed at every cold
 * start) to send the one request Relais makes. Signed by the SDK's own SigV4 signer (already in every
 * bundle for DynamoDB). No retry here: an error, throttling included, fails the consumer and the event
 * is retried later (ses-mailer.ts).
 */

/** What SES needs to send one raw message. */
export interface RawEmail {
  readonly to: string;
  /** The whole MIME message. */
  readonly raw: string;
  readonly configurationSetName?: string;
}

/** The one SES operation Relais uses. */
export interface SesSender {
  sendRawEmail(email: RawEmail): Promise<void>;
}

export interface SesHttpOptions {
  readonly region: string;
  /** `https://email.<region>.amazonaws.com` by default; another for tests (AWS_ENDPOINT_URL_SESV2). */
  readonly endpoint?: string;
  readonly credentials: () => Promise<{
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  }>;
  /** @default 10_000 */
  readonly timeoutMs?: number;
}

/** An SES error as SES names it (`TooManyRequestsException`, `MessageRejected` …), its message kept. */
export class SesError extends Error {
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

/** SES v2 over HTTPS: `POST /v2/email/outbound-emails`, signed for the service `ses`. */
export function createSesHttpSender(options: SesHttpOptions): SesSender {
  const endpoint = new URL(options.endpoint ?? `https://email.${options.region}.amazonaws.com`);
  const signer = new SignatureV4({
    service: 'ses',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  return {
    async sendRawEmail({ to, raw, configurationSetName }) {
      const body = JSON.stringify({
        Content: { Raw: { Data: Buffer.from(raw, 'utf8').toString('base64') } },
        Destination: { ToAddresses: [to] },
        ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
      });
      const path = `${endpoint.pathname.replace(/\/$/, '')}/v2/email/outbound-emails`;
      const signed = await signer.sign({
        method: 'POST',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
        path,
        query: {},
        headers: {
          host: endpoint.host,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      });
      const { status, text, errorType } = await post(endpoint, path, signed.headers, body, options.timeoutMs);
      if (status >= 200 && status < 300) return;
      let message = `SES answered ${status}`;
      let type = errorType;
      try {
        const parsed = JSON.parse(text) as { message?: string; Message?: string; __type?: string };
        message = parsed.message ?? parsed.Message ?? message;
        type ??= parsed.__type;
      } catch {
        // Not JSON: the status says enough.
      }
      // `x-amzn-ErrorType: TooManyRequestsException:http://…` or a `__type` with a namespace.
      const name = (type ?? 'SesError').split(':')[0]!.split('#').pop()!;
      throw new SesError(name, message, status);
    },
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
    req.on('timeout', () => req.destroy(new Error('SES did not answer in time')));
    req.on('error', reject);
    req.end(body);
  });
}
