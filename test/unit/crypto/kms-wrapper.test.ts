import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createKmsKeyWrapper } from '../../../functions/adapters/crypto/kms-wrapper.ts';

const KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/data-keys';
const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

describe('the KMS wrapping key', () => {
  it('makes AES-256 data keys and opens them, always with the organisation as encryption context', async () => {
    kms
      .on(GenerateDataKeyCommand)
      .resolves({ Plaintext: new Uint8Array(32).fill(1), CiphertextBlob: new Uint8Array([9]) });
    kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(32).fill(1) });
    const wrapper = createKmsKeyWrapper(() => new KMSClient({}), KEY_ID);
    const made = await wrapper.generate('mdm-lu');
    expect(made.wrapped).toEqual(new Uint8Array([9]));
    expect(await wrapper.unwrap('mdm-lu', made.wrapped)).toEqual(new Uint8Array(32).fill(1));
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]!.args[0].input).toEqual({
      KeyId: KEY_ID,
      KeySpec: 'AES_256',
      EncryptionContext: { org: 'mdm-lu' },
    });
    expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input).toMatchObject({
      KeyId: KEY_ID,
      EncryptionContext: { org: 'mdm-lu' },
    });
  });

  it('fails when KMS returns no key', async () => {
    kms.on(GenerateDataKeyCommand).resolves({});
    await expect(createKmsKeyWrapper(() => new KMSClient({}), KEY_ID).generate('mdm-lu')).rejects.toThrow();
  });

  it('given a factory, makes its client on the first use only, and once', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(32).fill(2) });
    let made = 0;
    const wrapper = createKmsKeyWrapper(() => {
      made += 1;
      return new KMSClient({});
    }, KEY_ID);
    expect(made).toBe(0);
    await wrapper.unwrap('mdm-lu', new Uint8Array([9]));
    await wrapper.unwrap('mdm-lu', new Uint8Array([9]));
    expect(made).toBe(1);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(2);
  });
});
