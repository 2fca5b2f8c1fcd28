import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

/*
 * esbuild plugins for the AWS SDK v3 clients (and middy, and hono's Lambda adapter) every function
 * bundles, each keeping the library's own code and behaviour and dropping only bytes no code path of
 * Relais reads or work at start that nothing needs (those added since are documented where they are
 * defined, below: `staticEventStreams`, `noBrowserUserAgentParser`, `partitionsWithoutMatchedRegions`,
 * `noS3Customizations`, `noAdaptiveRetry`, `noNodeVersionWarning`, `honoHttpApiEventsOnly`,
 * `epochSecondsTimestamps`, `noHostPrefixes`):
 *
 * - `sdkVersionOnly`: a client imports its whole package.json (2 KB of scripts, dependencies, keywords)
 *   for one field, `packageInfo.version`, the user agent's client version (runtimeConfig.js). The
 *   import resolves to `{ "version": ... }` alone.
 * - `pureSchemaKeys`: a client's schemas (schemas/schemas_0.js: one array per shape, operation and error
 *   of the whole service) name their traits by computed keys, `{ [_h]: [...] }`, where `_h` is a string
 *   constant of the module. esbuild must assume a computed key may run code (its conversion to a
 *   property key), so it keeps every schema of the service, used or not: 48 KB of SES v2's for the one
 *   SendEmail. The keys are written with the constant's string itself, `{ ["http"]: [...] }`: the same
 *   object, and now the schemas of operations a function never sends are left out.
 * - `compactErrorClasses`: a client's error classes (models/errors.js: one class per error of the whole
 *   service, 213 in the clients Relais bundles, all kept, as the schemas register each one) are written
 *   out one by one, ~300 bytes each once minified. The module is rewritten as one small class factory
 *   and a call per error: the same exported classes, each named as before, extending the service's
 *   exception, with the same `name`, `$fault`, `$retryable` and fields copied from the response
 *   (`instanceof` and `.name` checks answer as before; sdk-trim.test.ts shows both on a real DynamoDB
 *   conditional failure). A module not in the exact shape this expects is left as it is.
 * - `nativeSha256`: the SDK's SHA-256 (request signing, checksums) is Node's `crypto` where it works,
 *   else a hash written in JavaScript (3.3 KB), for a runtime without native crypto. Node on Lambda has
 *   it, so the native class is the one bundled.
 * - `noInstanceMetadataRegion`: a client given no region (no `AWS_REGION`) asks the EC2 instance
 *   metadata service for it (an HTTP client for 169.254.169.254, a second's timeout). Lambda sets
 *   `AWS_REGION` and has no such service: the question answers at once that there is none, and a client
 *   without a region fails at once ("Region is missing"), not a second later.
 * - `noSharedConfigFiles`: each client looks for its settings (region, retry mode, endpoints...) in the
 *   environment, then in the shared config and credentials files (~/.aws/config, ~/.aws/credentials),
 *   read and parsed at its first use. A Lambda function has no such files: the runtime sets the
 *   environment, which is where the credentials come from too (env-credentials.ts). The loader answers
 *   that there are none, without its ini parser or the reads.
 * - `noRegionDescriptions`: the partitions table the endpoint rules resolve a region with names each
 *   region for people ("Africa (Cape Town)"), which no rule reads: the names are left out.
 * - `pureSchemaKeys` also leaves out the error shapes of errors no code tells apart (`dropErrorShapes`).
 * - `processGlobal`: the SDK's user agent imports `env` and `versions` from "node:process". Node makes
 *   that ES module by copying every property of `process`, running each lazy getter
 *   (`allowedNodeEnvironmentFlags` builds a set of every flag Node takes): 2–4 ms of CPU at every
 *   cold start, for two objects the global `process` holds. The import is answered from the global.
 * - `webStreamsOnUse`: Node loads its web streams (1–2 ms of CPU) on the first use of the global
 *   `ReadableStream` or an import of "node:stream/web". middy's core imports it at load for its
 *   response-streaming mode, which no Relais handler uses, and the SDK's stream collector asks whether
 *   each response body is one (`typeof ReadableStream`) before collecting it as the Node stream it is.
 *   middy reads the global at that one use instead (the same class), and the SDK answers "no" for a
 *   Node stream without asking (a Node `Readable` is not a web `ReadableStream`): the web streams load
 *   only where one is used.
 */

