import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { bundleOptions } from '../../infra/bundling/esbuild-settings.ts';
import {
  compactErrors,
  epochSecondsRead,
  epochSecondsWritten,
  honoWithoutAlbAndLattice,
  INSPECTED_SDK_ERRORS,
  inlineComputedKeys,
  middyWithoutWebStreamsImport,
  nativeSha256Only,
  noHostPrefixes,
  noS3EndpointParams,
  partitionsWithoutDescriptions,
  partitionsWithoutMatchedRegions,
  processGlobal,
  staticEventStreamsImport,
  streamCheckWithoutWebStreams,
} from '../../infra/bundling/sdk-trim.ts';
import { PROJECT_ROOT } from '../../infra/bundling/settings.ts';
import { createTestTable } from '../support/table.ts';

/*
 * The SDK trimming plugins (infra/bundling/sdk-trim.ts), on the SES v2 client as notify uses it: one
 * SendEmail. Built from a small entry with the bundles' own options, so the test says what every
 * bundle gets.
 */

const SES_ENTRY = `
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
export const send = (input) => new SESv2Client({}).send(new SendEmailCommand(input));
`;

const execFileAsync = promisify(execFile);

async function bundled(entry: string): Promise<string> {
  return (await bundle(entry)).outputFiles[0]!.text;
}

/** `entry` built with the bundles' options, in memory, with esbuild's metafile. */
function bundle(entry: string) {
  return build({
    ...bundleOptions('unused.ts', 'out.mjs'),
    entryPoints: undefined,
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    outfile: undefined,
    write: false,
    sourcemap: false,
    metafile: true,
  });
}

describe('the SDK trimming plugins', () => {
  it('write a computed key naming a string constant as that string, and leave any other key alone', () => {
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'export var A$ = [9, n0, _A, { [_h]: ["GET", "/a", 200], [_e]: _c, [other]: 1 }, 0, 0];',
    ].join('\n');
    expect(inlineComputedKeys(source)).toContain(
      '{ ["http"]: ["GET", "/a", 200], ["error"]: _c, [other]: 1 }',
    );
  });

  it('keep the schemas of the operation a bundle sends and its errors, not the rest of the service', async () => {
    const code = await bundled(SES_ENTRY);
    expect(code).toContain('/v2/email/outbound-emails');
    // DeleteEmailTemplate, CreateContactList: operations no function sends.
    expect(code).not.toContain('/v2/email/templates/{TemplateName}');
    expect(code).not.toContain('/v2/email/contact-lists');
  }, 30_000);

  it('keep only the version of a client’s package.json, which its user agent names', async () => {
    const code = await bundled(SES_ENTRY);
    const require = createRequire(import.meta.url);
    const { version, description } = JSON.parse(
      readFileSync(require.resolve('@aws-sdk/client-sesv2/package.json'), 'utf8'),
    ) as { version: string; description: string };
    expect(code).toContain(version);
    expect(code).not.toContain(description);
  }, 30_000);

  it('answer that there are no shared config files, as on Lambda, without reading or parsing them', async () => {
    const code = await bundled(SES_ENTRY);
    // The credentials file's variable and the ini parser's section syntax, which the loader used.
    expect(code).not.toContain('AWS_SHARED_CREDENTIALS_FILE');
    expect(code).not.toContain('AWS_CONFIG_FILE');
    // The environment still configures the client.
    expect(code).toContain('AWS_REGION');
  }, 30_000);

  it('ask no instance metadata service for the region, which Lambda sets in AWS_REGION', async () => {
    const code = await bundled(SES_ENTRY);
    expect(code).not.toContain('169.254.169.254');
    expect(code).not.toContain('/latest/meta-data/placement/region');
    expect(code).toContain('Region is missing');
  }, 30_000);
});

