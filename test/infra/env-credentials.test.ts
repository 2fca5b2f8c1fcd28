import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../infra/bundling/env-credentials.ts';

/*
 * The credential provider bundled for Lambda in place of the SDK's default chain: the environment's
 * credentials, read once per client and held, as the SDK's chain holds credentials without an expiry.
 */

describe('the Lambda credential provider', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('answers the credentials the runtime put in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDONE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-one');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token-one');
    await expect(defaultProvider()()).resolves.toEqual({
      accessKeyId: 'AKIDONE',
      secretAccessKey: 'secret-one',
      sessionToken: 'token-one',
    });
  });

  it('reads the environment once per client, and a new client reads it again', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDONE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-one');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    const provider = defaultProvider();
    expect(await provider()).toEqual({ accessKeyId: 'AKIDONE', secretAccessKey: 'secret-one' });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTWO');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-two');
    expect((await provider()).accessKeyId).toBe('AKIDONE');
    expect((await defaultProvider()()).accessKeyId).toBe('AKIDTWO');
  });

  it('fails clearly while the credentials are missing, and reads them once they are there', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-one');
    const provider = defaultProvider();
    await expect(provider()).rejects.toThrow(/AWS_ACCESS_KEY_ID/);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDONE');
    expect((await provider()).accessKeyId).toBe('AKIDONE');
  });
});