/** Rewrites a module's source, or answers `undefined` when it is not in the shape the rewrite expects. */
type Rewrite = (source: string, path: string) => string | undefined;

/** Rewrites in turn, each on what the one before left (one that does not apply leaves it as it was). */
const inTurn =
  (...rewrites: readonly Rewrite[]): Rewrite =>
  (source, path) =>
    rewrites.reduce((text, rewrite) => rewrite(text, path) ?? text, source);

/**
 * A plugin that rewrites each module one of its filters matches. A module not in the shape its rewrite
 * expects is bundled as it is: the tests of each rewrite check that it applies to the installed package.
 */
function rewriting(name: string, rules: readonly (readonly [RegExp, Rewrite])[]): Plugin {
  return {
    name,
    setup(build) {
      for (const [filter, rewrite] of rules) {
        build.onLoad({ filter }, async ({ path }) => {
          const source = await readFile(path, 'utf8');
          return { contents: rewrite(source, path) ?? source, loader: 'js' };
        });
      }
    },
  };
}

/** A plugin that bundles the module `filter` matches as `lines` (a stub that says what Lambda has instead). */
function replacing(name: string, filter: RegExp, lines: readonly string[]): Plugin {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, () => ({ contents: lines.join('\n'), loader: 'js' }));
    },
  };
}

/**
 * The statement a trim leaves where it dropped what no Relais call reaches: should a call ever reach it,
 * it fails there, saying what is missing and where it was left out.
 */
const notBundled = (what: string): string =>
  `throw new Error(${JSON.stringify(`${what} not bundled in Relais functions (infra/bundling/sdk-trim.ts)`)});`;

