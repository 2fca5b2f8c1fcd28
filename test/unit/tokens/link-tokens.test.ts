import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createLinkTokens,
  generateLinkKey,
  LINK_AUDIENCE,
  LINK_TOKEN_TYPE,
  LinkTokenError,
  type LinkTokens,
  linkKeysSchema,
} from '../../../functions/adapters/tokens/link-tokens.ts';

type Key = Awaited<ReturnType<typeof generateLinkKey>>;

const now = new Date('2030-03-01T10:00:00Z');
const inTwoDays = new Date('2030-03-03T10:00:00Z');
const offer = { offerId: 'off_1', referralId: 'ref_1', expiresAt: inTwoDays, now } as const;

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
const partsOf = (token: string): [string, string, string] => {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) throw new Error('not a JWS');
  return [header, payload, signature];
};
const decodePart = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LinkTokenError);
    return (error as LinkTokenError).reason;
  }
  throw new Error('the token was accepted');
}

let k1: Key;
let k2: Key;
let tokens: LinkTokens;

beforeAll(async () => {
  [k1, k2] = await Promise.all([generateLinkKey('k1'), generateLinkKey('k2')]);
  tokens = createLinkTokens({ signingKey: k1, verificationKeys: [k1] });
});

describe('link tokens', () => {
  it('verifies what it signed and returns the claims', async () => {
    const token = await tokens.sign({ purpose: 'offer', ...offer });
    const claims = await tokens.verify(token, { purpose: 'offer', now });
    expect(claims).toMatchObject({ purpose: 'offer', offerId: 'off_1', referralId: 'ref_1', kid: 'k1' });
    expect(claims.expiresAt.toISOString()).toBe(inTwoDays.toISOString());
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('signs with ES256, the key id, the link type, the audience, the issuer and a fresh jti', async () => {
    const [a, b] = await Promise.all([
      tokens.sign({ purpose: 'offer', ...offer }),
      tokens.sign({ purpose: 'offer', ...offer }),
    ]);
    const [header, payload] = partsOf(a);
    expect(decodePart(header)).toEqual({ alg: 'ES256', kid: 'k1', typ: LINK_TOKEN_TYPE });
    expect(decodePart(payload)).toMatchObject({
      aud: LINK_AUDIENCE,
      iss: 'relais',
      sub: 'off_1',
      ref: 'ref_1',
      purpose: 'offer',
      exp: inTwoDays.getTime() / 1000,
    });
    expect(decodePart(partsOf(b)[1]).jti).not.toBe(decodePart(payload).jti);
  });

  it('uses the injected clock, with at most 5 s of tolerance', async () => {
    const token = await tokens.sign({ purpose: 'offer', ...offer });
    const justAfter = new Date(inTwoDays.getTime() + 4_000);
    await expect(tokens.verify(token, { purpose: 'offer', now: justAfter })).resolves.toBeDefined();
    const later = new Date(inTwoDays.getTime() + 6_000);
    expect(await refusal(tokens.verify(token, { purpose: 'offer', now: later }))).toBe('expired');
  });

  it('reports a genuine token past its expiry as expired', async () => {
    const token = await tokens.sign({ purpose: 'outcome', ...offer });
    const nextWeek = new Date('2030-03-10T10:00:00Z');
    expect(await refusal(tokens.verify(token, { purpose: 'outcome', now: nextWeek }))).toBe('expired');
  });

  it('reports an expired token of another purpose as invalid, not expired', async () => {
    const token = await tokens.sign({ purpose: 'outcome', ...offer });
    const nextWeek = new Date('2030-03-10T10:00:00Z');
    expect(await refusal(tokens.verify(token, { purpose: 'offer', now: nextWeek }))).toBe('invalid');
  });

  describe('rotation', () => {
    it('keeps verifying links signed with the previous key after a new signing key', async () => {
      const old = await tokens.sign({ purpose: 'offer', ...offer });
      const rotated = createLinkTokens({ signingKey: k2, verificationKeys: [k2, k1] });
      const fresh = await rotated.sign({ purpose: 'offer', ...offer });
      expect(decodePart(partsOf(fresh)[0]).kid).toBe('k2');
      expect((await rotated.verify(old, { purpose: 'offer', now })).kid).toBe('k1');
      expect((await rotated.verify(fresh, { purpose: 'offer', now })).kid).toBe('k2');
    });

    it('refuses links signed with a key that was removed', async () => {
      const old = await tokens.sign({ purpose: 'offer', ...offer });
      const rotated = createLinkTokens({ signingKey: k2, verificationKeys: [k2] });
      expect(await refusal(rotated.verify(old, { purpose: 'offer', now }))).toBe('invalid');
    });

    it('refuses a known kid whose key does not match the signature', async () => {
      const forged = createLinkTokens({ signingKey: { ...k2, kid: 'k1' }, verificationKeys: [] });
      const token = await forged.sign({ purpose: 'offer', ...offer });
      expect(await refusal(tokens.verify(token, { purpose: 'offer', now }))).toBe('invalid');
    });

    it('verifies with the signing key even when it is not listed', async () => {
      const only = createLinkTokens({ signingKey: k2, verificationKeys: [k1] });
      const token = await only.sign({ purpose: 'offer', ...offer });
      await expect(only.verify(token, { purpose: 'offer', now })).resolves.toBeDefined();
    });

    it('refuses configuration that is not an EC P-256 key, without echoing it', () => {
      expect(() =>
        createLinkTokens({
          signingKey: { kid: 'bad', privateJwk: { kty: 'oct', k: 'c2VjcmV0' } },
          verificationKeys: [],
        }),
      ).toThrow(/Link key "bad"/);
      expect(() =>
        createLinkTokens({ signingKey: { kid: 'k', privateJwk: k1.publicJwk }, verificationKeys: [] }),
      ).toThrow();
      expect(() => createLinkTokens({ signingKey: k1, verificationKeys: [k1, k1] })).toThrow(/twice/);
    });
  });

  describe('attacks, each refused as invalid', () => {
    it('refuses a tampered payload', async () => {
      const [header, payload, signature] = partsOf(await tokens.sign({ purpose: 'offer', ...offer }));
      const changed = b64url(JSON.stringify({ ...decodePart(payload), sub: 'off_2' }));
      expect(
        await refusal(tokens.verify(`${header}.${changed}.${signature}`, { purpose: 'offer', now })),
      ).toBe('invalid');
    });

    it('refuses a tampered signature', async () => {
      const [header, payload, signature] = partsOf(await tokens.sign({ purpose: 'offer', ...offer }));
      const bytes = Buffer.from(signature, 'base64url');
      bytes[10] = (bytes[10] ?? 0) ^ 0xff;
      const token = `${header}.${payload}.${bytes.toString('base64url')}`;
      expect(await refusal(tokens.verify(token, { purpose: 'offer', now }))).toBe('invalid');
    });

    it('refuses an unsigned token (alg none)', async () => {
      const [, payload] = partsOf(await tokens.sign({ purpose: 'offer', ...offer }));
      const header = b64url(JSON.stringify({ alg: 'none', kid: 'k1', typ: LINK_TOKEN_TYPE }));
      expect(await refusal(tokens.verify(`${header}.${payload}.`, { purpose: 'offer', now }))).toBe(
        'invalid',
      );
    });

    it('refuses an HS256 token signed with the public key as the secret', async () => {
      const [, payload] = partsOf(await tokens.sign({ purpose: 'offer', ...offer }));
      const header = b64url(JSON.stringify({ alg: 'HS256', kid: 'k1', typ: LINK_TOKEN_TYPE }));
      for (const secret of [JSON.stringify(k1.publicJwk), k1.publicJwk.x ?? '']) {
        const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
        const token = `${header}.${payload}.${signature}`;
        expect(await refusal(tokens.verify(token, { purpose: 'offer', now }))).toBe('invalid');
      }
    });

    it('refuses a token for another audience', async () => {
      const { importJWK } = await import('jose');
      const key = await importJWK(k1.privateJwk, 'ES256');
      const token = await new SignJWT({ purpose: 'offer', ref: 'ref_1' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: LINK_TOKEN_TYPE })
        .setIssuer('relais')
        .setAudience('relais:staff')
        .setSubject('off_1')
        .setJti('j')
        .setIssuedAt(now)
        .setExpirationTime(inTwoDays)
        .sign(key);
      expect(await refusal(tokens.verify(token, { purpose: 'offer', now }))).toBe('invalid');
    });

    it('refuses an outcome token used as an offer token', async () => {
      const token = await tokens.sign({ purpose: 'outcome', ...offer });
      expect(await refusal(tokens.verify(token, { purpose: 'offer', now }))).toBe('invalid');
      await expect(tokens.verify(token, { purpose: 'outcome', now })).resolves.toBeDefined();
    });

    it('refuses an unknown kid', async () => {
      const [, payload, signature] = partsOf(await tokens.sign({ purpose: 'offer', ...offer }));
      const header = b64url(JSON.stringify({ alg: 'ES256', kid: 'k9', typ: LINK_TOKEN_TYPE }));
      expect(
        await refusal(tokens.verify(`${header}.${payload}.${signature}`, { purpose: 'offer', now })),
      ).toBe('invalid');
    });

    it('refuses malformed tokens', async () => {
      for (const token of ['', 'abc', 'a.b.c', '..', 'x'.repeat(5000), `${b64url('{}')}.${b64url('[]')}.`]) {
        expect(await refusal(tokens.verify(token, { purpose: 'offer', now }))).toBe('invalid');
      }
    });
  });
});

describe('linkKeysSchema (the link-keys secret)', () => {
  it('keeps the members of each key as written, so a rotation writes the old keys back unchanged', async () => {
    const key = await generateLinkKey('schema-1');
    const secret = {
      signingKey: { kid: key.kid, privateJwk: key.privateJwk },
      verificationKeys: [{ kid: key.kid, publicJwk: key.publicJwk }],
    };
    expect(linkKeysSchema.parse(secret)).toEqual(secret);
    expect(key.publicJwk).toMatchObject({ kid: 'schema-1', alg: 'ES256', use: 'sig' });
  });

  it('refuses a public key where the private one belongs, and a key of another kind', async () => {
    const key = await generateLinkKey('schema-2');
    const verificationKeys = [{ kid: key.kid, publicJwk: key.publicJwk }];
    expect(
      linkKeysSchema.safeParse({ signingKey: { kid: key.kid, privateJwk: key.publicJwk }, verificationKeys })
        .success,
    ).toBe(false);
    const rsa = { kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQAB' };
    expect(
      linkKeysSchema.safeParse({ signingKey: { kid: key.kid, privateJwk: rsa }, verificationKeys }).success,
    ).toBe(false);
    expect(
      linkKeysSchema.safeParse({
        signingKey: { kid: key.kid, privateJwk: key.privateJwk },
        verificationKeys: [],
      }).success,
    ).toBe(false);
  });
});
