import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2, Context, EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RelaisEvent } from '../../events/catalog.ts';
import { specialistLoadKey } from '../../functions/adapters/dynamo/keys.ts';
import { outboxTextOf } from '../../functions/adapters/dynamo/outbox.ts';
import { generateLinkKey } from '../../functions/adapters/tokens/link-tokens.ts';
import { markSensitive } from '../support/log-guard.ts';
import { createTestTable, type TestTable } from '../support/table.ts';
import {
  base64Body,
  fixture,
  type HttpHandler,
  lambdaContext,
  mimeText,
  seedNetwork,
  startTestIssuer,
  stubLambdaEnv,
  type TestIssuer,
} from './support.ts';

/*
 * One referral through the deployed entry points, each invoked the way Lambda invokes it, with the
 * shapes API Gateway (HTTP API, payload 2.0) and EventBridge send, on DynamoDB Local:
 * api (POST /v1/referrals, base64 JSON body) → the outbox it wrote → notify (offer.sent: an offer
 * email through SES, link inside) → links (GET the page, POST accept as a base64 form) → project
 * (appointment.scheduled: the specialist's load). Secrets Manager and SES are the only fakes.
 */

type EventHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<unknown>;

const secrets = mockClient(SecretsManagerClient);
const ses = mockClient(SESv2Client);

let table: TestTable;
let issuer: TestIssuer;
let api: HttpHandler;
let links: HttpHandler;
let notify: EventHandler;
let project: EventHandler;

const STAFF_AUTH_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:StaffAuth-AbCdEf';
const LINK_KEYS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkKeys-AbCdEf';

/** Imports an entry point fresh, with the environment the CDK app gives that function. */
async function entry<T>(path: string, env: Record<string, string>): Promise<T> {
  vi.resetModules();
  vi.unstubAllEnvs();
  stubLambdaEnv(table, env);
  return ((await import(path)) as { handler: T }).handler;
}

const eventBridge = (event: RelaisEvent) =>
  fixture<EventBridgeEvent<string, unknown>>('eventbridge-relais-event.json', {
    detailType: event.type,
    detail: event,
  });

async function outboxOf(referralId: string): Promise<RelaisEvent[]> {
  const item = await table.dynamo.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: { pk: { S: `REF#${referralId}` }, sk: { S: 'REF' } },
      ConsistentRead: true,
    }),
  );
  return JSON.parse(outboxTextOf(item.Item) ?? '[]') as RelaisEvent[];
}

beforeAll(async () => {
  table = await createTestTable('lambda-chain');
  await seedNetwork(table);
  issuer = await startTestIssuer();
  const linkKey = await generateLinkKey('lambda-1');
  secrets.on(GetSecretValueCommand, { SecretId: STAFF_AUTH_SECRET }).resolves({
    SecretString: JSON.stringify({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUrl: issuer.jwksUrl,
    }),
  });
  secrets.on(GetSecretValueCommand, { SecretId: LINK_KEYS_SECRET }).resolves({
    SecretString: JSON.stringify({
      signingKey: { kid: linkKey.kid, privateJwk: linkKey.privateJwk },
      verificationKeys: [{ kid: linkKey.kid, publicJwk: linkKey.publicJwk }],
    }),
  });
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

  api = await entry<HttpHandler>('../../functions/api/index.ts', { STAFF_AUTH_SECRET_ID: STAFF_AUTH_SECRET });
  links = await entry<HttpHandler>('../../functions/links/index.ts', {
    LINK_KEYS_SECRET_ID: LINK_KEYS_SECRET,
  });
  notify = await entry<EventHandler>('../../functions/notify/index.ts', {
    LINK_KEYS_SECRET_ID: LINK_KEYS_SECRET,
    PUBLIC_BASE_URL: 'https://abc123defg.execute-api.eu-central-1.amazonaws.com',
    MAIL_FROM: 'Relais <relais@example.org>',
    SES_CONFIGURATION_SET: 'relais-test-mail',
  });
  project = await entry<EventHandler>('../../functions/project/index.ts', {});
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await issuer?.close();
});

