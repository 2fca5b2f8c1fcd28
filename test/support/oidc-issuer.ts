import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { freePort } from './free-port.ts';

/*
 * A small OpenID Connect provider for tests, on a free local port (node:http + jose): discovery, an
 * authorize endpoint that approves the current test user at once (no login form), a token endpoint that
 * checks the PKCE verifier (S256), the client and the redirect URI and also answers refresh grants
 * (reading the user's roles again), the JWKS, and an end-session endpoint. It records what it was asked.
 */

export interface TestStaffUser {
  sub: string;
  org: string;
  roles: string[];
}

export interface TestOidcIssuer {
  readonly issuer: string;
  readonly clientId: string;
  /** Who the authorize endpoint signs in; change `roles` to see a refresh read them again. */
  user: TestStaffUser;
  /** Seconds an ID token lives. */
  idTokenSeconds: number;
  /** The `aud` of the ID tokens it issues: the client id unless a test makes it another. */
  idTokenAudience: string;
  /** The grants the token endpoint answered, in order (`authorization_code`, `refresh_token`). */
  readonly grants: string[];
  /** The refusals of the token endpoint, with why. */
  readonly refusals: string[];
  /** The end-session requests, as their query strings. */
  readonly endSessions: URLSearchParams[];
  /** What the authorize endpoint was last asked. */
  lastAuthorize?: URLSearchParams;
  close(): Promise<void>;
}

interface Pending {
  readonly challenge: string;
  readonly nonce: string;
  readonly redirectUri: string;
  readonly user: TestStaffUser;
}

export async function startOidcIssuer(options: {
  readonly clientId: string;
  readonly redirectUri: string;
}): Promise<TestOidcIssuer> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, Pending>();
  const refreshTokens = new Map<string, string>(); // refresh token → sub

  const state: TestOidcIssuer = {
    issuer,
    clientId: options.clientId,
    user: { sub: 'staff-1', org: 'mdm-lu', roles: ['coordinator'] },
    idTokenSeconds: 3600,
    idTokenAudience: options.clientId,
    grants: [],
    refusals: [],
    endSessions: [],
    close: async () => {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    },
  };

  const idToken = (user: TestStaffUser, nonce?: string) =>
    new SignJWT({ org: user.org, roles: user.roles, ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-1' })
      .setIssuer(issuer)
      .setAudience(state.idTokenAudience)
      .setSubject(user.sub)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + state.idTokenSeconds)
      .sign(privateKey);

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, why: string) => {
    state.refusals.push(why);
    json(res, 400, { error: 'invalid_grant' });
  };

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const form = new URLSearchParams(text);
    if (form.get('client_id') !== options.clientId) return refuse(res, 'client');
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!pending) return refuse(res, 'code');
      if (form.get('redirect_uri') !== pending.redirectUri) return refuse(res, 'redirect_uri');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (challenge !== pending.challenge) return refuse(res, 'pkce');
      const refresh = randomBytes(24).toString('base64url');
      refreshTokens.set(refresh, pending.user.sub);
      state.grants.push(grant);
      return json(res, 200, {
        token_type: 'Bearer',
        id_token: await idToken(pending.user, pending.nonce),
        access_token: randomBytes(16).toString('base64url'),
        refresh_token: refresh,
        expires_in: state.idTokenSeconds,
      });
    }
    if (grant === 'refresh_token') {
      const sub = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!sub || sub !== state.user.sub) return refuse(res, 'refresh_token');
      state.grants.push(grant);
      return json(res, 200, {
        token_type: 'Bearer',
        id_token: await idToken(state.user),
        access_token: randomBytes(16).toString('base64url'),
        expires_in: state.idTokenSeconds,
      });
    }
    return refuse(res, 'grant_type');
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/logout`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      case '/jwks':
        return json(res, 200, { keys: [jwk] });
      case '/authorize': {
        const q = url.searchParams;
        state.lastAuthorize = q;
        const ok =
          q.get('response_type') === 'code' &&
          q.get('client_id') === options.clientId &&
          q.get('redirect_uri') === options.redirectUri &&
          q.get('code_challenge_method') === 'S256' &&
          (q.get('code_challenge') ?? '').length >= 43 &&
          q.get('state') &&
          q.get('nonce');
        if (!ok) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          return res.end('bad authorization request');
        }
        const code = randomBytes(16).toString('base64url');
        codes.set(code, {
          challenge: q.get('code_challenge')!,
          nonce: q.get('nonce')!,
          redirectUri: options.redirectUri,
          user: { ...state.user, roles: [...state.user.roles] },
        });
        const back = new URL(options.redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state')!);
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      case '/token':
        if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request' });
        token(req, res).catch(() => json(res, 500, { error: 'server_error' }));
        return;
      case '/logout': {
        state.endSessions.push(url.searchParams);
        const to = url.searchParams.get('post_logout_redirect_uri');
        res.writeHead(to ? 302 : 200, to ? { location: to } : { 'content-type': 'text/plain' });
        return res.end(to ? undefined : 'signed out');
      }
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return state;
}
