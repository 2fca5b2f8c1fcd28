import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeAws, startFakeAws } from '../../bench/fake-aws.ts';
import { apiDocument } from '../../functions/contract/api-document.ts';
import { eventDocument } from '../../functions/standards/asyncapi/event-document.ts';
import { buildFunctions } from '../../infra/bundling/build-functions.ts';
import { createTestTable, type TestTable } from '../support/table.ts';
import {
  fixture,
  type HttpHandler,
  lambdaContext,
  seedNetwork,
  startTestIssuer,
  stubLambdaEnv,
  type TestIssuer,
} from './support.ts';

/*
 * The api and web functions as they are deployed: the bundles `npm run build` and the CDK app make (one
 * minified file each, the SDK inside it, the OpenAPI document built beside the api's), imported and
 * invoked with API Gateway events. Its Secrets Manager is a local HTTP endpoint answering the real protocol (bench/fake-aws.ts),
 * as the bundled SDK cannot be mocked from here; DynamoDB is DynamoDB Local.
 */

const STAFF_AUTH_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:StaffAuth-BuNdLe';

let table: TestTable;
let issuer: TestIssuer;
let fake: FakeAws;
let handler: HttpHandler;
let web: HttpHandler;
let webBundle: string;
let apiMetafile: string;

const get = (path: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 => {
  const event = fixture<APIGatewayProxyEventV2>('apigw-v2-get-health.json');
  return {
    ...event,
    routeKey: `GET ${path}`,
    rawPath: path,
    headers: { ...event.headers, ...headers },
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path } },
  };
};

/** The modules with bytes in the api bundle, by esbuild's metafile (its output's inputs). */
const apiInputs = (): string[] => {
  const meta = JSON.parse(readFileSync(apiMetafile, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  const [, output] = Object.entries(meta.outputs).find(([file]) => file.endsWith('.mjs'))!;
  return Object.entries(output.inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
};

beforeAll(async () => {
  table = await createTestTable('api-bundle');
  await seedNetwork(table);
  issuer = await startTestIssuer();
  fake = await startFakeAws({
    secrets: {
      [STAFF_AUTH_SECRET]: JSON.stringify({
        issuer: issuer.issuer,
        audience: issuer.audience,
        jwksUrl: issuer.jwksUrl,
      }),
    },
    jwks: { keys: [] },
  });
  stubLambdaEnv(table, {
    STAFF_AUTH_SECRET_ID: STAFF_AUTH_SECRET,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
  });
  const [built, builtWeb] = await buildFunctions(['api', 'web']);
  apiMetafile = built!.metafile;
  webBundle = builtWeb!.bundle;
  ({ handler } = (await import(/* @vite-ignore */ pathToFileURL(built!.bundle).href)) as {
    handler: HttpHandler;
  });
  ({ handler: web } = (await import(/* @vite-ignore */ pathToFileURL(builtWeb!.bundle).href)) as {
    handler: HttpHandler;
  });
}, 90_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await issuer?.close();
  await fake?.close();
});

describe('the api and web bundles, as deployed', () => {
  it('serves the OpenAPI document built beside it, the one generated from the route schemas', async () => {
    const response = await handler(get('/openapi.json'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toEqual(JSON.parse(JSON.stringify(apiDocument())));
  });

  it('serves the AsyncAPI document built beside it, without zod’s JSON Schema generator inside', async () => {
    const response = await handler(get('/asyncapi.json'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toEqual(JSON.parse(JSON.stringify(eventDocument())));
    expect(apiInputs().filter((input) => /to-json-schema|json-schema-processors/.test(input))).toEqual([]);
  });

  it('carries no page, no sign-in and no Cognito client: the pages are the web function', async () => {
    const inputs = apiInputs();
    expect(inputs.filter((input) => input.includes('functions/http/pages'))).toEqual([]);
    expect(inputs.filter((input) => /client-cognito-identity-provider|adapters\/oidc/.test(input))).toEqual(
      [],
    );
    expect(inputs.some((input) => input.includes('functions/http/routes/referrals.ts'))).toBe(true);
    const response = await handler(get('/app/sign-in'), lambdaContext());
    expect(response.statusCode).toBe(404);
  });

  it('answers no JSON route in the web function', async () => {
    const response = await web(get('/health'), lambdaContext());
    expect(response.statusCode).toBe(404);
  });

  it('ships each locale’s words in a file beside the web bundle, read when a page is shown in that locale', async () => {
    expect(
      readdirSync(dirname(webBundle))
        .filter((f) => f.startsWith('catalogue-'))
        .sort(),
    ).toEqual([
      'catalogue-de.json',
      'catalogue-en.json',
      'catalogue-fr.json',
      'catalogue-it.json',
      'catalogue-nl.json',
    ]);
    // None of the sentences is left in the bundle (a catalogue module kept by a spread or a property read
    // would bring every locale back): the longer plain-ASCII ones of English and French, which no code
    // would contain by chance and which the bundle would hold as they are.
    const code = readFileSync(webBundle, 'utf8');
    const sentences = ['en', 'fr'].flatMap((locale) => {
      const file = join(dirname(webBundle), `catalogue-${locale}.json`);
      const { text } = JSON.parse(readFileSync(file, 'utf8')) as { text: Record<string, string> };
      return Object.values(text).filter((s) => s.length > 40 && /^[\x20-\x7e]+$/.test(s) && !s.includes('"'));
    });
    expect(sentences.length).toBeGreaterThan(50);
    // A few are also the domain's own English messages (its refusals name what to do); a kept catalogue
    // module would put hundreds back.
    expect(sentences.filter((s) => code.includes(s)).length).toBeLessThan(5);
    const response = await web(get('/app/sign-in', { 'accept-language': 'fr' }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Connexion');
  });

  it('verifies a staff token against the issuer and reads the table', async () => {
    const token = await issuer.sign({ sub: 'worker-1', org: 'mdm-lu', roles: ['social_worker'] });
    const response = await handler(
      get('/v1/referrals', { authorization: `Bearer ${token}` }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toMatchObject({ items: expect.any(Array) });
  });

  it('refuses a request without a token', async () => {
    const response = await handler(get('/v1/referrals'), lambdaContext());
    expect(response.statusCode).toBe(401);
  });

  it('read its staff-auth secret from Secrets Manager once per function, for all those requests', () => {
    expect(fake.calls.get('GetSecretValue')).toBe(2);
  });
});
