import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userAgentBuiltOnce } from '../../../functions/adapters/dynamo/lambda-client.ts';

/*
 * The Lambda functions' DynamoDB client builds its user agent once, with the SDK's own middleware, and
 * sends the very headers the SDK would have built at each call.
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
