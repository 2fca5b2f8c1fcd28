import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JWK } from 'jose';
import * as z from 'zod/mini';
import { generateLinkKey } from '../functions/adapters/tokens/link-tokens.ts';
import { generateIssuerKey } from '../functions/adapters/tokens/staff-tokens.ts';

/**
 * The one-machine runtime's keys, made on first start under `<data>/keys/` and reused after, so that
 * tokens and links survive a restart and `npm run token` signs for the service started from the same
 * folder. Files are readable by their owner only.
 */

/** `iss` of staff tokens of the local issuer. */
export const LOCAL_STAFF_ISSUER = 'relais-local';
/** `aud` of staff tokens, locally. */
export const LOCAL_STAFF_AUDIENCE = 'relais-api';

export interface LocalKeys {
  /** The local staff issuer (ES256). */
  readonly staff: { readonly privateJwk: JWK; readonly publicJwk: JWK };
  /** The key that signs specialist links. */
  readonly link: { readonly kid: string; readonly privateJwk: JWK; readonly publicJwk: JWK };
  /**
   * The key that wraps the organisations' data keys (the local stand-in for the KMS key): 32 bytes.
   * Lose it and the pseudonyms and free text of the local table cannot be read again.
   */
  readonly wrapping: Uint8Array;
}

const jwk = z.pipe(
  z.looseObject({ kty: z.string() }),
  z.transform((j) => j as JWK),
);
const privateJwk = jwk.check(z.refine((j) => typeof j.d === 'string', 'not a private key'));
const publicJwk = jwk.check(z.refine((j) => j.d === undefined, 'not a public key'));
const staffFile = z.object({ privateJwk, publicJwk });
const wrappingFile = z.object({
  key: z.string().check(z.refine((k) => Buffer.from(k, 'base64').length === 32, 'not a 256-bit key')),
});
const linkFile = z.object({ kid: z.string().check(z.minLength(1)), privateJwk, publicJwk });

export const keysDir = (dataDir: string) => join(resolve(dataDir), 'keys');

/** Reads the keys under `<dataDir>/keys/`, making the missing ones. */
export async function loadOrCreateKeys(dataDir: string): Promise<LocalKeys> {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const staff = await loadOrCreate(join(dir, 'staff-issuer.json'), staffFile, () => generateIssuerKey());
  const link = await loadOrCreate(join(dir, 'link-signing.json'), linkFile, () =>
    generateLinkKey(`local-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`),
  );
  const wrapping = await loadOrCreate(join(dir, 'data-key-wrapping.json'), wrappingFile, async () => ({
    key: randomBytes(32).toString('base64'),
  }));
  return { staff, link, wrapping: Buffer.from(wrapping.key, 'base64') };
}

async function loadOrCreate<T>(
  file: string,
  schema: z.ZodMiniType<T>,
  make: () => Promise<unknown>,
): Promise<T> {
  const existing = read(file, schema);
  if (existing !== undefined) return existing;
  const value = await make();
  // Write aside, then hard-link into place: exactly one of two concurrent first starts wins, and the
  // other reads the winner's key.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const stored = read(file, schema);
  if (stored === undefined) throw new Error(`Could not write the key file ${file}`);
  return stored;
}

function read<T>(file: string, schema: z.ZodMiniType<T>): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The key file ${file} is not valid JSON: remove it to make a new key`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(`The key file ${file} is not a key of the expected kind: remove it to make a new key`);
  return parsed.data;
}
