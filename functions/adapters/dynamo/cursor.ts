import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';
import { type IndexDefinition, KEY } from './table.ts';

/**
 * Pagination cursors are the Query's LastEvaluatedKey, base64url-encoded. A cursor comes back from a
 * client, so it is checked before use: it must hold exactly the key attributes of the index queried
 * (the table's pk and sk, the index's pk and sk), as strings, and the partition it names must be the
 * one being queried (a cursor cannot open another organisation's partition). DynamoDB refuses an
 * ExclusiveStartKey with a missing or extra attribute with a ValidationException, which would
 * otherwise surface as a 500.
 */
export function encodeCursor(key: Record<string, AttributeValue>): string {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(key)) if (v.S !== undefined) flat[k] = v.S;
  return Buffer.from(JSON.stringify(flat)).toString('base64url');
}

/** The attributes of a LastEvaluatedKey on a global secondary index. */
const keyAttributesOf = (index: IndexDefinition): ReadonlySet<string> =>
  new Set([KEY.pk, KEY.sk, index.pk, index.sk]);

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
