import { readFileSync } from 'node:fs';

/** Where a bundle's bytes come from: an npm package, or a top-level source folder of this repository. */
export interface SizeShare {
  readonly origin: string;
  readonly bytes: number;
}

/** The package (`zod`, `@smithy/core`) or repository folder (`functions/http`) an input belongs to. */
export function originOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const parts = input.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The bundle's bytes by origin, largest first, from esbuild's metafile (the .mjs output only). */
export function sizeShares(metafilePath: string): SizeShare[] {
  const meta = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const output = Object.entries(meta.outputs).find(([file]) => file.endsWith('.mjs'))?.[1];
  if (!output) throw new Error(`no .mjs output in ${metafilePath}`);
  const by = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const origin = originOf(input);
    by.set(origin, (by.get(origin) ?? 0) + bytesInOutput);
  }
  return [...by].map(([origin, bytes]) => ({ origin, bytes })).sort((a, b) => b.bytes - a.bytes);
}
