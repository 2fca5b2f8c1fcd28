import { beforeAll, describe, expect, it } from 'vitest';
import { CLINICAL_REASONS } from '../../unit/domain/privacy/clinical-reasons.ts';
import { createHarness, type Harness, openBody } from './harness.ts';

/* The contact-data guard over HTTP: a reason holding contact or identity data is refused, naming the field. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('contact-guard');
});

const stored = async () => (await h.deps.store.listByOrg('mdm-lu', { limit: 100 })).items.length;

const REFUSED: readonly (readonly [string, string])[] = [
  ['a phone number in Arabic-Indic digits', 'اتصل على ٠٦٢١ ١٢٣ ٤٥٦ بعد الظهر'],
  ['a phone number in Eastern Arabic-Indic digits', 'mobile ۰۴۷۰ ۱۲ ۳۴ ۵۶'],
  ['a phone number in full-width digits', 'tel ０６２１ １２３ ４５６'],
  ['a phone number with letters for digits', 'her number is 062l l23 456'],
  ['a phone number with underscores', 'call 0470_12_34_56'],
  ['a date of birth in figures', 'cataract, patient 12/03/1985'],
  ['a date of birth in words', 'née le 12 mars 1985, cataracte'],
  ['a date of birth in Italian', 'nata il 3 marzo 1990, cataratta'],
];

describe('POST /v1/referrals with contact data in the reason', () => {
  it.each(REFUSED)('refuses %s with a 400 naming `reason`, storing nothing', async (_label, reason) => {
    const before = await stored();
    const res = await h.call('POST', '/v1/referrals', { body: openBody({ reason }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    // The problem names the kind, never the text.
    expect(JSON.stringify(problem)).not.toContain(reason.slice(-8));
    expect(await stored()).toBe(before);
  });

  it('names a date of birth as such', async () => {
    const res = await h.call('POST', '/v1/referrals', { body: openBody({ reason: 'born 12 March 1985' }) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('date_of_birth');
  });

  it('accepts ordinary reasons in the five languages, dates and times included', async () => {
    for (const reason of CLINICAL_REASONS.filter((_, i) => i % 4 === 0)) {
      const res = await h.call('POST', '/v1/referrals', { body: openBody({ reason }) });
      expect(res.status, reason).toBe(201);
    }
  });
});

describe('POST /v1/referrals with a pseudonym that is contact or identity data', () => {
  it.each([
    ['a phone number', '352621123456'],
    ['a phone number with dashes', '0621-123-456'],
    ['an identity number', '1985031212345'],
  ])('refuses %s with a 400 naming `pseudonym`, storing nothing', async (_label, pseudonym) => {
    const before = await stored();
    const res = await h.call('POST', '/v1/referrals', { body: openBody({ pseudonym }) });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(['pseudonym']);
    expect(JSON.stringify(problem)).not.toContain(pseudonym);
    expect(await stored()).toBe(before);
  });

  it('accepts pseudonyms with a few digits, and still finds one kept from before the check', async () => {
    for (const pseudonym of ['ZEBRA-1985', 'OWL-22', 'M2024-K', 'LYNX_3']) {
      const res = await h.call('POST', '/v1/referrals', { body: openBody({ pseudonym }) });
      expect(res.status, pseudonym).toBe(201);
    }
    // A list filtered by a pseudonym is a lookup, not a new pseudonym: never refused for its form.
    const res = await h.call('GET', '/v1/referrals?pseudonym=352621123456');
    expect(res.status).toBe(200);
  });
});

describe('POST /v1/referrals with text that is not text', () => {
  it.each([
    ['a lone surrogate', '{"reason":"cataract \\ud800 left eye"}'],
    ['a NUL', '{"reason":"cataract\\u0000"}'],
    ['an escape sequence', '{"reason":"\\u001b[31mcataract"}'],
  ])('refuses %s in the reason with a 400 naming it, storing nothing', async (_label, reasonJson) => {
    const before = await stored();
    const { reason: _drop, ...rest } = openBody({});
    const raw = `${JSON.stringify(rest).slice(0, -1)},${reasonJson.slice(1)}`;
    // A string body is sent as it is: the escapes reach the server as a client wrote them.
    const res = await h.call('POST', '/v1/referrals', { body: raw });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    expect(await stored()).toBe(before);
  });
});
