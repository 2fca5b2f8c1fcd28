import { REFERRAL_SEALED_FIELDS, type ReferralSealedField } from '../../../domain/ports.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import type { DataKey, KeyRing } from '../../ports/key-ring.ts';
import { type FieldContext, isSealed, openSealed, sealedVersion, sealValue } from './field-cipher.ts';

/*
 * Which parts of a stored referral are sealed: the pseudonym and every free-text field. Everything else
 * (ids, codes, instants, counts) stays in clear: the lists, the board, the sweep and the stream need
 * them, and they say nothing about the person on their own.
 */

type Obj = Record<string, unknown>;

/** One string of the record to seal or open: where it sits, and which field it belongs to. */
interface Slot {
  readonly field: ReferralSealedField;
  readonly path: string;
  readonly parent: Obj;
  readonly key: string;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SIMPLE: readonly (readonly [ReferralSealedField, readonly string[]])[] = [
  ['pseudonym', ['pseudonym']],
  ['reason', ['reason']],
  ['accompaniment.meetingPoint', ['accompaniment', 'meetingPoint']],
  ['appointment.place', ['appointment', 'place']],
  ['outcome.note', ['outcome', 'note']],
  ['advice', ['advice']],
  ['hold.question', ['hold', 'question']],
];

/** The strings of `record` that are sealed (present ones only). */
function slotsOf(record: Obj): Slot[] {
  const slots: Slot[] = [];
  for (const [field, path] of SIMPLE) {
    let parent: unknown = record;
    for (const segment of path.slice(0, -1)) parent = isObj(parent) ? parent[segment] : undefined;
    const key = path[path.length - 1]!;
    if (isObj(parent) && typeof parent[key] === 'string')
      slots.push({ field, path: path.join('.'), parent, key });
  }
  const exchanges = record['exchanges'];
  if (Array.isArray(exchanges))
    exchanges.forEach((x, i) => {
      if (!isObj(x)) return;
      for (const key of ['question', 'answer'])
        if (typeof x[key] === 'string')
          slots.push({ field: 'exchanges', path: `exchanges.${i}.${key}`, parent: x, key });
    });
  return slots;
}

/** What each sealed value of a referral as read opened to, by path: held with that referral only. */
const openedAsRead = new WeakMap<object, Map<string, { readonly sealed: string; readonly clear: string }>>();

/**
 * The referral as stored: a copy with its pseudonym and free text sealed under the current key.
 *
 * `read`, the referral as read (openReferral) that `r` was decided from: a value the change left as it
 * was, at the same path of the same record and already sealed under the current key version, is written
 * as it was read rather than sealed again (a transition changes one or two fields; sealing costs a
 * cipher and a nonce each). It is the very ciphertext that opened to that value, bound to the same
 * organisation, record, field and version: nothing is encrypted twice under one nonce. After a rotation
 * it is sealed again under the new version, as before.
 */
export async function sealReferral(ring: KeyRing, r: Referral, read?: Referral): Promise<Obj> {
  const copy = sealableCopy(r);
  const key = await ring.current(r.org);
  const asRead = read && read.id === r.id && read.org === r.org ? openedAsRead.get(read) : undefined;
  for (const slot of slotsOf(copy)) {
    const value = slot.parent[slot.key] as string;
    const was = asRead?.get(slot.path);
    if (was && was.clear === value && sealedVersion(was.sealed) === key.version) {
      slot.parent[slot.key] = was.sealed;
      continue;
    }
    const ctx: FieldContext = { org: r.org, record: r.id, path: slot.path };
    slot.parent[slot.key] = sealValue(key, ctx, value);
  }
  return copy;
}

/**
 * A copy of `r` whose sealed values can be replaced without touching `r`: the record and the objects
 * that hold a sealed value (an appointment, an outcome, each exchange …) are copied, the rest (the
 * timeline, the offers: most of the record) is shared, as it is only serialised. Cheaper than a deep
 * copy through JSON, which a write paid on every transition; serialised, both give the same text.
 */
function sealableCopy(r: Referral): Obj {
  const copy: Obj = { ...r };
  for (const [, path] of SIMPLE) {
    let parent = copy;
    for (const segment of path.slice(0, -1)) {
      const child = parent[segment];
      if (!isObj(child)) break;
      parent = parent[segment] = { ...child };
    }
  }
  const exchanges = copy['exchanges'];
  if (Array.isArray(exchanges)) copy['exchanges'] = exchanges.map((x: unknown) => (isObj(x) ? { ...x } : x));
  return copy;
}

/**
 * Opens a stored referral (parsed JSON, not yet decoded) in place: the fields in `reveal` are
 * decrypted, the others read as the empty string without being decrypted. A value stored before
 * encryption (in clear) is read as it is, until the re-encryption command seals it. Throws
 * SealedValueError (naming the path) for a value that does not open here.
 */
export async function openReferral(
  ring: KeyRing,
  raw: unknown,
  reveal: readonly ReferralSealedField[] = REFERRAL_SEALED_FIELDS,
): Promise<unknown> {
  if (!isObj(raw) || typeof raw['org'] !== 'string' || typeof raw['id'] !== 'string') return raw;
  const org = raw['org'];
  const record = raw['id'];
  // The keys of the versions this record names, asked of the ring once each.
  const keys = new Map<number, Promise<DataKey>>();
  const keyOf = (version: number): Promise<DataKey> => {
    if (!keys.has(version)) keys.set(version, ring.version(org, version));
    return keys.get(version)!;
  };
  const opened = new Map<string, { sealed: string; clear: string }>();
  for (const slot of slotsOf(raw)) {
    const value = slot.parent[slot.key] as string;
    if (!reveal.includes(slot.field)) {
      slot.parent[slot.key] = '';
      continue;
    }
    if (!isSealed(value)) continue;
    const clear = await openSealed(keyOf, { org, record, path: slot.path }, value);
    slot.parent[slot.key] = clear;
    opened.set(slot.path, { sealed: value, clear });
  }
  // The record read is the referral decoded (opened in place): a write decided from it finds these.
  if (opened.size > 0) openedAsRead.set(raw, opened);
  return raw;
}

/** The key versions the sealed values of a stored referral (parsed JSON) were sealed under. */
export function sealedVersionsOf(raw: unknown): Set<number | 'clear'> {
  const versions = new Set<number | 'clear'>();
  if (!isObj(raw)) return versions;
  for (const slot of slotsOf(raw)) {
    const value = slot.parent[slot.key] as string;
    versions.add(sealedVersion(value) ?? 'clear');
  }
  return versions;
}
