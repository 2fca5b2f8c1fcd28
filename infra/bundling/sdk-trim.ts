import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/*
 * Two esbuild plugins for the AWS SDK v3 clients every function bundles, each keeping the SDK's own code
 * and behaviour and dropping only bytes no code path reads:
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
 * - `noSharedConfigFiles`: each client looks for its settings (region, retry mode, endpoints...) in the
 *   environment, then in the shared config and credentials files (~/.aws/config, ~/.aws/credentials),
 *   read and parsed at its first use. A Lambda function has no such files: the runtime sets the
 *   environment, which is where the credentials come from too (env-credentials.ts). The loader answers
 *   that there are none, without its ini parser or the reads.
 */

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

export const pureSchemaKeys: Plugin = {
  name: 'relais-pure-schema-keys',
  setup(build) {
    build.onLoad({ filter: SDK_SCHEMAS }, async ({ path }) => ({
      contents: inlineComputedKeys(await readFile(path, 'utf8')),
      loader: 'js',
    }));
  },
};

const SHARED_CONFIG_LOADER =
  /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]config[\\/]shared-ini-file-loader[\\/]loadSharedConfigFiles\.js$/;

export const noSharedConfigFiles: Plugin = {
  name: 'relais-no-shared-config-files',
  setup(build) {
    build.onLoad({ filter: SHARED_CONFIG_LOADER }, () => ({
      contents: [
        'export { CONFIG_PREFIX_SEPARATOR } from "./constants";',
        '// Lambda: no shared config or credentials files; the environment holds the settings.',
        'export const loadSharedConfigFiles = async () => ({ configFile: {}, credentialsFile: {} });',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** Every bundle's plugins (esbuild-settings.ts `bundleOptions`). */
export const SDK_TRIM_PLUGINS: readonly Plugin[] = [sdkVersionOnly, pureSchemaKeys, noSharedConfigFiles];
