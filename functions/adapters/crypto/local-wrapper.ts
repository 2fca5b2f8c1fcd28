import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyWrapper } from '../../ports/key-ring.ts';

/**
 * The wrapping key of the one-machine runtime and of the tests: a 256-bit key held in memory (read from
 * `<data>/keys/data-keys.key` by local/keys.ts). Data keys are wrapped with AES-256-GCM, the
 * organisation as additional data: `iv(12) | ciphertext(32) | tag(16)`.
 */
export function createLocalKeyWrapper(masterKey: Uint8Array, id = 'local-file'): KeyWrapper {
  if (masterKey.length !== 32) throw new Error('The local wrapping key must be 32 bytes');
  const aad = (org: string) => Buffer.from(`relais-data-key/1\u0000${org}`, 'utf8');
  return {
    id,
    async generate(org) {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(aad(org));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, wrapped: Buffer.concat([iv, body, cipher.getAuthTag()]) };
    },
    async unwrap(org, wrapped) {
      const buf = Buffer.from(wrapped);
      if (buf.length !== 12 + 32 + 16) throw new Error('A wrapped data key has the wrong length');
      const decipher = createDecipheriv('aes-256-gcm', masterKey, buf.subarray(0, 12));
      decipher.setAAD(aad(org));
      decipher.setAuthTag(buf.subarray(44));
      return Buffer.concat([decipher.update(buf.subarray(12, 44)), decipher.final()]);
    },
  };
}
