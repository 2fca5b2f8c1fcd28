import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import middy from '@middy/core';
import { importJWK, SignJWT } from 'jose';
import * as z from 'zod/mini';
import { lambdaDynamoClient } from '../../functions/adapters/dynamo/lambda-client.ts';

/*
 * The notify function's floor: what sending an offer email cannot do without on this stack, and
 * nothing of Relais. The same round trips, in the same order, through the same clients, built with the
 * same esbuild settings: the link keys requested at init, the event parsed (zod), the referral, the
 * specialist and the organisation read beside the de-duplication claim, the link signed with jose
 * (ES256), the time formatted in the specialist's zone and language (Intl), one raw MIME message sent
 * with SES v2, and the email's record written. The bench times it beside notify (bench/README.md, "Floors").
 */

const table = process.env['TABLE_NAME']!;
const dynamo = lambdaDynamoClient();
const ses = new SESv2Client({});
const secrets = new SecretsManagerClient({});
const linkKeys = secrets
  .send(new GetSecretValueCommand({ SecretId: process.env['LINK_KEYS_SECRET_ID'] }))
  .then((out) => JSON.parse(out.SecretString!) as { signingKey: { kid: string; privateJwk: object } });
linkKeys.catch(() => undefined);

const delivery = z.object({
  id: z.string(),
  detail: z.object({ id: z.string(), type: z.string(), referralId: z.string() }),
});

export const handler = middy(async (event: unknown) => {
  const { detail } = delivery.parse(event);
  const key = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } });
  const [referral, specialist, organisation] = await Promise.all([
    dynamo.send(new GetItemCommand({ TableName: table, Key: key(`REF#${detail.referralId}`, 'REF') })),
    dynamo.send(
      new GetItemCommand({ TableName: table, Key: key(`SPEC#${process.env['FLOOR_SPECIALIST']}`, 'SPEC') }),
    ),
    dynamo.send(new GetItemCommand({ TableName: table, Key: key(`ORG#${process.env['FLOOR_ORG']}`, 'ORG') })),
    dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...key(`FLOOR#SEEN#${detail.id}`, 'SEEN'), at: { S: new Date().toISOString() } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  ]);
  const { signingKey } = await linkKeys;
  const link = await new SignJWT({ purpose: 'offer', ref: detail.referralId })
    .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid })
    .setIssuer('relais')
    .setAudience('relais:offer-link')
    .setSubject(detail.id)
    .setIssuedAt()
    .setExpirationTime('7d')
    .sign(await importJWK(signingKey.privateJwk, 'ES256'));
  const when = new Intl.DateTimeFormat('fr-LU', {
    timeZone: 'Europe/Luxembourg',
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date());
  const found = Boolean(referral.Item && specialist.Item && organisation.Item);
  const mime = [
    `From: ${process.env['MAIL_FROM']}`,
    `To: floor@example.org`,
    'Subject: Relais',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `${found ? when : ''}\r\n${process.env['PUBLIC_BASE_URL']}/o/${link}`,
  ].join('\r\n');
  await ses.send(
    new SendEmailCommand({
      Content: { Raw: { Data: Buffer.from(mime) } },
      ConfigurationSetName: process.env['SES_CONFIGURATION_SET'],
    }),
  );
  // The offer email on record once sent, so that only its specialist is told it is taken or withdrawn.
  await dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: key(`FLOOR#MAIL#${detail.id}`, 'MAIL'),
    }),
  );
});
