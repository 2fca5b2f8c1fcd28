import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { lazily } from '../../../events/lazy-schema.ts';
import type { KeyWrapper } from '../../ports/key-ring.ts';

/**
 * The deployed wrapping key: an AWS KMS key (rotation enabled) that never leaves KMS. Data keys are made
 * by GenerateDataKey and opened by Decrypt, both with the encryption context `{ org }`, which KMS binds
 * to the ciphertext and the key policy's condition can check: a function can only unwrap a data key
 * for the organisation it names, and CloudTrail records which organisation each use was for.
 */
export function createKmsKeyWrapper(makeClient: () => KMSClient, keyId: string): KeyWrapper {
  // Made on the first use: a container whose requests open no sealed field (an offer email, a link page
  // without questions) never makes the client.
  const kms = lazily(makeClient);
  return {
    id: keyId,
    async generate(org) {
      const out = await kms().send(
        new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { org } }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async unwrap(org, wrapped) {
      const out = await kms().send(
        new DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: { org } }),
      );
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return out.Plaintext;
    },
  };
}