const SDK_PACKAGE_JSON = /[\\/]node_modules[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/;
const SDK_SCHEMAS = /[\\/]node_modules[\\/]@aws-sdk[\\/][^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

export const sdkVersionOnly: Plugin = {
  name: 'relais-sdk-version-only',
  setup(build) {
    build.onLoad({ filter: SDK_PACKAGE_JSON }, async ({ path }) => {
      const { version } = JSON.parse(await readFile(path, 'utf8')) as { version: string };
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};

/** `source` with each computed key naming a top-level string constant written as that string. */
export function inlineComputedKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const [, name, value] of source.matchAll(/^const (\w+) = ("(?:[^"\\\n]|\\.)*");$/gm))
    constants.set(name!, value!);
  return source.replace(/([{,]\s*)\[(\w+)\]:/g, (whole, before: string, name: string) => {
    const value = constants.get(name);
    return value === undefined ? whole : `${before}[${value}]:`;
  });
}

/**
 * The SDK errors Relais tells apart by class or name (`instanceof`, `.name ===`), in the functions and
 * in local/: their shapes stay registered, so each is built as its class with its fields read through
 * its schema. sdk-trim.test.ts fails if the code names an SDK error not listed here.
 */
export const INSPECTED_SDK_ERRORS: readonly string[] = [
  'ConditionalCheckFailedException',
  'TransactionCanceledException',
  'UsernameExistsException',
  'TrimmedDataAccessException',
  'ResourceInUseException',
  'ResourceNotFoundException',
];

/**
 * The errors the SDK's retry strategy tells apart by name (service-error-classification/constants.js:
 * throttling, transient, clock skew). It reads only the name, which an error without a shape keeps, but
 * they stay registered all the same, as the classes a reader of the retry code expects.
 */
const RETRY_NAMED_ERRORS: readonly string[] = [
  'AccessDeniedException',
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
];

// One error shape of a client's schemas and its registration, as every client writes them; the groups:
// the shape's name, its traits.
const ERROR_SHAPE =
  /^export var (\w+)\$ = \[-3, n0, _\w+,\n {4}(\{[^\n]*\}),\n(?: {4}[^\n]*\n)*?\];\nn0_registry\.registerError\(\1\$, \1\);\n/gm;

/**
 * A client's schemas without the error shapes of errors that no code tells apart, or `undefined` if
 * there is none to leave out. Kept: the errors in `keep`, every server error (`$fault` then comes from
 * the shape, not the status code) and every error whose class is retryable (`retryable`, its
 * `$retryable`, which the retry strategy reads). An error the service answers with and the client has
 * no shape for is thrown by the SDK (ProtocolLib.getErrorSchemaOrThrowBaseException) as the service's
 * exception (`DynamoDBServiceException`…) with the error's code as its `name`, `$fault` from the status
 * code, `$metadata`, the message and the body's fields: what the retry strategy reads (name, status,
 * `$retryable`) is the same, only its class is the service's.
 */
export function dropErrorShapes(
  source: string,
  keep: ReadonlySet<string>,
  retryable: ReadonlySet<string>,
): string | undefined {
  let dropped = 0;
  const trimmed = source.replace(ERROR_SHAPE, (whole, name: string, traits: string) => {
    if (keep.has(name) || retryable.has(name) || !/\[(?:_e|"error")\]: (?:_c|"client")\b/.test(traits))
      return whole;
    dropped += 1;
    return '';
  });
  return dropped === 0 ? undefined : trimmed;
}

/** The names of the classes of a client's models/errors.js that are retryable (`$retryable = {};`). */
export function retryableErrors(errorsSource: string): Set<string> {
  return new Set(
    [
      ...errorsSource.matchAll(/\n {4}name = "(\w+)";\n(?: {4}\$fault = "\w+";\n)? {4}\$retryable = \{\};/g),
    ].map(([, n]) => n!),
  );
}

const KEPT_ERRORS = new Set([...INSPECTED_SDK_ERRORS, ...RETRY_NAMED_ERRORS]);

export const pureSchemaKeys: Plugin = {
  name: 'relais-pure-schema-keys',
  setup(build) {
    build.onLoad({ filter: SDK_SCHEMAS }, async ({ path }) => {
      const source = inlineComputedKeys(await readFile(path, 'utf8'));
      const client = join(dirname(path), '..');
      const [errors, runtime] = await Promise.all([
        readFile(join(client, 'models', 'errors.js'), 'utf8').catch(() => undefined),
        readFile(join(client, 'runtimeConfig.shared.js'), 'utf8').catch(() => undefined),
      ]);
      // A query-compatible client (SQS) names an error without a shape by its query code: left as it is.
      const trimmable =
        errors !== undefined && runtime !== undefined && !runtime.includes('awsQueryCompatible');
      const contents = trimmable ? dropErrorShapes(source, KEPT_ERRORS, retryableErrors(errors)) : undefined;
      return { contents: contents ?? source, loader: 'js' };
    });
  },
};

const SDK_ERRORS = /[\\/]node_modules[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]models[\\/]errors\.js$/;

const ERRORS_IMPORT = /^import \{ (\w+) as __BaseException \} from "(\.\/\w+)";\n/;
// One class of models/errors.js, as every client writes it; the groups: class, name, $fault, $retryable,
// declared fields, name and $fault given to the exception, class again, fields copied from `opts`.
const ERROR_CLASS = new RegExp(
  [
    'export class (\\w+) extends __BaseException \\{',
    '    name = "(\\w+)";',
    '    \\$fault = "(client|server)";',
    '((?:    \\$retryable = \\{\\};\\n)?)((?:    \\w+;\\n)*)    constructor\\(opts\\) \\{',
    '        super\\(\\{',
    '            name: "(\\w+)",',
    '            \\$fault: "(client|server)",',
    '            \\.\\.\\.opts,',
    '        \\}\\);',
    '        Object\\.setPrototypeOf\\(this, (\\w+)\\.prototype\\);',
    '((?:        this\\.(\\w+) = opts\\.\\10;\\n)*)    \\}',
    '\\}\\n',
  ].join('\\n'),
  'y',
);

/**
 * A client's models/errors.js as one factory and a call per class, or `undefined` if the module is not
 * in the shape every class of the bundled clients has (then it is bundled as it is).
 */
export function compactErrors(source: string): string | undefined {
  const head = ERRORS_IMPORT.exec(source);
  if (head === null) return undefined;
  const errors: string[] = [];
  ERROR_CLASS.lastIndex = head[0].length;
  while (ERROR_CLASS.lastIndex < source.length) {
    const at = ERROR_CLASS.lastIndex;
    const m = ERROR_CLASS.exec(source);
    if (m === null || m.index !== at) return undefined;
    const [, cls, name, fault, retryable, declared, superName, superFault, self, assigned] = m;
    const fields = [...declared!.matchAll(/(\w+);/g)].map(([, f]) => f!);
    const copied = [...assigned!.matchAll(/this\.(\w+) = opts\.\1;/g)].map(([, f]) => f!);
    if (name !== cls || superName !== cls || self !== cls || superFault !== fault) return undefined;
    if (fields.join() !== copied.join()) return undefined;
    const args = [
      JSON.stringify(name),
      JSON.stringify(fault),
      retryable ? '1' : '0',
      ...fields.map((f) => JSON.stringify(f)),
    ];
    errors.push(`export const ${cls} = /* @__PURE__ */ error(${args.join(', ')});`);
  }
  return [
    `import { ${head[1]} as __BaseException } from "${head[2]}";`,
    '// One class per error, as the module this replaces wrote out (infra/bundling/sdk-trim.ts).',
    'const error = (name, $fault, retryable, ...fields) => {',
    '  const E = { [name]: class extends __BaseException {',
    '    constructor(opts) {',
    '      super({ name, $fault, ...opts });',
    '      this.name = name;',
    '      this.$fault = $fault;',
    '      if (retryable) this.$retryable = {};',
    '      Object.setPrototypeOf(this, E.prototype);',
    '      for (const field of fields) this[field] = opts[field];',
    '    }',
    '  } }[name];',
    '  return E;',
    '};',
    ...errors,
    '',
  ].join('\n');
}

export const compactErrorClasses = rewriting('relais-compact-error-classes', [[SDK_ERRORS, compactErrors]]);

const SDK_SHA256_NODE =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]checksum[\\/]sha256[\\/]Sha256Node\.js$/;

/** Sha256Node.js with its native class alone, or `undefined` if it is not in the shape this expects. */
export function nativeSha256Only(source: string): string | undefined {
  const fallback = 'import { Sha256Js } from "./Sha256Js";\n';
  const choice = 'export const Sha256Node = hasNativeCrypto ? buildNativeClass() : Sha256Js;';
  if (!source.includes(fallback) || !source.includes(choice)) return undefined;
  return source
    .replace(fallback, '')
    .replace(
      choice,
      '// Node on Lambda has native SHA-256 (infra/bundling/sdk-trim.ts).\nexport const Sha256Node = buildNativeClass();',
    );
}

export const nativeSha256 = rewriting('relais-native-sha256', [[SDK_SHA256_NODE, nativeSha256Only]]);

const INSTANCE_METADATA_REGION =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]config[\\/]config-resolver[\\/]regionConfig[\\/]getInstanceMetadataRegion\.js$/;

export const noInstanceMetadataRegion = replacing(
  'relais-no-instance-metadata-region',
  INSTANCE_METADATA_REGION,
  [
    '// Lambda: AWS_REGION is set, and there is no instance metadata service to ask.',
    'export const getInstanceMetadataRegion = async () => undefined;',
  ],
);

const SHARED_CONFIG_LOADER =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]config[\\/]shared-ini-file-loader[\\/]loadSharedConfigFiles\.js$/;

export const noSharedConfigFiles = replacing('relais-no-shared-config-files', SHARED_CONFIG_LOADER, [
  'export { CONFIG_PREFIX_SEPARATOR } from "./constants";',
  '// Lambda: no shared config or credentials files; the environment holds the settings.',
  'export const loadSharedConfigFiles = async () => ({ configFile: {}, credentialsFile: {} });',
]);

const SDK_PARTITIONS =
  /[\\/]node_modules[\\/]@aws-sdk[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]util-endpoints[\\/]lib[\\/]aws[\\/]partitions\.js$/;

type PartitionsInfo = { partitions: { regions: Record<string, Record<string, unknown>> }[] };

/**
 * partitions.js with each region's description left out (`"af-south-1": {}`), or `undefined` if it is
 * not in the shape this expects (a region holding anything but its description included). The
 * `aws.partition` function of the endpoint rules returns a partition's outputs merged with the region's
 * entry; no client's rules read `description`, a name for people ("Africa (Cape Town)"). The regions
 * stay, each still resolving to its partition.
 */
export function partitionsWithoutDescriptions(source: string): string | undefined {
  const m = /^export const partitionsInfo = (\{[\s\S]*\});\s*$/.exec(source);
  if (m === null) return undefined;
  const info = JSON.parse(m[1]!) as PartitionsInfo;
  for (const { regions } of info.partitions) {
    for (const [region, entry] of Object.entries(regions)) {
      if (Object.keys(entry).some((key) => key !== 'description')) return undefined;
      regions[region] = {};
    }
  }
  return `export const partitionsInfo = ${JSON.stringify(info)};\n`;
}

/**
 * partitions.js (as `partitionsWithoutDescriptions` writes it) without the regions that its partitions'
 * `regionRegex`, tried in order, place in the same partition anyway (every `us-east-1`-like name), or
 * `undefined` if not in that shape (a region holding anything). `aws.partition` looks a region up by
 * name first, then by the regexes, and answers the partition's outputs merged with the region's entry,
 * here empty: the same answer either way. The regions no regex places (`aws-global`...) stay.
 */
export function partitionsWithoutMatchedRegions(source: string): string | undefined {
  const m = /^export const partitionsInfo = (\{[\s\S]*\});\s*$/.exec(source);
  if (m === null) return undefined;
  const info = JSON.parse(m[1]!) as {
    partitions: { regionRegex: string; regions: Record<string, Record<string, unknown>> }[];
  };
  const byRegex = (region: string) => info.partitions.find((p) => new RegExp(p.regionRegex).test(region));
  for (const partition of info.partitions) {
    for (const [region, entry] of Object.entries(partition.regions)) {
      if (Object.keys(entry).length > 0) return undefined;
      if (byRegex(region) === partition) delete partition.regions[region];
    }
  }
  return `export const partitionsInfo = ${JSON.stringify(info)};\n`;
}

export const noRegionDescriptions = rewriting('relais-no-region-descriptions', [
  [SDK_PARTITIONS, inTurn(partitionsWithoutDescriptions, partitionsWithoutMatchedRegions)],
]);

const S3_CUSTOMIZATIONS =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]endpoints[\\/]middleware-endpoint[\\/]service-customizations[\\/]s3\.js$/;
const S3_PARAMS = /^export const resolveParamsForS3 = async \(endpointParams\) => \{\n[\s\S]*?\n\};\n/m;

/**
 * s3.js with `resolveParamsForS3` (S3's bucket names in endpoint parameters, called for a client whose
 * `serviceId` is S3) saying that S3 is not bundled, or `undefined` if it is not in the shape expected.
 * No Relais function has an S3 client; should one ever, it fails at its first request, saying why.
 */
export function noS3EndpointParams(source: string): string | undefined {
  if (!S3_PARAMS.test(source)) return undefined;
  return source.replace(
    S3_PARAMS,
    `export const resolveParamsForS3 = async () => {\n    ${notBundled('S3 endpoint parameters are')}\n};\n`,
  );
}

export const noS3Customizations = rewriting('relais-no-s3-customizations', [
  [S3_CUSTOMIZATIONS, noS3EndpointParams],
]);

/*
 * No module of a bundle is initialised lazily. esbuild bundles a dynamic `import()` of a bundled module
 * by wrapping that module in an initialiser run at the import, and with it every module it imports; the
 * light fetch classes (esbuild-settings.ts `inject`) are imported by every module, so they would be
 * wrapped too, and each module of the bundle would call their initialiser first (~2.5 KB of `s();` in
 * the api bundle). The SDK has two such imports:
 * - `staticEventStreams`: HttpProtocol.js imports the event-stream codec (no-event-streams.ts, a stub
 *   without side effects) only when an operation streams events. It is imported statically: the same
 *   stub, no initialiser.
 * - `noBrowserUserAgentParser`: the browser's user agent provider imports `bowser`, to parse
 *   `window.navigator.userAgent`; Node never calls it and no bundle keeps it. The import is left
 *   external, out of the bundle's modules.
 */
const HTTP_PROTOCOL =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]HttpProtocol\.js$/;
const EVENT_STREAMS_IMPORT = 'await import("@smithy/core/event-streams")';

