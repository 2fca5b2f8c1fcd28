import { request } from 'node:http';
import {
  type AttributeValue,
  BatchGetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { createLocalJWKSet, jwtVerify } from 'jose';
import * as z from 'zod/mini';
import { lambdaDynamoClient } from '../../functions/adapters/dynamo/lambda-client.ts';

/*
 * The api's floor: what its first request (a social worker's list of offered referrals) cannot do
 * without on this stack, and nothing of Relais. The same round trips, in the same order and with the
 * same parallelism, through the same SDK clients, built with the same esbuild settings: the staff-auth
 * secret requested at init, the issuer's key set, the token verified with jose, the status index and the
 * key ring queried beside the staff-seen write, the items read beside the data key's Decrypt, the access
 * entry written, a JSON answer. Nothing is decoded, opened, checked or authorised beyond that.
 * The bench times it beside the api (bench/README.md, "Floors").
 */

const table = process.env['TABLE_NAME']!;
const dynamo = lambdaDynamoClient();
const kms = new KMSClient({});
const secrets = new SecretsManagerClient({});
const staffAuth = secrets
  .send(new GetSecretValueCommand({ SecretId: process.env['STAFF_AUTH_SECRET_ID'] }))
  .then((out) => JSON.parse(out.SecretString!) as { issuer: string; audience: string; jwksUrl: string });
staffAuth.catch(() => undefined);

const getJson = (url: string): Promise<unknown> =>
  new Promise((ok, fail) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    })
      .on('error', fail)
      .end();
  });
const jwks = staffAuth.then(async (auth) => createLocalJWKSet((await getJson(auth.jwksUrl)) as never));
jwks.catch(() => undefined);

const query = z.object({ status: z.enum(['offered', 'accepted', 'open']) });
const s = (value: AttributeValue | undefined) => (value && 'S' in value ? value.S! : '');

const app = new Hono();
app.get('/v1/referrals', async (c) => {
  const { status } = query.parse(c.req.query());
  const auth = await staffAuth;
  const token = (c.req.header('authorization') ?? '').slice('Bearer '.length);
  const { payload } = await jwtVerify(token, await jwks, { issuer: auth.issuer, audience: auth.audience });
  const org = String(payload['org']);
  const [list, ring] = await Promise.all([
    dynamo.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byOrgStatus',
        Limit: 25,
        ScanIndexForward: false,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'statusPk' },
        ExpressionAttributeValues: { ':pk': { S: `${org}#active` } },
      }),
    ),
    dynamo.send(
      new QueryCommand({
        TableName: table,
        Limit: 1,
        ConsistentRead: true,
        ScanIndexForward: false,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': { S: `KEYRING#${org}` } },
      }),
    ),
    dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: `FLOOR#${org}` },
          sk: { S: `SUB#${String(payload.sub)}` },
          seenAt: { S: new Date().toISOString() },
        },
      }),
    ),
  ]);
  const wrapped = ring.Items?.[0]?.['wrapped'];
  const [items] = await Promise.all([
    dynamo.send(
      new BatchGetItemCommand({
        RequestItems: {
          [table]: { Keys: (list.Items ?? []).map((item) => ({ pk: item['pk']!, sk: item['sk']! })) },
        },
      }),
    ),
    wrapped && 'B' in wrapped
      ? kms.send(
          new DecryptCommand({
            CiphertextBlob: wrapped.B,
            EncryptionContext: { org },
            KeyId: process.env['KMS_KEY_ID'],
          }),
        )
      : undefined,
  ]);
  const found = items.Responses?.[table] ?? [];
  await dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        pk: { S: `FLOOR#ACCESS#${org}` },
        sk: { S: `AT#${new Date().toISOString()}` },
        ids: { S: found.map((item) => s(item['pk'])).join(',') },
      },
    }),
  );
  return c.json({ status, items: found.map((item) => ({ id: s(item['pk']) })) });
});

export const handler = handle(app);