/** The AWS SDK clients installed (every one a function may bundle): their models/errors.js. */
const clientErrorModules = (): [string, string][] => {
  // …/@aws-sdk/client-dynamodb/dist-cjs/index.js: three levels up is @aws-sdk.
  const root = dirname(dirname(dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb'))));
  return readdirSync(root)
    .filter((name) => name.startsWith('client-'))
    .map((name) => [name, readFileSync(join(root, name, 'dist-es', 'models', 'errors.js'), 'utf8')]);
};

/** A bundle made with the bundles' options from `entry`, imported. */
async function importBundled(entry: string): Promise<Record<string, unknown>> {
  const file = join(mkdtempSync(join(tmpdir(), 'relais-sdk-trim-')), 'entry.mjs');
  writeFileSync(file, await bundled(entry));
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

const DYNAMO_ENTRY = `
import {
  ConditionalCheckFailedException, DynamoDBClient, DynamoDBServiceException, GetItemCommand, PutItemCommand,
  TransactionCanceledException, TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
const caught = (promise) => promise.then(() => { throw new Error('no failure'); }, (err) => err);
export const classes = { ConditionalCheckFailedException, DynamoDBServiceException, TransactionCanceledException };
export async function failures(endpoint, TableName) {
  const dynamo = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const Item = { pk: { S: 'trim' }, sk: { S: 'one' }, n: { N: '1' } };
  await dynamo.send(new PutItemCommand({ TableName, Item }));
  const read = await dynamo.send(new GetItemCommand({ TableName, Key: { pk: Item.pk, sk: Item.sk } }));
  if (read.Item?.n?.N !== '1') throw new Error('not read back');
  const condition = { ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' };
  return {
    conditional: await caught(dynamo.send(new PutItemCommand({ TableName, Item, ...condition }))),
    cancelled: await caught(dynamo.send(new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName, Item, ...condition } }, { Put: { TableName, Item: { ...Item, sk: { S: 'two' } } } }],
    }))),
  };
}
`;

describe('the compact SDK error classes', () => {
  it('replace every installed client’s error module, exporting each class it exported', () => {
    const modules = clientErrorModules();
    expect(modules.map(([name]) => name)).toContain('client-dynamodb');
    for (const [name, source] of modules) {
      const compact = compactErrors(source);
      expect(compact, name).toBeDefined();
      const exported = (code: string) =>
        [...code.matchAll(/^export (?:class|const) (\w+)/gm)].map(([, n]) => n);
      expect(exported(compact!), name).toEqual(exported(source));
      expect(compact!.length, name).toBeLessThan(source.length);
    }
  });

  it('leave a module in another shape as it is', () => {
    const [, source] = clientErrorModules().find(([name]) => name === 'client-dynamodb')!;
    expect(
      compactErrors(
        source.replace('Object.setPrototypeOf(this, InternalServerError', 'log(this, InternalServerError'),
      ),
    ).toBeUndefined();
  });

  it('are recognised as before on a real conditional failure and cancelled transaction (DynamoDB Local)', async () => {
    const { endpoint, tableName } = await createTestTable('sdk-trim');
    const bundle = await importBundled(DYNAMO_ENTRY);
    const classes = bundle['classes'] as Record<string, new (...args: never[]) => Error>;
    const failures = bundle['failures'] as (
      endpoint: string,
      table: string,
    ) => Promise<Record<'conditional' | 'cancelled', Error & Record<string, unknown>>>;
    const { conditional, cancelled } = await failures(endpoint, tableName);

    expect(conditional).toBeInstanceOf(classes['ConditionalCheckFailedException']!);
    expect(conditional).toBeInstanceOf(classes['DynamoDBServiceException']!);
    expect(conditional).toBeInstanceOf(Error);
    expect(conditional.name).toBe('ConditionalCheckFailedException');
    expect(conditional.constructor.name).toBe('ConditionalCheckFailedException');
    expect(conditional['$fault']).toBe('client');
    expect(conditional['$metadata']).toMatchObject({ httpStatusCode: 400 });
    expect(conditional['Item']).toEqual({ pk: { S: 'trim' }, sk: { S: 'one' }, n: { N: '1' } });
    expect(conditional.message).toMatch(/conditional request failed/i);
    expect(conditional).not.toBeInstanceOf(classes['TransactionCanceledException']!);

    expect(cancelled).toBeInstanceOf(classes['TransactionCanceledException']!);
    expect(cancelled.name).toBe('TransactionCanceledException');
    expect((cancelled['CancellationReasons'] as { Code?: string }[]).map(({ Code }) => Code)).toEqual([
      'ConditionalCheckFailed',
      'None',
    ]);
  }, 60_000);
});

describe('the endpoint cache left out (no-endpoint-cache.ts)', () => {
  it('takes the DynamoDB client’s LRU cache out of its bundle, which still sends (the test above)', async () => {
    const inputs = Object.keys((await bundle(DYNAMO_ENTRY)).metafile.inputs);
    expect(inputs.some((input) => input.includes('@aws-sdk/client-dynamodb'))).toBe(true);
    expect(inputs.filter((input) => /mnemonist|obliterator|@aws-sdk[\\/]endpoint-cache/.test(input))).toEqual(
      [],
    );
  }, 30_000);

  it('says what is missing if endpoint discovery is ever used', async () => {
    const { EndpointCache } = await import('../../infra/bundling/no-endpoint-cache.ts');
    expect(() => new EndpointCache().getEndpoint()).toThrow(/endpoint discovery is not bundled/);
  });
});

describe('the SDK’s event streams imported statically (staticEventStreams)', () => {
  it('applies to the installed SDK', () => {
    const file = createRequire(import.meta.url)
      .resolve('@smithy/core/protocols')
      .replace(/dist-cjs.*$/, 'dist-es/submodules/protocols/HttpProtocol.js');
    const rewritten = staticEventStreamsImport(readFileSync(file, 'utf8'));
    expect(rewritten).toBeDefined();
    expect(rewritten).not.toContain('import("@smithy/core/event-streams")');
  });

  it('still says what is missing if an operation ever streams events', async () => {
    const code = await bundled(`
import { HttpProtocol } from '@smithy/core/protocols';
export const load = () =>
  HttpProtocol.prototype.loadEventStreamCapability.call({
    resolveEventStreamMarshaller: (provider) => provider,
    getDefaultContentType: () => 'application/json',
  });
`);
    const dir = mkdtempSync(join(tmpdir(), 'relais-event-streams-'));
    writeFileSync(join(dir, 'bundle.mjs'), code);
    const { load } = (await import(pathToFileURL(join(dir, 'bundle.mjs')).href)) as {
      load: () => Promise<unknown>;
    };
    await expect(load()).rejects.toThrow(/SDK event streams are not bundled/);
  });
});

describe('the SDK’s SHA-256, native only (nativeSha256)', () => {
  const SHA_ENTRY = `
import { Sha256 } from '@smithy/core/checksum';
export async function digest(secret, data) {
  const hash = new Sha256(secret);
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('hex');
}
`;

  it('applies to the installed SDK', () => {
    const file = createRequire(import.meta.url)
      .resolve('@smithy/core/checksum')
      .replace(/dist-cjs.*$/, 'dist-es/submodules/checksum/sha256/Sha256Node.js');
    expect(nativeSha256Only(readFileSync(file, 'utf8'))).toBeDefined();
  });

  it('hashes and signs with Node’s crypto, without the JavaScript fallback in the bundle', async () => {
    const code = await bundled(SHA_ENTRY);
    // The first round constant of SHA-256, which only a hash written in JavaScript holds.
    expect(code).not.toMatch(/0x428a2f98|1116352408/i);
    const { digest } = (await importBundled(SHA_ENTRY)) as {
      digest: (secret: string | undefined, data: string) => Promise<string>;
    };
    expect(await digest(undefined, 'abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // RFC 4231, test case 2.
    expect(await digest('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  }, 30_000);
});

/*
 * Error shapes left out (sdk-trim.ts dropErrorShapes): a fake service answers each request with the
 * error its path names, to the same client built two ways, the SDK as installed (every shape) and a
 * bundle (the shapes of errors no code tells apart left out). The errors must agree in everything but
 * the class of an error whose shape is left out, and the retry strategy must retry the same ones.
 */
const FAILING_ENTRY = `
import { DynamoDBClient, DynamoDBServiceException, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, KMSServiceException, DecryptCommand } from '@aws-sdk/client-kms';
export const sdk = { DynamoDBClient, DynamoDBServiceException, GetItemCommand, KMSClient, KMSServiceException, DecryptCommand };
`;

type Sdk = {
  DynamoDBClient: new (config: object) => { send(command: unknown): Promise<unknown> };
  KMSClient: new (config: object) => { send(command: unknown): Promise<unknown> };
  GetItemCommand: new (input: object) => unknown;
  DecryptCommand: new (input: object) => unknown;
  DynamoDBServiceException: abstract new (...args: never[]) => Error;
  KMSServiceException: abstract new (...args: never[]) => Error;
};

/** A fake AWS endpoint: each request answered with the error `error(path)` names, requests counted. */
async function failingService(): Promise<{
  endpoint: (error: string, status: number) => string;
  asked: Map<string, number>;
  close: () => void;
}> {
  const asked = new Map<string, number>();
  const server = createServer((req, res) => {
    const [, error = '', status = '400'] = (req.url ?? '').split('/');
    asked.set(error, (asked.get(error) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      res.writeHead(Number(status), { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          __type: `com.amazonaws.service#${error}`,
          message: `${error} said`,
          Extra: 'field',
        }),
      );
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: (error, status) => `http://127.0.0.1:${port}/${error}/${status}`,
    asked,
    close: () => server.close(),
  };
}

/** What a thrown SDK error says, and how many requests were made for it (the retries). */
async function failure(
  sdk: Sdk,
  service: 'dynamo' | 'kms',
  error: string,
  status: number,
  fake: Awaited<ReturnType<typeof failingService>>,
) {
  const config = {
    endpoint: fake.endpoint(`${error}`, status),
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  };
  const before = fake.asked.get(error) ?? 0;
  const err = (await (service === 'dynamo'
    ? new sdk.DynamoDBClient(config).send(new sdk.GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }))
    : new sdk.KMSClient(config).send(new sdk.DecryptCommand({ CiphertextBlob: new Uint8Array([1]) }))
  ).then(
    () => undefined,
    (e: unknown) => e,
  )) as Error & Record<string, unknown>;
  const base = service === 'dynamo' ? sdk.DynamoDBServiceException : sdk.KMSServiceException;
  return {
    name: err.name,
    message: err.message,
    fault: err['$fault'],
    status: (err['$metadata'] as { httpStatusCode?: number }).httpStatusCode,
    retryable: err['$retryable'],
    serviceException: err instanceof base,
    extra: err['Extra'],
    requests: (fake.asked.get(error) ?? 0) - before,
  };
}

describe('the error shapes left out of a client’s schemas', () => {
  it('leave every SDK error the code tells apart registered', () => {
    const names = new Set(
      clientErrorModules().flatMap(([, source]) =>
        [...source.matchAll(/^export class (\w+)/gm)].map(([, n]) => n!),
      ),
    );
    const named = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? walk(join(dir, entry.name))
          : entry.name.endsWith('.ts')
            ? [join(dir, entry.name)]
            : [],
      );
    for (const file of [...walk('functions'), ...walk('local')]) {
      const source = readFileSync(file, 'utf8');
      for (const [, imports] of source.matchAll(/import \{([^}]*)\} from '@aws-sdk\/client-[\w-]+'/g))
        for (const name of imports!.split(',').map((part) => part.trim().replace(/^type /, '')))
          if (names.has(name)) named.add(name);
      for (const [, name] of source.matchAll(/'(\w+)'/g)) if (names.has(name!)) named.add(name!);
    }
    expect(named.size).toBeGreaterThan(2);
    expect([...named].filter((name) => !INSPECTED_SDK_ERRORS.includes(name))).toEqual([]);
  });

  it('build the same errors as the SDK with every shape, and retry the same ones (a fake service)', async () => {
    const full = {
      ...(await import('@aws-sdk/client-dynamodb')),
      ...(await import('@aws-sdk/client-kms')),
    } as unknown as Sdk;
    const trimmed = (await importBundled(FAILING_ENTRY))['sdk'] as Sdk;
    const fake = await failingService();
    try {
      const cases: ['dynamo' | 'kms', string, number][] = [
        ['dynamo', 'ItemCollectionSizeLimitExceededException', 400], // shape left out
        ['dynamo', 'ProvisionedThroughputExceededException', 400], // kept: throttling, retried
        ['dynamo', 'ReplicatedWriteConflictException', 400], // kept: $retryable, retried
        ['dynamo', 'InternalServerError', 500], // kept: a server error, retried
        ['kms', 'NotFoundException', 400], // shape left out
        ['kms', 'KMSInvalidStateException', 400], // shape left out
        ['kms', 'LimitExceededException', 400], // kept: throttling, retried
        ['kms', 'KMSInternalException', 500], // kept: a server error, retried
      ];
      for (const [service, error, status] of cases) {
        const expected = await failure(full, service, error, status, fake);
        const got = await failure(trimmed, service, error, status, fake);
        expect(got, error).toEqual(expected);
        expect(got.name, error).toBe(error);
        expect(got.serviceException, error).toBe(true);
        expect(got.message, error).toBe(`${error} said`);
      }
      expect(fake.asked.get('NotFoundException')).toBe(2); // once each, not retried
      expect(fake.asked.get('ItemCollectionSizeLimitExceededException')).toBe(2);
      expect(fake.asked.get('ProvisionedThroughputExceededException')).toBe(4); // twice each
      expect(fake.asked.get('ReplicatedWriteConflictException')).toBe(4);
      expect(fake.asked.get('KMSInternalException')).toBe(4);
    } finally {
      fake.close();
    }
  }, 60_000);

  it('are not in a bundle, which keeps those the code tells apart', async () => {
    const code = (await bundled(FAILING_ENTRY)) + (await bundled(DYNAMO_ENTRY));
    expect(code).not.toContain('XksProxyUriUnreachableException');
    expect(code).not.toContain('BackupInUseException');
    expect(code).toContain('ConditionalCheckFailedException');
    expect(code).toContain('ProvisionedThroughputExceededException');
  }, 30_000);
});

describe('the partitions table without region descriptions (noRegionDescriptions)', () => {
  const ENDPOINT_ENTRY = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';
import { partition } from '@aws-sdk/core/client';
export const sdk = { DynamoDBClient, GetItemCommand, KMSClient, DecryptCommand, partition };
`;
  type EndpointSdk = Sdk & { partition: (region: string) => Record<string, unknown> };

  /** The host a client would send to, caught by a request handler that sends nothing. */
  async function hostOf(sdk: EndpointSdk, service: 'dynamo' | 'kms', region: string, options: object) {
    const config = {
      region,
      ...options,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      requestHandler: {
        handle: (request: { hostname: string }) =>
          Promise.reject(Object.assign(new Error('not sent'), { host: request.hostname })),
      },
    };
    const sent =
      service === 'dynamo'
        ? new sdk.DynamoDBClient(config).send(
            new sdk.GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }),
          )
        : new sdk.KMSClient(config).send(new sdk.DecryptCommand({ CiphertextBlob: new Uint8Array([1]) }));
    return sent.then(
      () => 'sent',
      (e: { host?: string; message: string }) => e.host ?? e.message,
    );
  }

  const partitionsFile = () =>
    createRequire(import.meta.url)
      .resolve('@aws-sdk/core/client')
      .replace(/dist-cjs.*$/, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const installedRegions = (): string[] => {
    const source = readFileSync(partitionsFile(), 'utf8').replace(
      /^export const partitionsInfo = |;\s*$/g,
      '',
    );
    const { partitions } = JSON.parse(source) as { partitions: { regions: object }[] };
    return partitions.flatMap(({ regions }) => Object.keys(regions));
  };

  it('applies to the installed SDK', () => {
    const file = createRequire(import.meta.url)
      .resolve('@aws-sdk/core/client')
      .replace(/dist-cjs.*$/, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
    const source = readFileSync(file, 'utf8');
    const trimmed = partitionsWithoutDescriptions(source);
    expect(source).toContain('Africa (Cape Town)');
    expect(trimmed).toBeDefined();
    expect(trimmed).not.toContain('Africa (Cape Town)');
    expect(trimmed).toContain('"af-south-1":{}');
    const matched = partitionsWithoutMatchedRegions(trimmed!);
    expect(matched).toBeDefined();
    expect(matched).not.toContain('"af-south-1"');
    expect(matched).toContain('"aws-global":{}');
  });

  it('resolves every region to the same partition and endpoint as the installed SDK', async () => {
    const full = {
      ...(await import('@aws-sdk/client-dynamodb')),
      ...(await import('@aws-sdk/client-kms')),
      ...(await import('@aws-sdk/core/client')),
    } as unknown as EndpointSdk;
    const trimmed = (await importBundled(ENDPOINT_ENTRY))['sdk'] as EndpointSdk;
    const regions = [
      'eu-west-1',
      'us-east-1',
      'eu-central-2',
      'aws-global',
      'cn-north-1',
      'us-gov-west-1',
      'us-iso-east-1',
      'us-isob-east-1',
      'eu-isoe-west-1',
      'us-isof-south-1',
      'eusc-de-east-1',
      'xx-nowhere-9',
      'mars-1',
      // Every region of the installed table.
      ...installedRegions(),
    ];
    for (const region of regions) {
      const { description: _, ...expected } = full.partition(region);
      expect(trimmed.partition(region), region).toEqual(expected);
      for (const options of [{}, { useFipsEndpoint: true }, { useDualstackEndpoint: true }]) {
        for (const service of ['dynamo', 'kms'] as const) {
          const host = await hostOf(trimmed, service, region, options);
          expect(host, `${service} ${region} ${JSON.stringify(options)}`).toBe(
            await hostOf(full, service, region, options),
          );
        }
      }
    }
    expect(await hostOf(trimmed, 'dynamo', 'eu-west-1', {})).toBe('dynamodb.eu-west-1.amazonaws.com');
    expect(await hostOf(trimmed, 'kms', 'cn-north-1', {})).toBe('kms.cn-north-1.amazonaws.com.cn');
  }, 60_000);
});

describe('the global process for "node:process" (processGlobal)', () => {
  const USER_AGENT_ENTRY = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
export const sdk = { DynamoDBClient, GetItemCommand };
`;
  type UserAgentSdk = Pick<Sdk, 'DynamoDBClient' | 'GetItemCommand'>;

  /** The user-agent headers a client sends, caught by a request handler that sends nothing. */
  async function userAgentOf(sdk: UserAgentSdk): Promise<Record<string, string>> {
    const client = new sdk.DynamoDBClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      requestHandler: {
        handle: (request: { headers: Record<string, string> }) =>
          Promise.reject(Object.assign(new Error('not sent'), { headers: request.headers })),
      },
    });
    const headers = await client
      .send(new sdk.GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }))
      .then(
        (): Record<string, string> => ({}),
        (e: { headers?: Record<string, string> }) => e.headers ?? {},
      );
    return {
      'user-agent': headers['user-agent'] ?? '',
      'x-amz-user-agent': headers['x-amz-user-agent'] ?? '',
    };
  }

  it('leaves Node’s ES module of process out of a bundle', async () => {
    expect(await bundled(USER_AGENT_ENTRY)).not.toMatch(/from\s*"(node:)?process"/);
  }, 30_000);

  /** The entry bundled without processGlobal (Node's ES module of process imported), imported. */
  async function importedWithNodeProcess(entry: string): Promise<Record<string, unknown>> {
    const options = bundleOptions('unused.ts', 'out.mjs');
    const built = await build({
      ...options,
      plugins: options.plugins!.filter((plugin) => plugin.name !== processGlobal.name),
      entryPoints: undefined,
      stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
      outfile: undefined,
      write: false,
      sourcemap: false,
    });
    const code = built.outputFiles[0]!.text;
    expect(code).toMatch(/from\s*"node:process"/);
    const file = join(mkdtempSync(join(tmpdir(), 'relais-sdk-trim-')), 'entry.mjs');
    writeFileSync(file, code);
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  }

  it('sends the same user agent as with Node’s module, the Lambda environment and Node version in it', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs20.x');
    try {
      const full = (await importedWithNodeProcess(USER_AGENT_ENTRY))['sdk'] as UserAgentSdk;
      const trimmed = (await importBundled(USER_AGENT_ENTRY))['sdk'] as UserAgentSdk;
      const sent = await userAgentOf(trimmed);
      expect(sent['user-agent']).toContain('exec-env/AWS_Lambda_nodejs20.x');
      expect(sent['user-agent']).toContain(`md/nodejs#${process.versions.node}`);
      expect(sent).toEqual(await userAgentOf(full));
    } finally {
      vi.unstubAllEnvs();
    }
  }, 30_000);
});

describe('web streams loaded only where one is used (webStreamsOnUse)', () => {
  it('applies to the installed middy and SDK', () => {
    const require = createRequire(import.meta.url);
    const middy = readFileSync(require.resolve('@middy/core'), 'utf8');
    const check = readFileSync(
      require
        .resolve('@smithy/core/serde')
        .replace(/dist-cjs.*$/, 'dist-es/submodules/serde/util-stream/stream-type-check.js'),
      'utf8',
    );
    expect(middyWithoutWebStreamsImport(middy)).not.toContain('node:stream/web');
    expect(streamCheckWithoutWebStreams(check)).toContain('__NodeReadable');
    expect(middyWithoutWebStreamsImport('import { ReadableStream } from "x";')).toBeUndefined();
    expect(streamCheckWithoutWebStreams('export const isReadableStream = () => true;')).toBeUndefined();
  });

  const STREAMS_ENTRY = `
import middy from '@middy/core';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { isReadableStream, streamCollector } from '@smithy/core/serde';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
export async function run() {
  const webStreams = () => process.moduleLoadList.includes('NativeModule internal/webstreams/readablestream');
  const server = createServer((req, res) => { req.resume(); req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify({ Item: { pk: { S: 'x' } } }));
  }); });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const endpoint = 'http://127.0.0.1:' + server.address().port;
  const dynamo = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const handler = middy().handler(async (event) => {
    const read = await dynamo.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: event.id } } }));
    return read.Item.pk.S;
  });
  const answered = await handler({ id: 'x' }, {});
  const collected = Buffer.from(await streamCollector(Readable.from([Buffer.from('ab'), Buffer.from('c')]))).toString();
  const nodeStream = isReadableStream(Readable.from(['a']));
  const loadedBefore = webStreams();
  const webStream = isReadableStream(new ReadableStream());
  const webCollected = Buffer.from(await streamCollector(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([100])); c.close(); } }))).toString();
  server.close();
  return { answered, collected, nodeStream, loadedBefore, webStream, webCollected };
}
`;

  it('answers, collects Node and web streams, and loads no web streams until one is used', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'relais-sdk-trim-')), 'entry.mjs');
    writeFileSync(file, await bundled(STREAMS_ENTRY));
    const code = readFileSync(file, 'utf8');
    expect(code).not.toContain('node:stream/web');
    // A fresh process: this one has loaded web streams long ago.
    const { stdout } = await execFileAsync(process.execPath, [
      '--input-type=module',
      '-e',
      `const { run } = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify(await run()));`,
    ]);
    expect(JSON.parse(stdout)).toEqual({
      answered: 'x',
      collected: 'abc',
      nodeStream: false,
      loadedBefore: false,
      webStream: true,
      webCollected: 'd',
    });
  }, 30_000);
});

