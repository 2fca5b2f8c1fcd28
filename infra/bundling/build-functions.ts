import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from './esbuild-settings.ts';
import {
  FUNCTION_ENTRIES,
  FUNCTION_FILES,
  FUNCTION_NAMES,
  type FunctionName,
  PROJECT_ROOT,
} from './settings.ts';

/**
 * `npm run build`: each function's bundle in dist/functions/<name>/index.mjs (handler exported as
 * `handler`), its source map, the files it ships with (`FUNCTION_FILES`: the api's openapi.json), and
 * esbuild's metafile (meta.json) that says what each byte came from.
 * Same settings as the CDK app (infra/bundling/settings.ts).
 */

export interface BuiltFunction {
  readonly name: FunctionName;
  readonly bundle: string;
  readonly metafile: string;
  readonly bytes: number;
}

export const DIST_DIR = join(PROJECT_ROOT, 'dist', 'functions');

/** Bundles the named functions (all by default) into dist/functions, or into `root` (a test's own folder). */
export async function buildFunctions(
  names: readonly FunctionName[] = FUNCTION_NAMES,
  root: string = DIST_DIR,
): Promise<BuiltFunction[]> {
  const built: BuiltFunction[] = [];
  // One at a time: the machine is small and shared, and each build is already parallel inside esbuild.
  for (const name of names) {
    const outdir = join(root, name);
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    const bundle = join(outdir, 'index.mjs');
    const result = await build({
      ...bundleOptions(join(PROJECT_ROOT, FUNCTION_ENTRIES[name]), bundle),
      metafile: true,
    });
    const metafile = join(outdir, 'meta.json');
    writeFileSync(metafile, JSON.stringify(result.metafile));
    for (const [file, make] of Object.entries(FUNCTION_FILES[name] ?? {}))
      writeFileSync(join(outdir, file), make());
    built.push({ name, bundle, metafile, bytes: statSync(bundle).size });
  }
  return built;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const wanted = process.argv.slice(2) as FunctionName[];
  const unknown = wanted.filter((name) => !FUNCTION_NAMES.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown function(s): ${unknown.join(', ')}; known: ${FUNCTION_NAMES.join(', ')}\n`);
    process.exit(2);
  }
  const built = await buildFunctions(wanted.length > 0 ? wanted : FUNCTION_NAMES);
  for (const fn of built) {
    process.stdout.write(
      `${fn.name.padEnd(8)} ${(fn.bytes / 1024).toFixed(1).padStart(7)} KB  ${fn.bundle}\n`,
    );
  }
}
