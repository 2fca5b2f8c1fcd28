import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { importJWK, jwtVerify } from 'jose';
import * as z from 'zod/mini';
import { lambdaDynamoClient } from '../../functions/adapters/dynamo/lambda-client.ts';

/*
 * The links function's floor: what a specialist's first opening of an offer link cannot do without on
 * this stack, and nothing of Relais. The same round trips, in the same order, through the same clients,
 * built with the same esbuild settings: the link keys requested at init, the token verified with jose
 * (ES256), the referral read, then the specialist and the organisation beside each other, the time
 * formatted in the specialist's zone and language (Intl), the access entry written, an HTML answer.
 * Nothing is decoded, opened, checked or authorised beyond that. The bench times it beside links
 * (bench/README.md, "Floors").
 */

const table = process.env['TABLE_NAME']!;
const dynamo = lambdaDynamoClient();
const secrets = new SecretsManagerClient({});
const linkKeys = secrets
  .send(new GetSecretValueCommand({ SecretId: process.env['LINK_KEYS_SECRET_ID'] }))
  .then((out) => JSON.parse(out.SecretString!) as { verificationKeys: { publicJwk: object }[] });
linkKeys.catch(() => undefined);

const params = z.object({ token: z.string().check(z.minLength(20), z.maxLength(2048)) });

const app = new Hono();
app.get('/o/:token', async (c) => {
  const { token } = params.parse(c.req.param());
  const key = await importJWK((await linkKeys).verificationKeys[0]!.publicJwk, 'ES256');
  const { payload } = await jwtVerify(token, key, { issuer: 'relais', audience: 'relais:offer-link' });
  const ref = String(payload['ref']);
  const referral = await dynamo.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: `REF#${ref}` }, sk: { S: 'REF' } } }),
  );
  const [specialist, organisation] = await Promise.all([
    dynamo.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: `SPEC#${process.env['FLOOR_SPECIALIST']}` }, sk: { S: 'SPEC' } },
      }),
    ),
    dynamo.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: `ORG#${process.env['FLOOR_ORG']}` }, sk: { S: 'ORG' } },
      }),
    ),
  ]);
  const when = new Intl.DateTimeFormat('fr-LU', {
    timeZone: 'Europe/Luxembourg',
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date());
  await dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: { pk: { S: `FLOOR#ACCESS#${ref}` }, sk: { S: `AT#${new Date().toISOString()}` } },
    }),
  );
  const found = Boolean(referral.Item && specialist.Item && organisation.Item);
  return c.html(`<!doctype html><html lang="fr"><title>Relais</title><p>${found ? when : ''}</p></html>`);
});

export const handler = handle(app);
