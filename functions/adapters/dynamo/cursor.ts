import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import type { KeyRing } from '../../ports/key-ring.ts';
import { type IndexDefinition, KEY } from './table.ts';

/**
 * Pagination cursors are the Query's LastEvaluatedKey, encrypted (AES-256-GCM under the service's cursor
 * key, a data key of the key ring under the name CURSOR_KEY_RING) so a client learns nothing from one
 * (the keys hold ids, and once held the pseudonym) and cannot forge one: `<version>.<iv>.<ciphertext>`,
 * base64url, the index's name as additional data (a cursor of one list does not open on another).
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
}

const aad = (index: IndexDefinition) => Buffer.from(`relais-cursor/1\u0000${index.name}`, 'utf8');

/** The attributes of a LastEvaluatedKey on a global secondary index. */
const keyAttributesOf = (index: IndexDefinition): ReadonlySet<string> =>
  new Set([KEY.pk, KEY.sk, index.pk, index.sk]);

export function createCursorCodec(ring: KeyRing): CursorCodec {
  return {
    async encode(key, index) {
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(key)) if (v.S !== undefined) flat[k] = v.S;
      const dataKey = await ring.current(CURSOR_KEY_RING);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv);
      cipher.setAAD(aad(index));
      const body = Buffer.concat([
        cipher.update(JSON.stringify(flat), 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `${dataKey.version}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },

    async decode(cursor, index, partition) {
      const bad = () => new DomainError('invalid_input', 'The cursor is not valid for this list.', 'cursor');
      const parts = cursor.split('.');
      const version = Number(parts[0]);
      if (parts.length !== 3 || !Number.isInteger(version) || version < 1 || version > 999_999) throw bad();
      let flat: unknown;
      try {
        const dataKey = await ring.version(CURSOR_KEY_RING, version);
        const iv = Buffer.from(parts[1]!, 'base64url');
        const body = Buffer.from(parts[2]!, 'base64url');
        if (iv.length !== 12 || body.length < 16) throw bad();
        const decipher = createDecipheriv('aes-256-gcm', dataKey.key, iv);
        decipher.setAAD(aad(index));
        decipher.setAuthTag(body.subarray(body.length - 16));
        flat = JSON.parse(
          Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
            'utf8',
          ),
        );
      } catch {
        throw bad();
      }
      return checkedKey(flat, index, partition, bad);
    },
  };
}

/*
 * Plain cursors (base64url JSON, checked the same way): the directory's and the board's lists, whose
 * keys hold only ids of specialists, organisations and escalations. Referral lists use the encrypted
 * codec above.
 */
export function encodeCursor(key: Record<string, AttributeValue>): string {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(key)) if (v.S !== undefined) flat[k] = v.S;
  return Buffer.from(JSON.stringify(flat)).toString('base64url');
}

export function decodeCursor(
  cursor: string,
  index: IndexDefinition,
  partition: string,
): Record<string, AttributeValue> {
  const bad = () => new DomainError('invalid_input', 'The cursor is not valid for this list.', 'cursor');
  let flat: unknown;
  try {
    flat = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  return checkedKey(flat, index, partition, bad);
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