/** HttpProtocol.js with the event streams imported statically, or `undefined` if it has no such import. */
export function staticEventStreamsImport(source: string): string | undefined {
  if (!source.includes(EVENT_STREAMS_IMPORT)) return undefined;
  return `import * as __relaisEventStreams from "@smithy/core/event-streams";\n${source.replaceAll(EVENT_STREAMS_IMPORT, '__relaisEventStreams')}`;
}

const HOST_PREFIX_IMPORT =
  'import { getHttpOperationBindings, HttpBindingNormalizedSchema } from "./HttpBindingNormalizedSchema";\n';
const HOST_PREFIX_USE =
  /\n {8}let resolvedHostPrefix = hostPrefix;\n {8}for \(const \[name, \[, flags\]\] of HttpBindingNormalizedSchema\.of\(operationSchema\.input\)[\s\S]*?\n {8}request\.hostname = resolvedHostPrefix \+ request\.hostname;\n {8}if \(!isValidHostname\(request\.hostname\)\) \{\n.*\n {8}\}\n/;

/**
 * HttpProtocol.js refusing an operation with a host prefix (Smithy's `endpoint` trait: a label of the
 * input put in front of the endpoint's host name), or `undefined` if it is not in the shape this
 * expects. No operation of the clients Relais bundles has one (sdk-trim.test.ts checks each), and the
 * protocols of the functions without a REST client (awsJson) need the HTTP bindings schema (3 KB) for
 * nothing else. Should an operation with one ever be sent, it fails, saying why, before it is sent.
 */
export function noHostPrefixes(source: string): string | undefined {
  if (!source.includes(HOST_PREFIX_IMPORT) || !HOST_PREFIX_USE.test(source)) return undefined;
  const trimmed = source
    .replace(
      HOST_PREFIX_IMPORT,
      'import { getHttpOperationBindings } from "./HttpBindingNormalizedSchema";\n',
    )
    .replace(HOST_PREFIX_USE, `\n        ${notBundled('Host prefixes (the endpoint trait) are')}\n`);
  // No other use of the class may be left (its module is still imported, for the operation's bindings).
  return /[^/]HttpBindingNormalizedSchema\b/.test(trimmed) ? undefined : trimmed;
}

/** HttpProtocol.js, with `staticEventStreamsImport` and `noHostPrefixes` where each applies. */
export const staticEventStreams = rewriting('relais-static-event-streams', [
  [HTTP_PROTOCOL, inTurn(staticEventStreamsImport, noHostPrefixes)],
]);

export const noBrowserUserAgentParser: Plugin = {
  name: 'relais-no-browser-user-agent-parser',
  setup(build) {
    build.onResolve({ filter: /^bowser$/ }, ({ kind }) =>
      kind === 'dynamic-import' ? { path: 'bowser', external: true } : undefined,
    );
  },
};

const ADAPTIVE_RETRY =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]retry[\\/]util-retry[\\/]AdaptiveRetryStrategy\.js$/;

