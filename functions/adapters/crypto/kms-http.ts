import { type AwsService, signedJsonCaller } from '../aws/signed-request.ts';
import type { KmsApi } from './kms-wrapper.ts';

/*
 * KMS's GenerateDataKey and Decrypt as signed requests (../aws/signed-request.ts, JSON 1.1 protocol)
 * rather than the SDK's KMS client, which carries every KMS operation's schema and error (about 24 KB of
 * each bundle that reads referrals).
 */

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const bytesOf = (value: unknown): Uint8Array | undefined =>
  typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : undefined;

/** KMS over HTTPS (service `kms`). */
export function createKmsHttp(service: AwsService): KmsApi {
  const call = signedJsonCaller(service);
  const target = (operation: string, input: unknown) =>
    call('/', JSON.stringify(input), {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `TrentService.${operation}`,
    }) as Promise<Record<string, unknown>>;
  return {
    async generateDataKey(input) {
      const out = await target('GenerateDataKey', input);
      return { Plaintext: bytesOf(out['Plaintext']), CiphertextBlob: bytesOf(out['CiphertextBlob']) };
    },
    async decrypt(input) {
      const out = await target('Decrypt', { ...input, CiphertextBlob: base64(input.CiphertextBlob) });
      return { Plaintext: bytesOf(out['Plaintext']) };
    },
  };
}
