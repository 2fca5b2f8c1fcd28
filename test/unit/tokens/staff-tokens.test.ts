import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createJwksStaffVerifier,
  createLocalStaffVerifier,
  generateIssuerKey,
  signLocalStaffToken,
} from '../../../functions/adapters/tokens/staff-tokens.ts';
import { UnauthorizedError } from '../../../functions/edge/problem.ts';

const ISSUER = 'relais-local';
const AUDIENCE = 'relais-api';
const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

let keys: { privateJwk: JWK; publicJwk: JWK };
let verify: ReturnType<typeof createLocalStaffVerifier>;
const issuer = () => ({ privateJwk: keys.privateJwk, issuer: ISSUER, audience: AUDIENCE });
const claims = { sub: 'sw-1', org: 'mdm-lu', roles: ['social_worker'] };

/** Signs arbitrary claims with the local issuer's key, bypassing signLocalStaffToken's own checks. */
const signRaw = async (payload: Record<string, unknown>, header: Record<string, unknown> = {}) => {
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'ES256', ...header });
  return jwt.sign(await importJWK(keys.privateJwk, 'ES256'));
};

const expectUnauthorized = async (token: string, v = verify) => {
  const err = await v(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnauthorizedError);
  // The error says nothing about why.
  expect((err as Error).message).toBe('unauthorized');
};

beforeAll(async () => {
  keys = await generateIssuerKey();
  verify = createLocalStaffVerifier({ publicJwk: keys.publicJwk, issuer: ISSUER, audience: AUDIENCE });
});