/**
 * The SDK's adaptive retry mode (a client-side rate limiter, 3.3 KB), chosen only by `retryMode:
 * 'adaptive'` or `AWS_RETRY_MODE=adaptive`: no client of Relais sets it, nor does the stack set the
 * variable (the shared config files that could are not read: `noSharedConfigFiles`). Should it ever be
 * set, the client's first request fails, saying why, instead of retrying otherwise than asked.
 */
export const noAdaptiveRetry = replacing('relais-no-adaptive-retry', ADAPTIVE_RETRY, [
  'export class AdaptiveRetryStrategy {',
  '    constructor() {',
  `        ${notBundled('The adaptive retry mode is')}`,
  '    }',
  '}',
]);

const NODE_VERSION_WARNING =
  /[\\/]node_modules[\\/]@aws-sdk[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]emitWarningIfUnsupportedVersion\.js$/;

/**
 * The SDK warns once, at a client's first request, when Node is older than the version its next
 * releases will require (22). The functions run on `NODE_RUNTIME` (infra/constructs/node-function.ts,
 * Node 24, which sdk-trim.test.ts checks is new enough): there it never warns, and the warning's text
 * is left out.
 */
export const noNodeVersionWarning = replacing('relais-no-node-version-warning', NODE_VERSION_WARNING, [
  'export const state = { warningEmitted: false };',
  '// Lambda runs Node 24 (infra/constructs/node-function.ts), which the SDK supports.',
  'export const emitWarningIfUnsupportedVersion = () => {};',
]);

