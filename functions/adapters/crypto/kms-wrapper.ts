import type { KeyWrapper } from '../../ports/key-ring.ts';

/**
 * The two KMS operations the wrapping key uses, as KMS names their fields: on Lambda as signed requests
 * (kms-http.ts), in the key rotation tool through the SDK's client (local/rotate-keys.ts).
 */
export interface KmsApi {
  generateDataKey(input: {
    KeyId: string;
    KeySpec: 'AES_256';
    EncryptionContext: Record<string, string>;
  }): Promise<{ Plaintext?: Uint8Array | undefined; CiphertextBlob?: Uint8Array | undefined }>;
  decrypt(input: {
    KeyId: string;
    CiphertextBlob: Uint8Array;
    EncryptionContext: Record<string, string>;
  }): Promise<{ Plaintext?: Uint8Array | undefined }>;
}

/**
 * The deployed wrapping key: an AWS KMS key (rotation enabled) that never leaves KMS. Data keys are made
 * by GenerateDataKey and opened by Decrypt, both with the encryption context `{ org }`, which KMS binds
 * to the ciphertext and the key policy's condition can check: a function can only unwrap a data key
 * for the organisation it names, and CloudTrail records which organisation each use was for.
 */
export function createKmsKeyWrapper(kms: KmsApi, keyId: string): KeyWrapper {
  return {
    id: keyId,
    async generate(org) {
      const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { org } });
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async unwrap(org, wrapped) {
      const out = await kms.decrypt({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: { org } });
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return out.Plaintext;
    },
  };
}
