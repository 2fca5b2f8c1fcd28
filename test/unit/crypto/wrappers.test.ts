import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  openValue,
  SealedValueError,
  sealedVersion,
  sealValue,
} from '../../../functions/adapters/crypto/field-cipher.ts';
import { createLocalKeyWrapper } from '../../../functions/adapters/crypto/local-wrapper.ts';

const key = { version: 4, key: randomBytes(32) };
const ctx = { org: 'mdm-lu', record: 'REF-1', path: 'reason' };

describe('a sealed value', () => {
  it('opens in its own context, names its key version, and differs each time it is sealed', () => {
    const a = sealValue(key, ctx, 'chest pain at night');
    const b = sealValue(key, ctx, 'chest pain at night');
    expect(a).not.toBe(b);
    expect(sealedVersion(a)).toBe(4);
    expect(openValue(key, ctx, a)).toBe('chest pain at night');
  });

  it.each([
    ['another organisation', { ...ctx, org: 'dune-bxl' }],
    ['another record', { ...ctx, record: 'REF-2' }],
    ['another field', { ...ctx, path: 'pseudonym' }],
  ])('does not open for %s', (_label, other) => {
    const sealed = sealValue(key, ctx, 'x');
    expect(() => openValue(key, other, sealed)).toThrow(SealedValueError);
  });

  it('does not open relabelled with another key version, or altered', () => {
    const sealed = sealValue(key, ctx, 'x');
    expect(() => openValue({ ...key, version: 5 }, ctx, sealed.replace('enc1.4.', 'enc1.5.'))).toThrow(
      SealedValueError,
    );
    const altered = `${sealed.slice(0, -3)}${sealed.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(() => openValue(key, ctx, altered)).toThrow(SealedValueError);
  });
});

describe('the blind index', () => {
  it('is stable for a key, and differs between keys (organisations)', () => {
    const other = { version: 1, key: randomBytes(32) };
    expect(blindIndex(key, 'ZEBRA-1985')).toBe(blindIndex(key, 'ZEBRA-1985'));
    expect(blindIndex(key, 'ZEBRA-1985')).not.toBe(blindIndex(other, 'ZEBRA-1985'));
    expect(blindIndex(key, 'ZEBRA-1985')).not.toContain('ZEBRA');
  });
});

describe('the local wrapping key', () => {
  it('unwraps a data key for its organisation only', async () => {
    const wrapper = createLocalKeyWrapper(randomBytes(32));
    const made = await wrapper.generate('mdm-lu');
    expect(Buffer.from(await wrapper.unwrap('mdm-lu', made.wrapped))).toEqual(Buffer.from(made.plaintext));
    await expect(wrapper.unwrap('dune-bxl', made.wrapped)).rejects.toThrow();
    await expect(createLocalKeyWrapper(randomBytes(32)).unwrap('mdm-lu', made.wrapped)).rejects.toThrow();
  });
});
