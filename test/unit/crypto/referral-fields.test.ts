import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { openReferral, sealReferral } from '../../../functions/adapters/crypto/referral-fields.ts';
import type { DataKey, KeyRing } from '../../../functions/ports/key-ring.ts';
import { accompanied, at, worker } from '../domain/referral/builders.ts';

/*
 * Sealing a referral for its write: the sealed fields replaced by their ciphertext in a copy, the
 * referral given left as it was (it is the one the request answers with), everything else serialised
 * exactly as it is.
 */

const key: DataKey = { version: 1, key: randomBytes(32) };
const ring: KeyRing = {
  current: async () => key,
  version: async (_org, version) => {
    if (version !== 1) throw new Error('no such version');
    return key;
  },
  rotate: async () => key,
  warm: () => undefined,
};

/** A referral with every kind of sealed field: top level, nested, and in an array of exchanges. */
function everySealedField(): Referral {
  const r = accompanied();
  return {
    ...r,
    accompaniment: { ...r.accompaniment, meetingPoint: 'the bakery on the corner' },
    outcome: { attended: true, recordedAt: at(30), recordedBy: worker, note: 'went well' },
    advice: 'see a dentist',
    exchanges: [
      {
        offerId: r.offers[0]!.id,
        specialistId: r.offers[0]!.specialistId,
        question: 'which eye?',
        askedAt: at(2),
        answer: 'the left one',
        answeredAt: at(3),
        answeredBy: worker,
        nextOfferId: r.offers[0]!.id,
      },
    ],
  } as Referral;
}

const CLEAR_PATHS = [
  ['pseudonym'],
  ['reason'],
  ['accompaniment', 'meetingPoint'],
  ['appointment', 'place'],
  ['outcome', 'note'],
  ['advice'],
  ['exchanges', '0', 'question'],
  ['exchanges', '0', 'answer'],
] as const;
const valueAt = (o: unknown, path: readonly string[]) =>
  path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

describe('sealing a referral', () => {
  it('leaves the referral given untouched, nested objects and exchanges included', async () => {
    const r = everySealedField();
    const before = structuredClone(r);
    await sealReferral(ring, r);
    expect(r).toEqual(before);
    for (const path of CLEAR_PATHS) expect(valueAt(r, path)).not.toMatch(/^enc1\./);
  });

  it('seals every sealed field, and serialises the rest exactly as the referral', async () => {
    const r = everySealedField();
    const sealed = JSON.parse(JSON.stringify(await sealReferral(ring, r)));
    for (const path of CLEAR_PATHS) expect(valueAt(sealed, path)).toMatch(/^enc1\.1\./);
    const unsealed = structuredClone(sealed);
    for (const path of CLEAR_PATHS) {
      const parent = valueAt(unsealed, path.slice(0, -1)) as Record<string, unknown>;
      parent[path.at(-1)!] = valueAt(r, path);
    }
    expect(JSON.stringify(unsealed)).toBe(JSON.stringify(r));
    expect(await openReferral(ring, sealed)).toEqual(JSON.parse(JSON.stringify(r)));
  });
});
