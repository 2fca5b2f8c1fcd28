import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyWrapper } from '../functions/ports/key-ring.ts';

/*
 * The AWS services other than DynamoDB, answered on 127.0.0.1 so the bundles run unchanged and make
 * their real network calls (the SDK is pointed here by AWS_ENDPOINT_URL_<SERVICE>): Secrets Manager's
 * GetSecretValue, KMS's GenerateDataKey and Decrypt, EventBridge's PutEvents and SES v2's SendEmail, plus a JWKS for staff tokens. Each
 * answers at once, so measured times are the functions' own plus DynamoDB Local's.
 */

export interface FakeAws {
  readonly endpoint: string;
  readonly jwksUrl: string;
  /** Counts of calls by operation. */
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });

export async function startFakeAws(input: {
  readonly secrets: Readonly<Record<string, string>>;
  readonly jwks: unknown;
  /** Answers KMS's GenerateDataKey and Decrypt (the `{ org }` context required), as the key ring calls them. */
  readonly kms?: KeyWrapper;
}): Promise<FakeAws> {
  const calls = new Map<string, number>();
  const count = (op: string) => calls.set(op, (calls.get(op) ?? 0) + 1);
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    const target = req.headers['x-amz-target'];
    const json = (status: number, payload: unknown, type = 'application/x-amz-json-1.1') => {
      res.writeHead(status, { 'content-type': type });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'GET' && req.url === '/jwks') return json(200, input.jwks, 'application/json');
    // Lambda's Runtime API, as a cold start's child asks it for its event (cold-start-child.mjs); the
    // child has the event already: the round trip is what is modelled.
    if (req.method === 'GET' && req.url === '/2018-06-01/runtime/invocation/next') {
      res.writeHead(200, { 'content-type': 'application/json', 'lambda-runtime-aws-request-id': 'bench-1' });
      return res.end('{}');
    }
    if (target === 'secretsmanager.GetSecretValue') {
      count('GetSecretValue');
      const { SecretId } = JSON.parse(text) as { SecretId: string };
      const value = input.secrets[SecretId];
      if (value === undefined)
        return json(400, { __type: 'ResourceNotFoundException', message: 'no such secret' });
      return json(200, { ARN: SecretId, Name: SecretId, SecretString: value, VersionId: 'v1' });
    }
    if (target === 'TrentService.GenerateDataKey' || target === 'TrentService.Decrypt') {
      const op = target.slice('TrentService.'.length);
      count(op);
      const request = JSON.parse(text) as {
        KeyId?: string;
        CiphertextBlob?: string;
        EncryptionContext?: Record<string, string>;
      };
      const org = request.EncryptionContext?.['org'];
      if (!org || !input.kms)
        return json(400, { __type: 'AccessDeniedException', message: 'no org context or no key' });
      if (op === 'GenerateDataKey') {
        const made = await input.kms.generate(org);
        return json(200, {
          KeyId: request.KeyId,
          Plaintext: Buffer.from(made.plaintext).toString('base64'),
          CiphertextBlob: Buffer.from(made.wrapped).toString('base64'),
        });
      }
      const plaintext = await input.kms.unwrap(org, Buffer.from(request.CiphertextBlob ?? '', 'base64'));
      return json(200, { KeyId: request.KeyId, Plaintext: Buffer.from(plaintext).toString('base64') });
    }
    if (target === 'AWSEvents.PutEvents') {
      count('PutEvents');
      const { Entries } = JSON.parse(text) as { Entries: unknown[] };
      return json(200, { FailedEntryCount: 0, Entries: Entries.map((_, i) => ({ EventId: `ev-${i}` })) });
    }
    if (req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) {
      count('SendEmail');
      return json(200, { MessageId: `msg-${calls.get('SendEmail')}` }, 'application/json');
    }
    json(404, { message: `fake AWS: nothing at ${req.method} ${req.url} ${String(target)}` });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    jwksUrl: `${endpoint}/jwks`,
    calls,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
