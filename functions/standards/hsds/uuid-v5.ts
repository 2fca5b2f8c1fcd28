import { createHash } from 'node:crypto';

/**
 * HSDS 3.0 requires UUIDs for every id; Relais ids are not. Each HSDS id is a name-based UUID version 5
 * (RFC 9562 §5.5, SHA-1) of the Relais id in this namespace, so the same entry keeps the same HSDS id
 * from one export to the next and another system can follow it. The namespace was drawn once at random
 * for Relais (never change it: every id exported so far would change with it).
 */
export const RELAIS_HSDS_NAMESPACE = '6f1c7a52-3d0e-4b8f-9a4c-2e5d8b7f1a30';

/** The UUIDv5 of `name` in `namespace` (itself a UUID). */
export function uuidV5(name: string, namespace: string = RELAIS_HSDS_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50; // version 5
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant RFC 9562
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The HSDS id of a Relais thing: its kind in the name, so a specialist and an organisation never share one. */
export const hsdsId = (
  kind: 'service' | 'organization' | 'location' | 'service_at_location' | string,
  id: string,
) => uuidV5(`relais:${kind}:${id}`);
