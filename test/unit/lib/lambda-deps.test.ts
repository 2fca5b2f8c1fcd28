import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateLinkKey } from '../../../functions/adapters/tokens/link-tokens.ts';
import { failingWithoutSecrets, lambdaDeps } from '../../../functions/lib/lambda-deps.ts';

/*
 * The Lambda composition root asks Secrets Manager for a function's secrets at cold start and awaits
 * them where first needed. Secrets Manager is mocked: a malformed or unreadable secret is a fault the
 * real service will not produce on demand.
 */

const secrets = mockClient(SecretsManagerClient);
const LINK_KEYS = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkKeys-Unit';
const STAFF_AUTH = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:StaffAuth-Unit';
const env = (extra: Record<string, string>) => ({ TABLE_NAME: 'relais-unit', LOG_LEVEL: 'error', ...extra });
const linkInput = (now: Date) => ({
  purpose: 'offer' as const,
  offerId: 'off-1',
  referralId: 'ref-1',
  expiresAt: new Date(now.getTime() + 3_600_000),
  now,
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
beforeEach(() => {
  secrets.reset();
  unhandled.length = 0;
});

describe('lambdaDeps', () => {
  it('asks for the link keys at once, and signs and verifies links once they arrive', async () => {
    const key = await generateLinkKey('unit-1');
    let answer!: (value: { SecretString: string }) => void;
    secrets.on(GetSecretValueCommand, { SecretId: LINK_KEYS }).callsFake(
      () =>
        new Promise((ok) => {
          answer = ok;
        }),
    );
    const deps = lambdaDeps({}, env({ LINK_KEYS_SECRET_ID: LINK_KEYS }));
    await vi.waitFor(() => expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1));

    const now = new Date();
    const signing = deps.linkTokens.sign(linkInput(now));
    answer({
      SecretString: JSON.stringify({
        signingKey: { kid: key.kid, privateJwk: key.privateJwk },
        verificationKeys: [{ kid: key.kid, publicJwk: key.publicJwk }],
      }),
    });
    const token = await signing;
    await expect(deps.linkTokens.verify(token, { purpose: 'offer', now })).resolves.toMatchObject({
      offerId: 'off-1',
      referralId: 'ref-1',
    });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('starts without waiting for a malformed secret, and fails each use of it by name', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: LINK_KEYS }).resolves({ SecretString: '{"signingKey":1}' });
    const deps = lambdaDeps({}, env({ LINK_KEYS_SECRET_ID: LINK_KEYS }));
    const now = new Date();
    await expect(deps.linkTokens.sign(linkInput(now))).rejects.toThrow(/Invalid link keys secret/);
    await expect(deps.linkTokens.verify('a.b.c', { purpose: 'offer', now })).rejects.toThrow(
      /Invalid link keys secret/,
    );
  });

  it('says which secret is malformed, never what it holds, even when it is not JSON', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: LINK_KEYS }).resolves({ SecretString: 'k3y-MATERIAL-xyz' });
    const deps = lambdaDeps({}, env({ LINK_KEYS_SECRET_ID: LINK_KEYS }));
    const failure = await deps.linkTokens.sign(linkInput(new Date())).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/Invalid link keys secret/);
    expect(failure?.message).not.toContain('MATERIAL');
    await expect(deps.secretsRead).rejects.toThrow(/Invalid link keys secret/);
  });

  it('refuses link keys that are not EC P-256 keys of the right kind when it reads them', async () => {
    const key = await generateLinkKey('unit-2');
    const { d: _private, ...publicOnly } = key.privateJwk as { d?: string };
    secrets.on(GetSecretValueCommand, { SecretId: LINK_KEYS }).resolves({
      SecretString: JSON.stringify({
        // A public key where the private one belongs.
        signingKey: { kid: key.kid, privateJwk: publicOnly },
        verificationKeys: [{ kid: key.kid, publicJwk: key.publicJwk }],
      }),
    });
    const deps = lambdaDeps({}, env({ LINK_KEYS_SECRET_ID: LINK_KEYS }));
    await expect(deps.secretsRead).rejects.toThrow(/Invalid link keys secret/);
  });

  it('refuses staff tokens with the error of an unreadable staff-auth secret, never with a key it does not have', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: STAFF_AUTH }).rejects(new Error('AccessDeniedException'));
    const verifier = vi.fn();
    const deps = lambdaDeps({ staffVerifier: verifier }, env({ STAFF_AUTH_SECRET_ID: STAFF_AUTH }));
    await expect(deps.verifyStaff('token')).rejects.toThrow('AccessDeniedException');
    expect(verifier).not.toHaveBeenCalled();
  });

  it('makes the staff verifier once, from the secret, as soon as it arrives', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: STAFF_AUTH }).resolves({
      SecretString: JSON.stringify({
        issuer: 'https://issuer.example',
        audience: 'relais',
        jwksUrl: 'https://issuer.example/jwks',
      }),
    });
    const verify = vi.fn(async () => ({ sub: 'w-1', org: 'mdm-lu', roles: ['social_worker' as const] }));
    const staffVerifier = vi.fn(() => verify);
    const deps = lambdaDeps({ staffVerifier }, env({ STAFF_AUTH_SECRET_ID: STAFF_AUTH }));
    await vi.waitFor(() => expect(staffVerifier).toHaveBeenCalledTimes(1));
    expect(staffVerifier).toHaveBeenCalledWith({
      issuer: 'https://issuer.example',
      audience: 'relais',
      jwksUrl: 'https://issuer.example/jwks',
      algorithms: ['RS256'],
    });
    await expect(deps.verifyStaff('t1')).resolves.toMatchObject({ sub: 'w-1' });
    await expect(deps.verifyStaff('t2')).resolves.toMatchObject({ sub: 'w-1' });
    expect(staffVerifier).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('makes the pages’ OIDC sign-in from the secret when STAFF_SIGN_IN=oidc, and none otherwise', async () => {
    const signInSettings = {
      clientId: 'relais-pages',
      redirectUri: 'https://relais.example.org/app/sign-in/callback',
      postLogoutRedirectUri: 'https://relais.example.org/',
    };
    secrets.on(GetSecretValueCommand, { SecretId: STAFF_AUTH }).resolves({
      SecretString: JSON.stringify({
        issuer: 'https://issuer.example',
        audience: 'relais-pages',
        jwksUrl: 'https://issuer.example/jwks',
        signIn: signInSettings,
      }),
    });
    const provider = {
      authorizationUrl: vi.fn(async () => 'https://issuer.example/authorize?x'),
      exchangeCode: vi.fn(),
      refresh: vi.fn(),
      endSessionUrl: vi.fn(async () => undefined),
    };
    const signIn = vi.fn(() => provider);
    const staffVerifier = vi.fn(() => async () => ({ sub: 'w', org: 'o', roles: ['admin' as const] }));
    const invite = vi.fn();
    const staffInvitations = vi.fn(() => ({ invite }));
    const deps = lambdaDeps(
      { staffVerifier, signIn, staffInvitations },
      env({
        STAFF_AUTH_SECRET_ID: STAFF_AUTH,
        STAFF_SIGN_IN: 'oidc',
        STAFF_USER_POOL_ID: 'eu-west-1_Abc123',
      }),
    );
    await expect(
      deps.signIn!.provider.authorizationUrl({ state: 's', nonce: 'n', codeChallenge: 'c' }),
    ).resolves.toBe('https://issuer.example/authorize?x');
    expect(signIn).toHaveBeenCalledWith(expect.objectContaining({ signIn: signInSettings }));
    expect(staffInvitations).toHaveBeenCalledWith('eu-west-1_Abc123');
    expect(deps.staffInvitations).toBeDefined();

    const without = lambdaDeps({ staffVerifier, signIn }, env({ STAFF_AUTH_SECRET_ID: STAFF_AUTH }));
    expect(without.signIn).toBeUndefined();
    expect(without.staffInvitations).toBeUndefined();
  });

  it('leaves no unhandled rejection behind when a secret fails and nothing uses it', async () => {
    secrets.on(GetSecretValueCommand).rejects(new Error('ResourceNotFoundException'));
    lambdaDeps(
      { staffVerifier: vi.fn() },
      env({ LINK_KEYS_SECRET_ID: LINK_KEYS, STAFF_AUTH_SECRET_ID: STAFF_AUTH }),
    );
    await new Promise((ok) => setTimeout(ok, 50));
    expect(unhandled).toEqual([]);
  });

  it('fails an invocation whose function could not read its secrets, after answering it', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: STAFF_AUTH }).rejects(new Error('AccessDeniedException'));
    const deps = lambdaDeps({ staffVerifier: vi.fn() }, env({ STAFF_AUTH_SECRET_ID: STAFF_AUTH }));
    const served: string[] = [];
    const handler = failingWithoutSecrets(async (path: string) => {
      served.push(path);
      return 200;
    }, deps.secretsRead);
    await expect(handler('/health')).rejects.toThrow('AccessDeniedException');
    expect(served).toEqual(['/health']);
  });

  it('lets invocations through once the secrets are read, and at once for a function without any', async () => {
    const key = await generateLinkKey('unit-3');
    secrets.on(GetSecretValueCommand, { SecretId: LINK_KEYS }).resolves({
      SecretString: JSON.stringify({
        signingKey: { kid: key.kid, privateJwk: key.privateJwk },
        verificationKeys: [{ kid: key.kid, publicJwk: key.publicJwk }],
      }),
    });
    const withKeys = lambdaDeps({}, env({ LINK_KEYS_SECRET_ID: LINK_KEYS }));
    await expect(failingWithoutSecrets(async () => 'ok', withKeys.secretsRead)()).resolves.toBe('ok');
    const without = lambdaDeps({}, env({}));
    await expect(failingWithoutSecrets(async () => 'ok', without.secretsRead)()).resolves.toBe('ok');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses to start a function that verifies staff tokens without an issuer secret', () => {
    expect(() => lambdaDeps({ staffVerifier: vi.fn() }, env({}))).toThrow(/STAFF_AUTH_SECRET_ID/);
  });
});