const HONO_LAMBDA_HANDLER = /[\\/]node_modules[\\/]hono[\\/]dist[\\/]adapter[\\/]aws-lambda[\\/]handler\.js$/;
const ALB_AND_LATTICE = [
  ['if (isProxyEventALB(event)) return albProcessor;', 'ALB'],
  ['if (isLatticeEventV2(event)) return latticeV2Processor;', 'VPC Lattice'],
] as const;

/**
 * hono's Lambda adapter (hono/aws-lambda) with its ALB and VPC Lattice event processors left out, or
 * `undefined` if it is not in the shape expected. The HTTP functions are invoked by the HTTP API
 * (infra/constructs/http-api.ts, payload format 2.0, hono's `EventV2Processor`); an ALB or VPC Lattice
 * event, which nothing sends them, is refused, saying why, instead of answered.
 */
export function honoWithoutAlbAndLattice(source: string): string | undefined {
  if (ALB_AND_LATTICE.some(([line]) => !source.includes(line))) return undefined;
  let trimmed = source;
  for (const [line, kind] of ALB_AND_LATTICE) {
    const refused = `if (${line.slice(4, line.indexOf(') return'))}) ${notBundled(`${kind} events are`)}`;
    trimmed = trimmed.replace(line, refused);
  }
  // The processors' instances, now unused, are pure so that the bundle leaves them and their classes out.
  return trimmed
    .replace(
      'const albProcessor = new ALBProcessor();',
      'const albProcessor = /* @__PURE__ */ new ALBProcessor();',
    )
    .replace(
      'const latticeV2Processor = new LatticeV2Processor();',
      'const latticeV2Processor = /* @__PURE__ */ new LatticeV2Processor();',
    );
}

