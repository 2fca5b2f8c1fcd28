import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, openBody } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('bad-input');
});

/** How many referrals an organisation has: every refused request must leave this unchanged. */
async function countOrg(org: string): Promise<number> {
  const out = await h.deps.store.listByOrg(org, { limit: 100 });
  return out.items.length;
}
const storedReferralCount = () => countOrg('mdm-lu');

const post = (body: unknown, headers: Record<string, string> = {}) =>
  h.call('POST', '/v1/referrals', { body, headers });

// Each field of the open-referral body, made invalid in turn, with the path the 400 must name.
const INVALID: [string, Record<string, unknown>, string][] = [
  ['pseudonym missing', { pseudonym: undefined }, 'pseudonym'],
  ['pseudonym with spaces (a name)', { pseudonym: 'Maria Silva' }, 'pseudonym'],
  ['need not an object', { need: 'eyes' }, 'need'],
  ['unknown specialty', { need: { specialty: 'astrology' } }, 'need.specialty'],
  ['unknown key inside need', { need: { specialty: 'dental', extra: 1 } }, 'need.extra'],
  ['bad urgency', { urgency: 'asap' }, 'urgency'],
  ['reason empty', { reason: '' }, 'reason'],
  ['reason too long', { reason: 'x'.repeat(501) }, 'reason'],
  ['reason with a phone number', { reason: 'call her on +352 621 123 456' }, 'reason'],
  ['reason with an email address', { reason: 'write to maria.s@gmail.com' }, 'reason'],
  ['reason with a national register number', { reason: 'matricule 1985073012345' }, 'reason'],
  ['socialCheckDone not boolean', { socialCheckDone: 'yes' }, 'socialCheckDone'],
  ['socialCheckDone false', { socialCheckDone: false }, 'socialCheckDone'],
  ['consentToShare not boolean', { consentToShare: 1 }, 'consentToShare'],
  ['consentToShare false', { consentToShare: false }, 'consentToShare'],
  ['accompaniment missing required', { accompaniment: {} }, 'accompaniment.required'],
  [
    'unknown key inside accompaniment',
    { accompaniment: { required: true, phone: '1' } },
    'accompaniment.phone',
  ],
  ['languages empty', { languages: [] }, 'languages'],
  ['language not a code', { languages: ['Portuguese'] }, 'languages.0'],
  ['interpreterNeeded not boolean', { interpreterNeeded: 'no' }, 'interpreterNeeded'],
  ['autoOffer not boolean', { autoOffer: 'false' }, 'autoOffer'],
  ['unknown top-level key', { name: 'Maria' }, 'name'],
];

describe('bad input to POST /v1/referrals', () => {
  it.each(INVALID)(
    'refuses %s with a 400 naming the field, storing nothing',
    async (_label, overrides, path) => {
      const before = await storedReferralCount();
      const body = openBody(overrides);
      for (const [k, v] of Object.entries(overrides))
        if (v === undefined) delete (body as Record<string, unknown>)[k];
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json();
      expect(problem.status).toBe(400);
      const paths = (problem.errors ?? []).map((e: { path: string }) => e.path);
      if (path) expect(paths).toContain(path);
      else expect(paths.length).toBeGreaterThan(0);
      // The problem never echoes the input back.
      const text = JSON.stringify(problem);
      for (const v of Object.values(overrides)) {
        if (typeof v === 'string' && v.length > 6) expect(text).not.toContain(v);
      }
      expect(await storedReferralCount()).toBe(before);
    },
  );

  it('refuses malformed JSON with 400', async () => {
    const res = await post('{"pseudonym": "ZEBRA-1985",');
    expect(res.status).toBe(400);
    expect((await res.json()).title).toBeTruthy();
  });

  it('refuses a wrong content type with 415', async () => {
    const res = await h.call('POST', '/v1/referrals', {
      body: JSON.stringify(openBody()),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const res = await post({ ...openBody(), padding: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('refuses a missing token with 401', async () => {
    const res = await h.request('/v1/referrals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(openBody()),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a forged token with 401', async () => {
    const good = await h.token('social_worker');
    const [header, payload] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, org: 'dune-bxl' })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${good.split('.')[2]}`;
    const res = await h.request('/v1/referrals', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify(openBody()),
    });
    expect(res.status).toBe(401);
  });

  it('stored nothing through all of the above', async () => {
    expect(await storedReferralCount()).toBe(0);
    expect(await countOrg('dune-bxl')).toBe(0);
  });
});

describe('roles', () => {
  it('refuses an accompanier opening a referral (403) and stores nothing', async () => {
    const res = await h.call('POST', '/v1/referrals', { role: 'accompanier', body: openBody() });
    expect(res.status).toBe(403);
    expect(await storedReferralCount()).toBe(0);
  });
});
