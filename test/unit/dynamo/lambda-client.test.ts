import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signerMadeOnce, userAgentBuiltOnce } from '../../../functions/adapters/dynamo/lambda-client.ts';

/*
 * The Lambda functions' DynamoDB client builds its user agent once, with the SDK's own middleware, and
 * sends the very headers the SDK would have built at each call; it makes its request signer once, which
 * signs as each one the SDK would have made.
 */

let server: Server;
let endpoint: string;
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const clientAt = () =>
  new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    cacheMiddleware: true,
  });
const get = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' }, sk: { S: 'b' } } });
const put = new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' }, sk: { S: 'b' } } });
const agentOf = (h: IncomingHttpHeaders) => ({ ua: h['user-agent'], amz: h['x-amz-user-agent'] });

describe("the Lambda functions' DynamoDB client", () => {
  it("sends the SDK's user agent at every call, as the SDK builds it", async () => {
    const plain = clientAt();
    await plain.send(get);
    const expected = agentOf(seen.at(-1)!);
    expect(expected.ua).toMatch(/aws-sdk-js\/\S+ .*api\/dynamodb/);
    expect(expected.amz).toMatch(/^aws-sdk-js\//);

    const client = clientAt();
    userAgentBuiltOnce(client);
    const from = seen.length;
    await client.send(get);
    await client.send(put);
    await client.send(get);
    expect(seen.slice(from).map(agentOf)).toEqual([expected, expected, expected]);
    plain.destroy();
    client.destroy();
  });

  it("no longer runs the SDK's user-agent middleware at each call", () => {
    const client = clientAt();
    userAgentBuiltOnce(client);
    const names = client.middlewareStack.identify().join('\n');
    expect(names).not.toMatch(/getUserAgentMiddleware/);
    expect(names).toMatch(/relaisUserAgentBuiltOnce - build/);
    client.destroy();
  });
});

type Signer = {
  sign(request: unknown, options: { signingDate: Date }): Promise<{ headers: Record<string, string> }>;
};
const signerOf = (client: DynamoDBClient) =>
  (client.config as unknown as { signer: () => Promise<Signer> }).signer;

describe("the Lambda functions' request signer", () => {
  it('is made once, and signs as a signer the SDK makes anew', async () => {
    const client = clientAt();
    await client.send(get); // the SDK sets the signing region and service at the first call
    const sdkSigner = signerOf(client);
    signerMadeOnce(client);
    const once = await signerOf(client)();
    expect(await signerOf(client)()).toBe(once);

    const request = {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/',
      query: {},
      headers: { host: '127.0.0.1', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      body: '{"TableName":"t"}',
    };
    for (const signingDate of [new Date('2027-03-01T08:00:00Z'), new Date('2027-03-02T09:30:00Z')]) {
      const signed = await once.sign(request, { signingDate });
      const anew = await (await sdkSigner()).sign(request, { signingDate });
      expect(signed.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=local\//);
      expect(signed.headers['authorization']).toBe(anew.headers['authorization']);
    }
    client.destroy();
  });

  it('signs every call of the client', async () => {
    const client = clientAt();
    signerMadeOnce(client);
    const from = seen.length;
    await client.send(get);
    await client.send(put);
    const auth = seen.slice(from).map((h) => h.authorization);
    expect(auth).toHaveLength(2);
    for (const a of auth)
      expect(a).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/dynamodb\//);
    client.destroy();
  });

  it('is made again at the next call when making it failed', async () => {
    const client = clientAt();
    const config = client.config as unknown as { signer: () => Promise<unknown> };
    let attempts = 0;
    config.signer = async () => {
      attempts++;
      if (attempts === 1) throw new Error('region not resolved');
      return 'signer';
    };
    signerMadeOnce(client);
    await expect(config.signer()).rejects.toThrow('region not resolved');
    await Promise.resolve();
    expect(await config.signer()).toBe('signer');
    expect(await config.signer()).toBe('signer');
    expect(attempts).toBe(2);
    client.destroy();
  });
});
