import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLocalStaffVerifier,
  signLocalStaffToken,
} from '../../../functions/adapters/tokens/staff-tokens.ts';
import { LOCAL_STAFF_AUDIENCE, LOCAL_STAFF_ISSUER, loadOrCreateKeys } from '../../../local/keys.ts';

describe('loadOrCreateKeys', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'relais-keys-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('makes the staff issuer and link keys on first use, readable by their owner only', async () => {
    const dir = dataDir();
    const keys = await loadOrCreateKeys(dir);
    expect(keys.staff.privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(keys.staff.publicJwk.d).toBeUndefined();
    expect(keys.link.kid).toMatch(/^local-/);
    expect(keys.link.privateJwk.kid).toBe(keys.link.kid);
    expect(keys.wrapping).toHaveLength(32);
    for (const file of ['staff-issuer.json', 'link-signing.json', 'data-key-wrapping.json']) {
      expect(statSync(join(dir, 'keys', file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('reuses them after', async () => {
    const dir = dataDir();
    const first = await loadOrCreateKeys(dir);
    const again = await loadOrCreateKeys(dir);
    expect(again).toEqual(first);
  });

  it('gives one key to two first starts at once', async () => {
    const dir = dataDir();
    const [a, b] = await Promise.all([loadOrCreateKeys(dir), loadOrCreateKeys(dir)]);
    expect(a).toEqual(b);
    expect(JSON.parse(readFileSync(join(dir, 'keys', 'staff-issuer.json'), 'utf8'))).toEqual(a.staff);
  });

  it('signs staff tokens that the local verifier accepts', async () => {
    const { staff } = await loadOrCreateKeys(dataDir());
    const issuer = { issuer: LOCAL_STAFF_ISSUER, audience: LOCAL_STAFF_AUDIENCE };
    const token = await signLocalStaffToken(
      { privateJwk: staff.privateJwk, ...issuer },
      { sub: 'coordinator-mdm-lu', org: 'mdm-lu', roles: ['coordinator'] },
    );
    const verify = createLocalStaffVerifier({ publicJwk: staff.publicJwk, ...issuer });
    expect(await verify(token)).toEqual({ sub: 'coordinator-mdm-lu', org: 'mdm-lu', roles: ['coordinator'] });
  });
});
