import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type DataKey, UnknownKeyVersionError } from '../../ports/key-ring.ts';

/*
 * One sealed value: `enc1.<key version>.<iv>.<ciphertext and tag>` (base64url), AES-256-GCM under the
 * organisation's data key of that version. The additional data binds it to its organisation, its record
 * and its field path (and the key version), so a value copied to another record or another field, or
 * relabelled with another version, fails its tag instead of decrypting.
 */

const PREFIX = 'enc1.';

/** Where a value belongs: what its additional data names. */
export interface FieldContext {
  readonly org: string;
  /** The record's id (a referral's id). */
  readonly record: string;
  /** The field's path in the record, e.g. `reason`, `exchanges.0.answer`. */
  readonly path: string;
}

const aad = (ctx: FieldContext, version: number) =>
  Buffer.from(['relais-field/1', ctx.org, ctx.record, ctx.path, String(version)].join('\u0000'), 'utf8');

export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

/** The key version a sealed value names, or undefined for a value that is not sealed (or malformed). */
export function sealedVersion(value: string): number | undefined {
  if (!isSealed(value)) return undefined;
  const v = Number(value.slice(PREFIX.length, value.indexOf('.', PREFIX.length)));
  return Number.isInteger(v) && v >= 1 ? v : undefined;
}

export function sealValue(key: DataKey, ctx: FieldContext, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(ctx, key.version));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${key.version}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** A sealed value that does not open: wrong record, field, organisation or key, or altered. */
export class SealedValueError extends Error {
  override readonly name = 'SealedValueError';
  constructor(readonly path: string) {
    super(`sealed value at ${path} does not open`);
  }
}

/** Opens a value sealed by sealValue with the key of the version it names. */
export function openValue(key: DataKey, ctx: FieldContext, sealed: string): string {
  const parts = sealed.slice(PREFIX.length).split('.');
  if (parts.length !== 3 || Number(parts[0]) !== key.version) throw new SealedValueError(ctx.path);
  const iv = Buffer.from(parts[1]!, 'base64url');
  const body = Buffer.from(parts[2]!, 'base64url');
  if (iv.length !== 12 || body.length < 16) throw new SealedValueError(ctx.path);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
    decipher.setAAD(aad(ctx, key.version));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SealedValueError(ctx.path);
  }
}

/**
 * Opens a sealed value with the key of the version it names, asked of `keyOf` (an organisation's ring,
 * or a read's memo of it): a value that names no version, or a version the ring does not hold, does not
 * open here, like one that fails its tag (SealedValueError, naming `ctx.path`); the ring unreachable is
 * thrown as it is.
 */
export async function openSealed(
  keyOf: (version: number) => Promise<DataKey>,
  ctx: FieldContext,
  sealed: string,
): Promise<string> {
  const version = sealedVersion(sealed);
  if (version === undefined) throw new SealedValueError(ctx.path);
  let key: DataKey;
  try {
    key = await keyOf(version);
  } catch (err) {
    if (err instanceof UnknownKeyVersionError) throw new SealedValueError(ctx.path);
    throw err;
  }
  return openValue(key, ctx, sealed);
}

/**
 * The blind index of a pseudonym within an organisation: HMAC-SHA-256 under a key derived (HKDF) from
 * the organisation's FIRST data key, so it stays the same across rotations (the index keys need no
 * rewriting) and differs between organisations (the same code in two organisations does not link them).
 */
export function blindIndex(firstKey: DataKey, pseudonym: string): string {
  let macKey = macKeys.get(firstKey.key);
  if (!macKey) {
    macKey = Buffer.from(hkdfSync('sha256', firstKey.key, Buffer.alloc(0), 'relais-blind-index/1', 32));
    macKeys.set(firstKey.key, macKey);
  }
  return createHmac('sha256', macKey).update(pseudonym, 'utf8').digest('base64url');
}

/** The derived MAC keys, by the data key they come from (which the key ring keeps while in use). */
const macKeys = new WeakMap<Uint8Array, Buffer>();