describe('the deployed entry points, invoked with recorded event shapes', () => {
  let referralId: string;
  let offerSent: RelaisEvent[];
  let linkToken: string;

  it('api: answers GET /health without credentials', async () => {
    const response = await api(fixture('apigw-v2-get-health.json'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toEqual({ status: 'ok' });
  });

  it('api: opens a referral from a base64-encoded JSON body, verifying the staff token against the JWKS', async () => {
    const body = {
      pseudonym: 'HERON-2291',
      need: { specialty: 'ophthalmology' },
      urgency: 'soon',
      reason: 'sees double since a fall last week',
      socialCheckDone: true,
      consentToShare: true,
      accompaniment: { required: true },
      languages: ['fr'],
    };
    markSensitive(body.pseudonym);
    markSensitive(body.reason);
    const token = await issuer.sign({ sub: 'sw-ana', org: 'mdm-lu', roles: ['social_worker'] });
    const event = fixture<APIGatewayProxyEventV2>('apigw-v2-post-referral-base64.json', {
      token,
      idempotencyKey: 'lambda-chain-1',
      ...base64Body(JSON.stringify(body)),
    });
    const response = await api(event, lambdaContext());
    expect(response.statusCode, response.body).toBe(201);
    const referral = JSON.parse(response.body!) as { id: string; status: string };
    expect(referral.status).toBe('offered');
    referralId = referral.id;
    offerSent = (await outboxOf(referralId)).filter((e) => e.type === 'offer.sent');
    expect(offerSent.length).toBeGreaterThan(0);
  });

  it('api: refuses a token of another issuer with a 401 problem', async () => {
    const other = await startTestIssuer();
    try {
      const token = await other.sign({ sub: 'sw-ana', org: 'mdm-lu', roles: ['social_worker'] });
      const response = await api(fixture('apigw-v2-get-referrals-jwt.json', { token }), lambdaContext());
      expect(response.statusCode).toBe(401);
      expect(response.headers?.['content-type']).toMatch(/application\/problem\+json/);
    } finally {
      await other.close();
    }
  });

  it('api: lists the organisation’s offered referrals for a valid token', async () => {
    const token = await issuer.sign({ sub: 'sw-ana', org: 'mdm-lu', roles: ['social_worker'] });
    const response = await api(fixture('apigw-v2-get-referrals-jwt.json', { token }), lambdaContext());
    expect(response.statusCode).toBe(200);
    const page = JSON.parse(response.body!) as { items: { id: string }[] };
    expect(page.items.map((r) => r.id)).toContain(referralId);
  });

  it('notify: sends the offer email through SES with the configuration set and a link to the links function', async () => {
    const result = await notify(eventBridge(offerSent[0]!), lambdaContext('relais-notify'));
    expect(result).toEqual([{ consumer: 'send-offer-email', outcome: 'done' }]);
    const sent = ses.commandCalls(SendEmailCommand);
    expect(sent).toHaveLength(1);
    const input = sent[0]!.args[0].input;
    expect(input.ConfigurationSetName).toBe('relais-test-mail');
    const text = mimeText(input.Content?.Raw?.Data);
    expect(text).toMatch(/^From: "?Relais"? <relais@example\.org>/m);
    const link = /https:\/\/abc123defg\.execute-api\.eu-central-1\.amazonaws\.com\/o\/([A-Za-z0-9_.-]+)/.exec(
      text,
    );
    expect(link).not.toBeNull();
    linkToken = link![1]!;
    markSensitive(linkToken);
  });

  it('notify: a redelivered event is a duplicate and sends nothing more', async () => {
    const result = await notify(eventBridge(offerSent[0]!), lambdaContext('relais-notify'));
    expect(result).toEqual([{ consumer: 'send-offer-email', outcome: 'duplicate' }]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('notify: rethrows a poison event (a detail that is not in the catalogue), so retries and the DLQ apply', async () => {
    const poison = eventBridge({ ...offerSent[0]!, data: { offerId: 'x' } } as unknown as RelaisEvent);
    await expect(notify(poison, lambdaContext('relais-notify'))).rejects.toThrow(/does not parse/);
    const mismatch = { ...eventBridge(offerSent[0]!), 'detail-type': 'offer.declined' };
    await expect(notify(mismatch, lambdaContext('relais-notify'))).rejects.toThrow(/disagree/);
  });

  it('notify: rethrows when SES throttles, so the event is retried later instead of dropped', async () => {
    const second = offerSent[1];
    expect(second, 'the referral went to two candidates at once').toBeDefined();
    ses
      .on(SendEmailCommand)
      .rejects(
        Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }),
      );
    await expect(notify(eventBridge(second!), lambdaContext('relais-notify'))).rejects.toThrow(
      /sending rate/,
    );
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    // The retry goes through, and only once.
    const sentBefore = ses.commandCalls(SendEmailCommand).length;
    const retried = await notify(eventBridge(second!), lambdaContext('relais-notify'));
    expect(retried).toEqual([{ consumer: 'send-offer-email', outcome: 'done' }]);
    const again = await notify(eventBridge(second!), lambdaContext('relais-notify'));
    expect(again).toEqual([{ consumer: 'send-offer-email', outcome: 'duplicate' }]);
    expect(ses.commandCalls(SendEmailCommand).length).toBe(sentBefore + 1);
  });

  it('links: shows the offer page for GET /o/{token}, changing nothing', async () => {
    const response = await links(
      fixture('apigw-v2-get-link.json', { token: linkToken }),
      lambdaContext('relais-links'),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('<form');
  });

  it('links: accepts the offer from a base64-encoded form post, and the referral is scheduled', async () => {
    const at = new Date(Date.now() + 5 * 24 * 3600_000);
    at.setUTCHours(9, 30, 0, 0);
    const form = new URLSearchParams({ appointmentAt: at.toISOString() }).toString();
    const event = fixture<APIGatewayProxyEventV2>('apigw-v2-post-link-accept-form-base64.json', {
      token: linkToken,
      ...base64Body(form),
    });
    const response = await links(event, lambdaContext('relais-links'));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/text\/html/);
    const scheduled = (await outboxOf(referralId)).find((e) => e.type === 'appointment.scheduled');
    expect(scheduled).toBeDefined();

    // project: the appointment counts against the specialist's monthly quota, once. The projection
    // is idempotent by construction (no marker): a redelivery runs it again and counts nothing more.
    const appointmentsOf = async () => {
      const item = await table.dynamo.send(
        new GetItemCommand({
          TableName: table.tableName,
          Key: specialistLoadKey(scheduled!.data.specialistId),
          ConsistentRead: true,
        }),
      );
      return Object.entries(item.Item ?? {}).flatMap(([k, v]) => (k.startsWith('m_') ? (v.SS ?? []) : []));
    };
    for (let delivery = 0; delivery < 2; delivery++) {
      const result = await project(eventBridge(scheduled!), lambdaContext('relais-project'));
      expect(result).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ consumer: 'project-specialist-load', outcome: 'done' }),
        ]),
      );
      expect(await appointmentsOf()).toEqual([scheduled!.data.offerId]);
    }
  });

  it('links: a second acceptance of the same link changes nothing and says so (410)', async () => {
    const form = new URLSearchParams({
      appointmentAt: new Date(Date.now() + 86400_000).toISOString(),
    }).toString();
    const event = fixture<APIGatewayProxyEventV2>('apigw-v2-post-link-accept-form-base64.json', {
      token: linkToken,
      ...base64Body(form),
    });
    const response = await links(event, lambdaContext('relais-links'));
    expect(response.statusCode).toBe(410);
  });

  it('links: serves no staff route', async () => {
    const token = await issuer.sign({ sub: 'sw-ana', org: 'mdm-lu', roles: ['social_worker'] });
    const response = await links(
      fixture('apigw-v2-get-referrals-jwt.json', { token }),
      lambdaContext('relais-links'),
    );
    expect(response.statusCode).toBe(404);
  });
});
