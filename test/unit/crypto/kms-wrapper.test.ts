import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../functions/adapters/aws/signed-request.ts';
import { createKmsHttp } from '../../../functions/adapters/crypto/kms-http.ts';
import { createKmsKeyWrapper, type KmsApi } from '../../../functions/adapters/crypto/kms-wrapper.ts';
import { type FakeKmsServer, startFakeKmsServer, TEST_KMS_KEY_ID } from '../../lambda/support.ts';

const KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/data-keys';

describe('the KMS wrapping key', () => {
  it('makes AES-256 data keys and opens them, always with the organisation as encryption context', async () => {
    const calls: { op: string; input: unknown }[] = [];
    const kms: KmsApi = {
      generateDataKey: async (input) => {
        calls.push({ op: 'generate', input });
        return { Plaintext: new Uint8Array(32).fill(1), CiphertextBlob: new Uint8Array([9]) };
      },
      decrypt: async (input) => {
        calls.push({ op: 'decrypt', input });
        return { Plaintext: new Uint8Array(32).fill(1) };
      },
    };
    const wrapper = createKmsKeyWrapper(kms, KEY_ID);
    const made = await wrapper.generate('mdm-lu');
    expect(made.wrapped).toEqual(new Uint8Array([9]));
    expect(await wrapper.unwrap('mdm-lu', made.wrapped)).toEqual(new Uint8Array(32).fill(1));
    expect(calls).toEqual([
      { op: 'generate', input: { KeyId: KEY_ID, KeySpec: 'AES_256', EncryptionContext: { org: 'mdm-lu' } } },
      {
        op: 'decrypt',
        input: { KeyId: KEY_ID, CiphertextBlob: new Uint8Array([9]), EncryptionContext: { org: 'mdm-lu' } },
      },
    ]);
  });

  it('fails when KMS returns no key', async () => {
    const kms: KmsApi = { generateDataKey: async () => ({}), decrypt: async () => ({}) };
    await expect(createKmsKeyWrapper(kms, KEY_ID).generate('mdm-lu')).rejects.toThrow();
  });
});

describe('KMS over signed requests', () => {
  let server: FakeKmsServer;
  beforeAll(async () => {
    server = await startFakeKmsServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const kms = () =>
    createKmsHttp({
      region: 'eu-west-1',
      signingName: 'kms',
      endpoint: server.endpoint,
      credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }),
    });

  it('generates a data key and decrypts it, signed for KMS, the context sent as given', async () => {
    const wrapper = createKmsKeyWrapper(kms(), TEST_KMS_KEY_ID);
    const made = await wrapper.generate('mdm-lu');
    expect(made.plaintext).toHaveLength(32);
    expect(Buffer.from(await wrapper.unwrap('mdm-lu', made.wrapped))).toEqual(Buffer.from(made.plaintext));
    expect(server.requests.map((r) => r.target)).toEqual([
      'TrentService.GenerateDataKey',
      'TrentService.Decrypt',
    ]);
    for (const r of server.requests) {
      expect(r.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/kms\/aws4_request, /,
      );
    }
  });

  it('refuses, named as KMS names it, a key of another organisation (the context is bound)', async () => {
    const wrapper = createKmsKeyWrapper(kms(), TEST_KMS_KEY_ID);
    const made = await wrapper.generate('mdm-lu');
    const error = await wrapper.unwrap('other-org', made.wrapped).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ name: 'InvalidCiphertextException', status: 400 });
  });
});
