import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failingWithoutSecrets, lambdaDeps } from '../../../functions/lib/lambda-deps.ts';

/*
 * A function's module ends once its secret requests are on the wire (`await deps.secretsSent`), so that
 * its first request runs during their round trip. Secrets Manager is a local HTTP server here (no SDK
 * mock: what is observed is the request leaving the process), that holds its answer until told.
 */

const LINK_KEYS = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkKeys-Sent';
const env = { TABLE_NAME: 'relais-unit', LOG_LEVEL: 'error', LINK_KEYS_SECRET_ID: LINK_KEYS };

const servers: Server[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});

/** A Secrets Manager that notes each request it receives and answers only when `answer` is called. */
async function holdingSecretsManager(): Promise<{
  received: string[];
  answer: (status: number, body: unknown) => void;
}> {
  const received: string[] = [];
  const waiting: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume().on('end', () => {
      received.push(String(request.headers['x-amz-target']));
      waiting.push(response);
    });
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  useSecretsManagerAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    received,
    answer: (status, body) => {
      for (const response of waiting.splice(0)) {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      }
    },
  };
}

function useSecretsManagerAt(url: string): void {
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', url);
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDUNIT');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'unit-secret');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
}

const pending = Symbol('pending');
const stateOf = (p: Promise<unknown>) =>
  Promise.race([
    p.then(
      () => 'resolved',
      () => 'rejected',
    ),
    new Promise((later) => setTimeout(() => later(pending), 5)),
  ]);

describe('secretsSent', () => {
  it('settles at once for a function with no secret', async () => {
    const deps = lambdaDeps({}, { TABLE_NAME: 'relais-unit', LOG_LEVEL: 'error' });
    await expect(stateOf(deps.secretsSent)).resolves.toBe('resolved');
  });

  it('settles once the secret request has reached Secrets Manager, before its answer', async () => {
    const sm = await holdingSecretsManager();
    const deps = lambdaDeps({}, env);
    await deps.secretsSent;
    await vi.waitFor(() => expect(sm.received).toEqual(['secretsmanager.GetSecretValue']));
    await expect(stateOf(deps.secretsRead)).resolves.toBe(pending);
    sm.answer(400, { __type: 'ResourceNotFoundException', message: 'no such secret' });
    await expect(deps.secretsRead).rejects.toThrow();
  });

  it('never rejects, and the handler still fails its invocation, when the secret cannot be reached', async () => {
    // A port nothing listens on: the connection is refused.
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    useSecretsManagerAt(`http://127.0.0.1:${port}`);

    const deps = lambdaDeps({}, env);
    await expect(deps.secretsSent).resolves.toBeUndefined();
    const handler = failingWithoutSecrets(async () => ({ statusCode: 200 }), deps.secretsRead);
    await expect(handler()).rejects.toThrow();
  });

  it('gives up waiting after a few milliseconds when no request is seen leaving', async () => {
    // The SDK's send stubbed to never answer: nothing goes out that could be watched.
    const stuck = mockClient(SecretsManagerClient);
    try {
      stuck.on(GetSecretValueCommand).callsFake(() => new Promise(() => undefined));
      const deps = lambdaDeps({}, env);
      const started = performance.now();
      await deps.secretsSent;
      expect(performance.now() - started).toBeLessThan(1_000);
      await expect(stateOf(deps.secretsRead)).resolves.toBe(pending);
    } finally {
      stuck.restore();
    }
  });
});
