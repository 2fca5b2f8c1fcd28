import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../../domain/errors.ts';

/**
 * Pagination cursors are the Query's LastEvaluatedKey, base64url-encoded. A cursor comes back from a
 * client, so it is checked before use: only string attributes, and the partition it names must be the
 * one being queried (a cursor cannot open another organisation's partition).
 */
export function encodeCursor(key: Record<string, AttributeValue>): string {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(key)) if (v.S !== undefined) flat[k] = v.S;
  return Buffer.from(JSON.stringify(flat)).toString('base64url');
}

export function decodeCursor(
  cursor: string,
  mustMatch: Record<string, string>,
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
  if (entries.length === 0 || entries.length > 6) throw bad();
  const key: Record<string, AttributeValue> = {};
  for (const [k, v] of entries) {
    if (typeof v !== 'string' || v.length > 512) throw bad();
    key[k] = { S: v };
  }
  for (const [k, v] of Object.entries(mustMatch)) if (key[k]?.S !== v) throw bad();
  return key;
}