export const honoHttpApiEventsOnly = rewriting('relais-hono-http-api-events-only', [
  [HONO_LAMBDA_HANDLER, honoWithoutAlbAndLattice],
]);

const JSON_CODEC_V2 =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]json[\\/]codec-v2[\\/]JsonShape(De)?[sS]erializer2\.js$/;
const RFC3339_READ = `                case 5:
                    return parseRfc3339DateTimeWithOffset(value);
`;
const HTTP_DATE_WRITE = `            case 6: {
                this.writeAsciiQuoted(dateToUtcString(value));
                return;
            }
`;

/**
 * The JSON codec's (JsonShapeDeserializer2.js) reading of a timestamp without its RFC 3339 (date-time)
 * parser, or `undefined` if it is not in the shape this expects. The AWS JSON protocols of the clients
 * Relais bundles (DynamoDB awsJson1_0, KMS and Secrets Manager awsJson1_1) send and answer timestamps as
 * epoch seconds unless a shape's `timestampFormat` says otherwise, and none of theirs does
 * (sdk-trim.test.ts checks every timestamp of the three). A shape that ever did fails, saying why.
 * The HTTP date parser stays: the retry strategy reads a `Retry-After` date with it.
 */
export function epochSecondsRead(source: string): string | undefined {
  if (!source.includes(RFC3339_READ)) return undefined;
  return source.replace(
    RFC3339_READ,
    `                case 5:\n                    ${notBundled('RFC 3339 (date-time) timestamps are')}\n`,
  );
}

/**
 * The JSON codec's (JsonShapeSerializer2.js) writing of a timestamp without its HTTP date writer
 * (`dateToUtcString`), or `undefined` if it is not in the shape this expects: as `epochSecondsRead`.
 */
export function epochSecondsWritten(source: string): string | undefined {
  if (!source.includes(HTTP_DATE_WRITE)) return undefined;
  return source.replace(
    HTTP_DATE_WRITE,
    `            case 6:\n                ${notBundled('HTTP date timestamps are')}\n`,
  );
}

/**
 * The JSON codec reading and writing epoch-seconds timestamps alone (`epochSecondsRead`,
 * `epochSecondsWritten`): the date-time parser and the HTTP date writer left out (~1 KB).
 */