describe('the S3 endpoint parameters left out (noS3Customizations)', () => {
  it('applies to the installed SDK', () => {
    const file = createRequire(import.meta.url)
      .resolve('@smithy/core/endpoints')
      .replace(
        /dist-cjs.*$/,
        'dist-es/submodules/endpoints/middleware-endpoint/service-customizations/s3.js',
      );
    const source = readFileSync(file, 'utf8');
    const trimmed = noS3EndpointParams(source);
    expect(trimmed).toBeDefined();
    expect(trimmed).not.toContain('ForcePathStyle');
  });

  it('says what is missing if a bundle ever resolves an S3 endpoint', async () => {
    const { sdk } = await importBundled(`
import { resolveParams } from '@smithy/core/endpoints';
export const sdk = { resolve: () => resolveParams({}, {}, { serviceId: 'S3' }) };
`);
    await expect((sdk as { resolve: () => Promise<unknown> }).resolve()).rejects.toThrow(
      /S3 endpoint parameters are not bundled/,
    );
  });
});

describe('the adaptive retry mode left out (noAdaptiveRetry)', () => {
  it('says what is missing if a client ever asks for it', async () => {
    const { sdk } = await importBundled(`
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
export const sdk = {
  send: (retryMode) =>
    new DynamoDBClient({
      region: 'eu-west-1',
      retryMode,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { handle: () => Promise.reject(new Error('not sent')) },
    }).send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } })),
};
`);
    const { send } = sdk as { send: (mode: string) => Promise<unknown> };
    await expect(send('adaptive')).rejects.toThrow(/adaptive retry mode is not bundled/);
    await expect(send('standard')).rejects.toThrow(/not sent/);
  });
});