describe('generateIssuerKey', () => {
  it('makes an ES256 pair with a private and a public JWK sharing a kid', async () => {
    expect(keys.privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(typeof keys.privateJwk.d).toBe('string');
    expect(keys.publicJwk.d).toBeUndefined();
    expect(keys.publicJwk.kid).toBe(keys.privateJwk.kid);
  });
});

describe('local staff verifier', () => {
  it('accepts a valid token and returns the principal', async () => {
    const token = await signLocalStaffToken(issuer(), claims);
    await expect(verify(token)).resolves.toEqual({ sub: 'sw-1', org: 'mdm-lu', roles: ['social_worker'] });
  });

  it('accepts several roles and removes duplicates', async () => {
    const token = await signRaw({
      sub: 'c-1',
      org: 'mdm-lu',
      roles: ['coordinator', 'accompanier', 'coordinator'],
      iss: ISSUER,
      aud: AUDIENCE,
      exp: now() + 60,
    });
    await expect(verify(token)).resolves.toEqual({
      sub: 'c-1',
      org: 'mdm-lu',
      roles: ['coordinator', 'accompanier'],
    });
  });

  it('refuses an expired token', async () => {
    await expectUnauthorized(await signRaw({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() - 120 }));
  });

  it('tolerates 30 seconds of clock skew on exp', async () => {
    const token = await signRaw({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() - 10 });
    await expect(verify(token)).resolves.toMatchObject({ sub: 'sw-1' });
  });

  it('refuses a token it accepted before once it has expired (the token is not remembered past exp)', async () => {
    const token = await signRaw({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() + 5 });
    await expect(verify(token)).resolves.toMatchObject({ sub: 'sw-1' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 40_000);
      await expectUnauthorized(token);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a token from another issuer', async () => {
    await expectUnauthorized(
      await signRaw({ ...claims, iss: 'someone-else', aud: AUDIENCE, exp: now() + 60 }),
    );
  });

  it('refuses a token for another audience', async () => {
    await expectUnauthorized(await signRaw({ ...claims, iss: ISSUER, aud: 'relais-links', exp: now() + 60 }));
  });

  it('refuses a token without exp', async () => {
    await expectUnauthorized(await signRaw({ ...claims, iss: ISSUER, aud: AUDIENCE }));
  });

  it('refuses a token without iss or aud', async () => {
    await expectUnauthorized(await signRaw({ ...claims, aud: AUDIENCE, exp: now() + 60 }));
    await expectUnauthorized(await signRaw({ ...claims, iss: ISSUER, exp: now() + 60 }));
  });

  it('refuses an unsecured token (alg none)', async () => {
    const payload = { ...claims, iss: ISSUER, aud: AUDIENCE, exp: now() + 60 };
    await expectUnauthorized(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`);
  });

  it('refuses an HS256 token signed with the public key as a shared secret', async () => {
    const payload = { ...claims, roles: ['admin'], iss: ISSUER, aud: AUDIENCE, exp: now() + 60 };
    for (const secret of [JSON.stringify(keys.publicJwk), keys.publicJwk.x!]) {
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(secret));
      await expectUnauthorized(token);
    }
  });

  it('refuses a tampered token', async () => {
    const token = await signLocalStaffToken(issuer(), claims);
    const [header, , signature] = token.split('.');
    const forged = { ...claims, roles: ['admin'], iss: ISSUER, aud: AUDIENCE, exp: now() + 60 };
    await expectUnauthorized(`${header}.${b64(forged)}.${signature}`);
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateIssuerKey();
    await expectUnauthorized(
      await signLocalStaffToken({ ...issuer(), privateJwk: other.privateJwk }, claims),
    );
  });

  it('refuses a token with an unknown role', async () => {
    const token = await signRaw({
      ...claims,
      roles: ['superuser'],
      iss: ISSUER,
      aud: AUDIENCE,
      exp: now() + 60,
    });
    await expectUnauthorized(token);
  });

  it('refuses a token with no roles', async () => {
    await expectUnauthorized(
      await signRaw({ ...claims, roles: [], iss: ISSUER, aud: AUDIENCE, exp: now() + 60 }),
    );
  });

  it('refuses a token without org', async () => {
    const { org: _org, ...rest } = claims;
    await expectUnauthorized(await signRaw({ ...rest, iss: ISSUER, aud: AUDIENCE, exp: now() + 60 }));
  });

  it('refuses a token whose org is no organisation id Relais could have made', async () => {
    // A `#` would reach into the parts of a table key (`<org>#active`); `*` and the rest name nobody.
    for (const org of ['mdm-lu#active', '*', 'MDM-LU', 'a', 'x'.repeat(64), ' mdm-lu', 'mdm lu']) {
      await expectUnauthorized(
        await signRaw({ ...claims, org, iss: ISSUER, aud: AUDIENCE, exp: now() + 60 }),
      );
    }
  });

  it('refuses a token without sub', async () => {
    const { sub: _sub, ...rest } = claims;
    await expectUnauthorized(await signRaw({ ...rest, iss: ISSUER, aud: AUDIENCE, exp: now() + 60 }));
  });

  it('refuses garbage', async () => {
    await expectUnauthorized('not-a-token');
    await expectUnauthorized('');
  });

  it('refuses to be built with a private key as its public key', () => {
    expect(() =>
      createLocalStaffVerifier({ publicJwk: keys.privateJwk, issuer: ISSUER, audience: AUDIENCE }),
    ).toThrow();
  });
});

describe('signLocalStaffToken', () => {
  it('signs a token that expires after the given lifetime', async () => {
    const token = await signLocalStaffToken(issuer(), claims, 120);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      number
    >;
    expect(payload.exp! - payload.iat!).toBe(120);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      string
    >;
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: keys.privateJwk.kid });
  });

  it('refuses to sign claims the verifier would refuse', async () => {
    await expect(signLocalStaffToken(issuer(), { ...claims, roles: ['superuser'] })).rejects.toThrow();
    await expect(signLocalStaffToken(issuer(), { ...claims, org: '' })).rejects.toThrow();
    await expect(signLocalStaffToken(issuer(), claims, 0)).rejects.toThrow();
  });
});

describe('JWKS staff verifier', () => {
  let server: Server;
  let jwksUrl: string;
  type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let rsaPrivate: PrivateKey;
  let ecPrivate: PrivateKey;
  let requests = 0;

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    rsaPrivate = rsa.privateKey;
    ecPrivate = ec.privateKey;
    const jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    };
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const cognito = { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', audience: 'client-1' };
  const payload = () => ({ ...claims, iss: cognito.issuer, aud: cognito.audience, exp: now() + 60 });

  it('accepts an RS256 token whose key is in the set, fetching the set once', async () => {
    // Counted from before the verifier is made: it fetches the set at once (the next test), which a
    // slow signing below could otherwise let finish before the count starts.
    const before = requests;
    const v = createJwksStaffVerifier({ jwksUrl, ...cognito });
    const token = await new SignJWT(payload())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .sign(rsaPrivate);
    await expect(v(token)).resolves.toEqual({ sub: 'sw-1', org: 'mdm-lu', roles: ['social_worker'] });
    await expect(v(token)).resolves.toMatchObject({ sub: 'sw-1' });
    expect(requests - before).toBe(1);
  });

  it('fetches the key set as soon as it is made, so the first request does not wait for it', async () => {
    const before = requests;
    const v = createJwksStaffVerifier({ jwksUrl, ...cognito });
    await vi.waitFor(() => expect(requests - before).toBe(1));
    const token = await new SignJWT(payload())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .sign(rsaPrivate);
    await expect(v(token)).resolves.toMatchObject({ sub: 'sw-1' });
    expect(requests - before).toBe(1);
  });

  it('refuses an algorithm outside the configured list', async () => {
    const v = createJwksStaffVerifier({ jwksUrl, ...cognito });
    const token = await new SignJWT(payload())
      .setProtectedHeader({ alg: 'ES256', kid: 'ec-1' })
      .sign(ecPrivate);
    await expectUnauthorized(token, v);
    const es = createJwksStaffVerifier({ jwksUrl, ...cognito, algorithms: ['ES256'] });
    await expect(es(token)).resolves.toMatchObject({ sub: 'sw-1' });
  });

  it('refuses a token for another audience', async () => {
    const v = createJwksStaffVerifier({ jwksUrl, ...cognito });
    const token = await new SignJWT({ ...payload(), aud: 'other-client' })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .sign(rsaPrivate);
    await expectUnauthorized(token, v);
  });

  it('refuses to be configured with none or a symmetric algorithm', () => {
    expect(() => createJwksStaffVerifier({ jwksUrl, ...cognito, algorithms: ['none'] })).toThrow();
    expect(() => createJwksStaffVerifier({ jwksUrl, ...cognito, algorithms: ['HS256'] })).toThrow();
    expect(() => createJwksStaffVerifier({ jwksUrl, ...cognito, algorithms: [] })).toThrow();
  });
});
