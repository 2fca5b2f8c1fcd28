import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  createLocalStaffVerifier,
  generateIssuerKey,
  signLocalStaffToken,
} from '../../../../functions/adapters/tokens/staff-tokens.ts';
import { PROBLEM_TYPES, problemOnError } from '../../../../functions/edge/problem.ts';
import { bearerToken, requireRole, staffAuth } from '../../../../functions/http/middleware/staff-auth.ts';
import type { StaffVerifier } from '../../../../functions/lib/deps.ts';

const ISSUER = 'relais-local';
const AUDIENCE = 'relais-api';
const keys = await generateIssuerKey();
const verify: StaffVerifier = createLocalStaffVerifier({
  publicJwk: keys.publicJwk,
  issuer: ISSUER,
  audience: AUDIENCE,
});
const tokenFor = (roles: string[], org = 'mdm-lu') =>
  signLocalStaffToken(
    { privateJwk: keys.privateJwk, issuer: ISSUER, audience: AUDIENCE },
    { sub: 'u-1', org, roles },
  );

const app = new Hono();
app.onError(problemOnError);
app.use('/v1/*', staffAuth(verify));
app.get('/v1/me', (c) => c.json(c.var.principal));
app.post('/v1/referrals', requireRole('social_worker'), (c) => c.json({ ok: true }, 201));
app.get('/v1/escalations', requireRole('coordinator', 'network_coordinator'), (c) => c.json({ items: [] }));
app.get('/unprotected', requireRole('admin'), (c) => c.text('never'));

const get = (path: string, authorization?: string, method = 'GET') =>
  app.request(path, { method, headers: authorization ? { authorization } : {} });

describe('bearerToken', () => {
  it('reads a bearer token, whatever the scheme’s case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('staffAuth', () => {
  it('lets a valid token through and sets the principal', async () => {
    const res = await get('/v1/me', `Bearer ${await tokenFor(['coordinator'])}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'u-1', org: 'mdm-lu', roles: ['coordinator'] });
  });

  it('answers 401 with a Bearer challenge when there is no Authorization header', async () => {
    const res = await get('/v1/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="relais"');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: PROBLEM_TYPES.unauthorized, status: 401 });
  });

  it('answers 401 for another scheme', async () => {
    expect((await get('/v1/me', 'Basic dXNlcjpwYXNz')).status).toBe(401);
  });

  it('answers 401 with invalid_token and no reason for a bad token', async () => {
    const other = await generateIssuerKey();
    const forged = await signLocalStaffToken(
      { privateJwk: other.privateJwk, issuer: ISSUER, audience: AUDIENCE },
      { sub: 'u-1', org: 'mdm-lu', roles: ['admin'] },
    );
    const res = await get('/v1/me', `Bearer ${forged}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="relais", error="invalid_token"');
    const text = await res.text();
    expect(text).not.toMatch(/signature|expired|issuer|audience/i);
  });

  it('answers 401 when the verifier throws anything', async () => {
    const throwing = new Hono();
    throwing.use(
      staffAuth(async () => {
        throw new Error('network down');
      }),
    );
    throwing.get('/', (c) => c.text('never'));
    const res = await throwing.request('/', { headers: { authorization: 'Bearer a.b.c' } });
    expect(res.status).toBe(401);
  });
});

describe('requireRole', () => {
  it('lets a caller with the role through', async () => {
    const res = await get('/v1/referrals', `Bearer ${await tokenFor(['social_worker'])}`, 'POST');
    expect(res.status).toBe(201);
  });

  it('lets a caller with any one of the roles through', async () => {
    const res = await get(
      '/v1/escalations',
      `Bearer ${await tokenFor(['accompanier', 'network_coordinator'])}`,
    );
    expect(res.status).toBe(200);
  });

  it('answers 403 problem for a caller without the role', async () => {
    const res = await get('/v1/referrals', `Bearer ${await tokenFor(['accompanier'])}`, 'POST');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ type: PROBLEM_TYPES.forbidden, status: 403 });
  });

  it('answers 401 when no principal was set (mounted without staffAuth)', async () => {
    expect((await get('/unprotected')).status).toBe(401);
  });

  it('refuses to be built without roles', () => {
    expect(() => requireRole()).toThrow();
  });
});