describe('the SDK’s Node version warning left out (noNodeVersionWarning)', () => {
  it('is one the functions’ runtime would never give (Node 22 or later)', () => {
    const runtime = readFileSync(join(PROJECT_ROOT, 'infra/constructs/node-function.ts'), 'utf8');
    const major = Number(/NODE_RUNTIME = lambda\.Runtime\.NODEJS_(\d+)_X;/.exec(runtime)?.[1]);
    const warning = readFileSync(
      createRequire(import.meta.url)
        .resolve('@aws-sdk/core/client')
        .replace(/dist-cjs.*$/, 'dist-es/submodules/client/emitWarningIfUnsupportedVersion.js'),
      'utf8',
    );
    const required = Number(/const vv = (\d+);/.exec(warning)?.[1]);
    expect(required).toBeGreaterThan(0);
    expect(major).toBeGreaterThanOrEqual(required);
  });
});

describe('hono’s Lambda adapter for HTTP API events only (honoHttpApiEventsOnly)', () => {
  const HONO_ENTRY = `
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
export const handler = handle(new Hono().get('/ping', (c) => c.text('pong')));
`;

  it('applies to the installed hono', () => {
    const file = createRequire(import.meta.url)
      .resolve('hono/aws-lambda')
      .replace(/[^\\/]+$/, 'handler.js')
      .replace(/[\\/]cjs[\\/]/, '/');
    const trimmed = honoWithoutAlbAndLattice(readFileSync(file, 'utf8'));
    expect(trimmed).toBeDefined();
    expect(trimmed).not.toContain('return albProcessor;');
    expect(trimmed).not.toContain('return latticeV2Processor;');
  });

  it('answers an HTTP API (payload 2.0) event and refuses an ALB or VPC Lattice one, saying why', async () => {
    const { handler } = (await importBundled(HONO_ENTRY)) as {
      handler: (event: object, context: object) => Promise<{ statusCode: number; body: string }>;
    };
    const v2 = {
      version: '2.0',
      rawPath: '/ping',
      rawQueryString: '',
      headers: { host: 'example.org' },
      requestContext: { http: { method: 'GET', path: '/ping' }, domainName: 'example.org' },
      isBase64Encoded: false,
    };
    const answer = await handler(v2, {});
    expect([answer.statusCode, answer.body]).toEqual([200, 'pong']);
    const alb = { httpMethod: 'GET', path: '/ping', headers: {}, requestContext: { elb: {} } };
    await expect(handler(alb, {})).rejects.toThrow(/ALB events are not bundled/);
    const lattice = { method: 'GET', path: '/ping', headers: {}, requestContext: { serviceArn: 'arn' } };
    await expect(handler(lattice, {})).rejects.toThrow(/VPC Lattice events are not bundled/);
  });
});