export const epochSecondsTimestamps = rewriting('relais-epoch-seconds-timestamps', [
  [
    JSON_CODEC_V2,
    (source, path) => (/Deserializer2\.js$/.test(path) ? epochSecondsRead : epochSecondsWritten)(source),
  ],
]);

/**
 * The names a bundled module may import from "node:process", each the same object as the global
 * `process`'s property (`process.env` is the object the ES module exports as `env`). A module importing
 * another name fails the build (esbuild: no matching export), and the name is added here.
 */
export const PROCESS_EXPORTS: readonly string[] = ['env', 'versions'];

export const processGlobal: Plugin = {
  name: 'relais-process-global',
  setup(build) {
    build.onResolve({ filter: /^(?:node:)?process$/ }, () => ({
      path: 'process',
      namespace: 'relais-process',
    }));
    build.onLoad({ filter: /.*/, namespace: 'relais-process' }, () => ({
      contents: [
        "// The global `process`, without Node's ES module of it (infra/bundling/sdk-trim.ts processGlobal).",
        'export default process;',
        `export const { ${PROCESS_EXPORTS.join(', ')} } = process;`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const MIDDY_CORE = /[\\/]node_modules[\\/]@middy[\\/]core[\\/]index\.js$/;
const SDK_STREAM_TYPE_CHECK =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]util-stream[\\/]stream-type-check\.js$/;

/**
 * middy's core reading the global `ReadableStream` where it uses it (`instanceof`), without importing
 * "node:stream/web" at load (the same class: Node's global is that module's export), or `undefined` if
 * the module is not in the shape this expects.
 */
export function middyWithoutWebStreamsImport(source: string): string | undefined {
  const imported = 'import { ReadableStream } from "node:stream/web";\n';
  const used = /\bReadableStream\b/g;
  const uses = source.replace(imported, '').match(used) ?? [];
  const check = 'handlerBody instanceof ReadableStream\n';
  if (!source.includes(imported) || !source.includes(check)) return undefined;
  // The check, and the error message that names the type: nothing else may read the import.
  if (uses.length !== 2 || !source.includes('"handler response not a ReadableStream"')) return undefined;
  return source.replace(imported, '').replace(check, 'handlerBody instanceof globalThis.ReadableStream\n');
}

/**
 * The SDK's stream-type-check.js answering "not a web stream" for a Node stream without reading the
 * global `ReadableStream` (which loads Node's web streams), or `undefined` if it is not in the shape
 * this expects. Any other value is checked as before.
 */
export function streamCheckWithoutWebStreams(source: string): string | undefined {
  const check =
    'export const isReadableStream = (stream) => typeof ReadableStream === "function" &&\n' +
    '    (stream?.constructor?.name === ReadableStream.name || stream instanceof ReadableStream);\n';
  if (!source.includes(check) || source.includes('from "node:stream"')) return undefined;
  return [
    'import { Readable as __NodeReadable } from "node:stream";',
    source.replace(
      check,
      [
        '// A Node stream is not a web stream: answered without loading web streams (infra/bundling/sdk-trim.ts).',
        'export const isReadableStream = (stream) => !(stream instanceof __NodeReadable && stream.constructor?.name !== "ReadableStream") &&',
        '    typeof ReadableStream === "function" &&',
        '    (stream?.constructor?.name === ReadableStream.name || stream instanceof ReadableStream);',
        '',
      ].join('\n'),
    ),
  ].join('\n');
}

export const webStreamsOnUse = rewriting('relais-web-streams-on-use', [
  [MIDDY_CORE, middyWithoutWebStreamsImport],
  [SDK_STREAM_TYPE_CHECK, streamCheckWithoutWebStreams],
]);

/** Every bundle's plugins (esbuild-settings.ts `bundleOptions`). */
export const SDK_TRIM_PLUGINS: readonly Plugin[] = [
  staticEventStreams,
  noBrowserUserAgentParser,
  sdkVersionOnly,
  pureSchemaKeys,
  compactErrorClasses,
  nativeSha256,
  noInstanceMetadataRegion,
  noSharedConfigFiles,
  noRegionDescriptions,
  processGlobal,
  webStreamsOnUse,
  noS3Customizations,
  noAdaptiveRetry,
  noNodeVersionWarning,
  honoHttpApiEventsOnly,
  epochSecondsTimestamps,
];
