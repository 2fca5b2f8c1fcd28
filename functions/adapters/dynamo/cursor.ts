import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import { type DataKey, type KeyRing, UnknownKeyVersionError } from '../../ports/key-ring.ts';
import { type IndexDefinition, KEY } from './table.ts';

/**
 * Pagination cursors (of every list) are the Query's LastEvaluatedKey or the last position shown, encrypted (AES-256-GCM under the service's cursor
 * key, a data key of the key ring under the name CURSOR_KEY_RING) so a client learns nothing from one
 * (the keys hold ids, and once held the pseudonym) and cannot forge one: `<version>.<iv>.<ciphertext>`,
 * base64url, the index's name (or the list's purpose) as additional data (a cursor of one list does not open on another).
 * Once opened a cursor is checked as before use: it must hold exactly the key attributes of the index
 * queried (the table's pk and sk, the index's pk and sk), as strings, and the partition it names must be
 * the one being queried (a cursor cannot open another organisation's partition). DynamoDB refuses an
 * ExclusiveStartKey with a missing or extra attribute with a ValidationException, which would otherwise
 * surface as a 500.
 */

/** The key ring's name for the service's cursor key (no organisation id starts with `#`). */
export const CURSOR_KEY_RING = '#cursor';

export interface CursorCodec {
  encode(key: Record<string, AttributeValue>, index: IndexDefinition): Promise<string>;
  decode(cursor: string, index: IndexDefinition, partition: string): Promise<Record<string, AttributeValue>>;
  /** Any other position (a feed's last sort key), sealed the same way, bound to `purpose`. */
  seal(position: string, purpose: string): Promise<string>;
  /** The position a cursor of `seal` holds; an invalid_input problem naming `cursor` otherwise. */
  open(cursor: string, purpose: string): Promise<string>;
}

const aad = (purpose: string) => Buffer.from(`relais-cursor/1\u0000${purpose}`, 'utf8');

/** The attributes of a LastEvaluatedKey on a global secondary index. */
const keyAttributesOf = (index: IndexDefinition): ReadonlySet<string> =>
  new Set([KEY.pk, KEY.sk, index.pk, index.sk]);

const invalidCursor = () =>
  new DomainError('invalid_input', 'The cursor is not valid for this list.', 'cursor');

/** The cursors of every list (referrals, board, directory, feeds, access logs): one codec, one key. */
export function createCursorCodec(ring: KeyRing): CursorCodec {
  const seal = async (position: string, purpose: string) => {
    const dataKey = await ring.current(CURSOR_KEY_RING);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv);
    cipher.setAAD(aad(purpose));
    const body = Buffer.concat([cipher.update(position, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${dataKey.version}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  };
  const open = async (cursor: string, purpose: string) => {
    const parts = cursor.split('.');
    const version = Number(parts[0]);
    if (parts.length !== 3 || !Number.isInteger(version) || version < 1 || version > 999_999)
      throw invalidCursor();
    try {
      const dataKey = await ring.version(CURSOR_KEY_RING, version);
      const iv = Buffer.from(parts[1]!, 'base64url');
      const body = Buffer.from(parts[2]!, 'base64url');
      if (iv.length !== 12 || body.length < 16) throw invalidCursor();
      const decipher = createDecipheriv('aes-256-gcm', dataKey.key, iv);
      decipher.setAAD(aad(purpose));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw invalidCursor();
    }
  };
  return {
    seal,
    open,
    encode(key, index) {
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(key)) if (v.S !== undefined) flat[k] = v.S;
      return seal(JSON.stringify(flat), index.name);
    },
    async decode(cursor, index, partition) {
      const text = await open(cursor, index.name);
      let flat: unknown;
      try {
        flat = JSON.parse(text);
      } catch {
        throw invalidCursor();
      }
      return checkedKey(flat, index, partition, invalidCursor);
    },
  };
}

/**
 * A codec under a key of this process only, for a store built on its own (tests, tools) without the
 * key ring: its cursors are as opaque, but do not outlive the process. composeDeps gives every store
 * the key ring's codec, whose cursors any instance opens.
 */
export function processCursorCodec(): CursorCodec {
  processCodec ??= createCursorCodec(processRing());
  return processCodec;
}
let processCodec: CursorCodec | undefined;

function processRing(): KeyRing {
  const key: DataKey = { version: 1, key: randomBytes(32) };
  return {
    current: async () => key,
    version: async (_org, version) => {
      if (version !== 1) throw new UnknownKeyVersionError(version);
      return key;
    },
    rotate: async () => key,
    warm: () => undefined,
  };
}

function checkedKey(
  flat: unknown,
  index: IndexDefinition,
  partition: string,
  bad: () => Error,
): Record<string, AttributeValue> {
  if (!flat || typeof flat !== 'object' || Array.isArray(flat)) throw bad();
  const entries = Object.entries(flat as Record<string, unknown>);
  const expected = keyAttributesOf(index);
  if (entries.length !== expected.size) throw bad();
  const key: Record<string, AttributeValue> = {};
  for (const [k, v] of entries) {
    if (!expected.has(k) || typeof v !== 'string' || v.length === 0 || v.length > 512) throw bad();
    key[k] = { S: v };
  }
  if (key[index.pk]?.S !== partition) throw bad();
  return key;
}