/** Every AWS SDK client Relais depends on (package.json), whichever functions bundle it. */
const BUNDLED_CLIENTS = Object.keys(
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: object })
    .dependencies,
)
  .filter((name) => name.startsWith('@aws-sdk/client-'))
  .map((name) => name.slice('@aws-sdk/'.length));

/** Every schema a client's schemas module exports (schemas/schemas_0.js, as installed). */
async function clientSchemas(client: string): Promise<unknown[]> {
  const file = createRequire(import.meta.url)
    .resolve(`@aws-sdk/${client}`)
    .replace(/dist-cjs.*$/, 'dist-es/schemas/schemas_0.js');
  return Object.values((await import(pathToFileURL(file).href)) as Record<string, unknown>);
}

/** An installed @smithy/core ES module, as the bundles read it (dist-es). */
function smithyModule(subpath: string, file: string): string {
  return createRequire(import.meta.url)
    .resolve(`@smithy/core/${subpath}`)
    .replace(/dist-cjs.*$/, `dist-es/submodules/${file}`);
}

describe('timestamps as epoch seconds only in the JSON codec (epochSecondsTimestamps)', () => {
  it('applies to the installed SDK', () => {
    const read = epochSecondsRead(
      readFileSync(smithyModule('protocols', 'protocols/json/codec-v2/JsonShapeDeserializer2.js'), 'utf8'),
    );
    const written = epochSecondsWritten(
      readFileSync(smithyModule('protocols', 'protocols/json/codec-v2/JsonShapeSerializer2.js'), 'utf8'),
    );
    expect(read).toBeDefined();
    expect(read).not.toContain('parseRfc3339DateTimeWithOffset(value)');
    expect(written).toBeDefined();
    expect(written).not.toContain('dateToUtcString(value)');
  });

  it('leave out no format a bundled client uses: every timestamp of theirs is epoch seconds', async () => {
    const { NormalizedSchema } = await import('@smithy/core/schema');
    type Ns = ReturnType<typeof NormalizedSchema.of>;
    expect(BUNDLED_CLIENTS).toEqual(
      expect.arrayContaining(['client-dynamodb', 'client-kms', 'client-secrets-manager']),
    );
    for (const client of BUNDLED_CLIENTS) {
      const formats = new Map<number, string[]>();
      const seen = new Set<unknown>();
      const visit = (ns: Ns, at: string): void => {
        if (ns.isTimestampSchema()) {
          const format = ns.getSchema() as number;
          formats.set(format, [...(formats.get(format) ?? []), at]);
        } else if (ns.isStructSchema()) {
          if (seen.has(ns.getSchema())) return;
          seen.add(ns.getSchema());
          for (const [name, member] of ns.structIterator()) visit(member, `${at}.${name}`);
        } else if (ns.isListSchema() || ns.isMapSchema()) {
          visit(ns.getValueSchema(), `${at}[]`);
        }
      };
      for (const schema of await clientSchemas(client)) {
        if (Array.isArray(schema) && schema[0] === 3) visit(NormalizedSchema.of(schema as never), schema[2]);
      }
      // 4: a timestamp without a format trait, which the JSON protocols write and read as epoch seconds;
      // 7: epoch seconds said so.
      expect(
        [...formats.keys()].filter((f) => f !== 4 && f !== 7),
        `${client}: ${[...formats]}`,
      ).toEqual([]);
      if (client === 'client-dynamodb')
        expect(formats.get(4)?.some((at) => at.endsWith('.CreationDateTime'))).toBe(true);
    }
  });

  it('read and write a timestamp as the installed SDK does, and say what is missing for another format', async () => {
    const TIMESTAMPS_ENTRY = `
import { DescribeTableCommand, DynamoDBClient, ListBackupsCommand } from '@aws-sdk/client-dynamodb';
import { JsonCodec2 } from '@smithy/core/protocols';
export const sdk = { DescribeTableCommand, DynamoDBClient, ListBackupsCommand, JsonCodec2 };
`;
    type Client = { send(command: unknown): Promise<Record<string, unknown>> };
    type Codecs = {
      DynamoDBClient: new (config: object) => Client;
      DescribeTableCommand: new (input: object) => unknown;
      ListBackupsCommand: new (input: object) => unknown;
      JsonCodec2: new (
        settings: object,
      ) => {
        createDeserializer(): { read(schema: unknown, data: string): Promise<unknown> };
        createSerializer(): { write(schema: unknown, value: unknown): void; flush(): unknown };
      };
    };
    const bundledSdk = (await importBundled(TIMESTAMPS_ENTRY)).sdk as Codecs;
    const installed = {
      ...(await import('@aws-sdk/client-dynamodb')),
      ...(await import('@smithy/core/protocols')),
    } as unknown as Codecs;
    const sent: string[] = [];
    const answer = JSON.stringify({ Table: { TableName: 't', CreationDateTime: 1764979200.123 } });
    const run = async (sdk: Codecs) => {
      const client = new sdk.DynamoDBClient({
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
        requestHandler: {
          handle: async (request: { body: string; headers: Record<string, string> }) => {
            sent.push(String(request.body));
            const { Readable } = await import('node:stream');
            return {
              response: {
                statusCode: 200,
                headers: { 'content-type': 'application/x-amz-json-1.0' },
                body: Readable.from([Buffer.from(answer)]),
              },
            };
          },
        },
      });
      const described = await client.send(new sdk.DescribeTableCommand({ TableName: 't' }));
      await client.send(
        new sdk.ListBackupsCommand({ TimeRangeLowerBound: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 600)) }),
      );
      return (described['Table'] as { CreationDateTime: Date }).CreationDateTime;
    };
    const fromBundle = await run(bundledSdk);
    const fromInstalled = await run(installed);
    expect(fromBundle).toBeInstanceOf(Date);
    expect(fromBundle.toISOString()).toBe('2025-12-06T00:00:00.123Z');
    expect(fromBundle.getTime()).toBe(fromInstalled.getTime());
    expect(sent[1]).toContain('"TimeRangeLowerBound":1767323045.6');
    expect(sent[1]).toBe(sent[3]);

    const settings = { timestampFormat: { useTrait: true, default: 7 }, jsonName: false };
    const codec = new bundledSdk.JsonCodec2(settings);
    // 5: a date-time (RFC 3339) trait, 6: an HTTP date one; no bundled client's shape has either.
    await expect(codec.createDeserializer().read(5, '"2026-01-02T03:04:05Z"')).rejects.toThrow(
      /RFC 3339 \(date-time\) timestamps are not bundled/,
    );
    expect(() => codec.createSerializer().write(6, new Date(0))).toThrow(
      /HTTP date timestamps are not bundled/,
    );
    const installedCodec = new installed.JsonCodec2(settings);
    expect(await installedCodec.createDeserializer().read(5, '"2026-01-02T03:04:05Z"')).toEqual(
      new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    );
  }, 30_000);
});

