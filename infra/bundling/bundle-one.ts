import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from './esbuild-settings.ts';

/*
 * The CDK app's bundling of one function (infra/constructs/node-function.ts runs it, synchronously, at
 * synth): `tsx infra/bundling/bundle-one.ts <entry> <outdir>` writes <outdir>/index.mjs and its source
 * map with the options `npm run build` uses (esbuild-settings.ts `bundleOptions`), plugins included,
 * which esbuild's command line, and so NodejsFunction's bundling, cannot take.
 */

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
  process.stderr.write('usage: bundle-one.ts <entry> <outdir>\n');
  process.exit(2);
}
await build(bundleOptions(resolve(entry), join(outdir, 'index.mjs')));