describe('host prefixes left out (noHostPrefixes)', () => {
  it('applies to the installed SDK', () => {
    const source = readFileSync(smithyModule('protocols', 'protocols/HttpProtocol.js'), 'utf8');
    const trimmed = noHostPrefixes(staticEventStreamsImport(source) ?? source);
    expect(trimmed).toBeDefined();
    expect(trimmed).not.toContain('HttpBindingNormalizedSchema.of');
  });

  it('leave out nothing a bundled client uses: no operation of theirs has a host prefix', async () => {
    let operations = 0;
    for (const client of BUNDLED_CLIENTS) {
      for (const schema of await clientSchemas(client)) {
        if (!Array.isArray(schema) || schema[0] !== 9) continue;
        operations += 1;
        const traits = schema[3] as unknown;
        expect(typeof traits === 'object' && traits !== null && 'endpoint' in traits, String(schema[2])).toBe(
          false,
        );
      }
    }
    expect(operations).toBeGreaterThan(100);
  });

  it('are refused, saying why, by a bundle whose protocol meets one', async () => {
    const HOST_PREFIX_ENTRY = `
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { operation } from '@smithy/core/schema';
// An operation as the SDK's serialisation middleware gives it to the protocol.
export const prefix = (endpoint) => {
  const input = [3, 'ns', 'In', 0, ['Name'], [[0, { hostLabel: 1 }]]];
  const op = operation('ns', 'Op', endpoint ? { endpoint: ['{Name}.'] } : 0, input, [3, 'ns', 'Out', 0, [], []]);
  const request = { hostname: 'example.org', headers: {} };
  new AwsJson1_0Protocol({ defaultNamespace: 'ns', serviceTarget: 'S' }).setHostPrefix(request, op, { Name: 'a' });
  return request.hostname;
};
`;
    const { prefix } = (await importBundled(HOST_PREFIX_ENTRY)) as { prefix: (endpoint: boolean) => string };
    expect(prefix(false)).toBe('example.org');
    expect(() => prefix(true)).toThrow(/Host prefixes \(the endpoint trait\) are not bundled/);
    // The installed SDK, for the same operation, puts the prefix in front of the host name.
    const file = join(mkdtempSync(join(tmpdir(), 'relais-sdk-trim-')), 'entry.mjs');
    writeFileSync(file, HOST_PREFIX_ENTRY);
    const installed = (await import(pathToFileURL(file).href)) as { prefix: (endpoint: boolean) => string };
    expect(installed.prefix(true)).toBe('a.example.org');
  });
});
