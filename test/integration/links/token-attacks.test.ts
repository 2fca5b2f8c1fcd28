import { createHmac } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import {
  LINK_AUDIENCE,
  LINK_ISSUER,
  LINK_TOKEN_TYPE,
} from '../../../functions/adapters/tokens/link-tokens.ts';
import { type Harness, specialist } from '../http/harness.ts';
import {
  linkIn,
  linksHarness,
  mailsTo,
  openReferral,
  pathOf,
  postForm,
  postJson,
  stored,
} from './support.ts';

/*
 * Attacks on the link tokens, over HTTP, each a test that shows the attack changes nothing: the referral
 * is the same afterwards (same version, same offers) and no email goes out.
 */

let h: Harness;
const eye = specialist({ id: 'atk-eye', email: 'atk-eye@clinic.example', locale: 'en', monthlyQuota: 50 });
const eye2 = specialist({
  id: 'atk-eye-2',
  email: 'atk-eye-2@clinic.example',
  locale: 'en',
  monthlyQuota: 50,
});

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const partsOf = (token: string) => {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return { header, payload, signature };
};
const decode = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString());

let a: Referral;
let b: Referral;
/** Offer links as emailed: to `eye` on referral A and on referral B. */
let linkA: string;
let linkB: string;

beforeAll(async () => {
  h = await linksHarness('links-token-attacks', [eye, eye2]);
  a = await openReferral(h, { pseudonym: 'ATTACK-A' });
  await h.drainEvents();
  linkA = pathOf(linkIn(mailsTo(h, eye.email).at(-1)?.text));
  b = await openReferral(h, { pseudonym: 'ATTACK-B' });
  await h.drainEvents();
  linkB = pathOf(linkIn(mailsTo(h, eye.email).at(-1)?.text));
});

afterAll(async () => {
  await h?.stopEvents();
});

const tokenOf = (path: string) => path.slice('/o/'.length);

/** Runs `attack` and checks that neither referral nor the outbox moved. */
async function changesNothing(attack: () => Promise<void>): Promise<void> {
  const before = [await stored(h, a.id), await stored(h, b.id)];
  const sent = h.sent.length;
  await attack();
  await h.drainEvents();
  expect([await stored(h, a.id), await stored(h, b.id)]).toEqual(before);
  expect(h.sent.length).toBe(sent);
}

/**
 * Every way of using a token: the page, and each answer as JSON and as a form. An offer token on the
 * outcome route is of the wrong purpose, hence invalid (401) whatever else is wrong with it.
 */
async function expectEveryUseRefused(token: string, status: number, outcomeStatus = 401): Promise<void> {
  await changesNothing(async () => {
    const page = await h.request(`/o/${token}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(status);
    const head = await h.request(`/o/${token}`, { method: 'HEAD' });
    expect(head.status).toBe(status);
    const answers: [string, Record<string, string>][] = [
      ['accept', { appointmentAt: '2026-11-27T09:30:00Z' }],
      ['decline', { reason: 'no_capacity' }],
      ['more-info', { question: 'Is there a letter from the GP?' }],
      ['advice', { advice: 'Drops twice a day.' }],
      ['outcome', { attended: 'true' }],
    ];
    for (const [action, body] of answers) {
      const expected = action === 'outcome' ? outcomeStatus : status;
      const json = await postJson(h, `/o/${token}/${action}`, body);
      expect(json.status, `${action} as JSON`).toBe(expected);
      expect(json.headers.get('content-type')).toBe('application/problem+json');
      const form = await postForm(h, `/o/${token}/${action}`, body);
      expect(form.status, `${action} as a form`).toBe(expected);
      expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });
}

/** A token signed with the app's own key, claims of our choosing. */
async function signed(
  claims: Record<string, unknown>,
  opts: { audience?: string; typ?: string; exp?: number; kid?: string } = {},
): Promise<string> {
  const key = await importJWK(h.linkKey.privateJwk, 'ES256');
  const now = Math.floor(h.clock.now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: opts.kid ?? h.linkKey.kid, typ: opts.typ ?? LINK_TOKEN_TYPE })
    .setIssuer(LINK_ISSUER)
    .setAudience(opts.audience ?? LINK_AUDIENCE)
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(opts.exp ?? now + 3600)
    .sign(key);
}

describe('link token attacks', () => {
  it('refuses a token whose signature was tampered with (401)', async () => {
    const { header, payload, signature } = partsOf(tokenOf(linkA));
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    await expectEveryUseRefused(`${header}.${payload}.${flipped}`, 401);
  });

  it('refuses a token whose payload was changed to name another offer (401)', async () => {
    const { header, payload, signature } = partsOf(tokenOf(linkA));
    const claims = decode(payload);
    const forged = b64url(JSON.stringify({ ...claims, sub: b.offers[0]?.id, ref: b.id }));
    await expectEveryUseRefused(`${header}.${forged}.${signature}`, 401);
  });

  it('refuses an unsigned token (alg none) (401)', async () => {
    const { payload } = partsOf(tokenOf(linkA));
    const header = b64url(JSON.stringify({ alg: 'none', kid: h.linkKey.kid, typ: LINK_TOKEN_TYPE }));
    await expectEveryUseRefused(`${header}.${payload}.`, 401);
  });

  it('refuses an HS256 token signed with the public key as the secret (401)', async () => {
    const { payload } = partsOf(tokenOf(linkA));
    const header = b64url(JSON.stringify({ alg: 'HS256', kid: h.linkKey.kid, typ: LINK_TOKEN_TYPE }));
    for (const secret of [JSON.stringify(h.linkKey.publicJwk), String(h.linkKey.publicJwk.x)]) {
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      await expectEveryUseRefused(`${header}.${payload}.${signature}`, 401);
    }
  });

  it('refuses a genuine signature for another audience, type or unknown key (401)', async () => {
    const claims = { purpose: 'offer', ref: a.id, sub: a.offers[0]?.id };
    await expectEveryUseRefused(await signed(claims, { audience: 'relais-api' }), 401);
    await expectEveryUseRefused(await signed(claims, { typ: 'JWT' }), 401);
    await expectEveryUseRefused(await signed(claims, { kid: 'someone-else' }), 401);
  });

  it('refuses offer A’s token used for offer B (a genuine token whose offer is not of that referral) (401)', async () => {
    const offerA = a.offers.find((o) => o.specialistId === eye.id)?.id;
    await expectEveryUseRefused(await signed({ purpose: 'offer', ref: b.id, sub: offerA }), 401);
    await expectEveryUseRefused(await signed({ purpose: 'offer', ref: a.id, sub: 'no-such-offer' }), 401);
  });

  it('refuses an outcome token on an offer route and an offer token on the outcome route (401)', async () => {
    const offerA = a.offers.find((o) => o.specialistId === eye.id)?.id;
    const outcome = await signed({ purpose: 'outcome', ref: a.id, sub: offerA });
    await changesNothing(async () => {
      for (const action of ['accept', 'decline', 'more-info', 'advice']) {
        const res = await postJson(h, `/o/${outcome}/${action}`, {
          appointmentAt: '2026-11-27T09:30:00Z',
          reason: 'other',
          question: 'Any letter?',
          advice: 'Rest.',
        });
        expect(res.status, action).toBe(401);
      }
      // The offer is pending, not accepted: its outcome link names no appointment.
      expect((await h.request(`/o/${outcome}`)).status).toBe(401);
      expect((await postJson(h, `${linkA}/outcome`, { attended: true })).status).toBe(401);
    });
  });

  it('refuses an expired link (410) and says so on the page, changing nothing', async () => {
    const offer = a.offers.find((o) => o.specialistId === eye.id);
    const realNow = h.clock.now();
    h.clock.set(new Date(Date.parse(offer?.expiresAt ?? '') + 60_000));
    try {
      await expectEveryUseRefused(tokenOf(linkA), 410);
      const page = await h.request(linkA, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('This link has expired');
    } finally {
      h.clock.set(realNow);
    }
    // A token whose own exp has passed although the offer is still open is expired too.
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const stale = await signed({ purpose: 'offer', ref: a.id, sub: offer?.id }, { exp: now - 60 });
    await expectEveryUseRefused(stale, 410);
  });

  it('refuses a replayed link after it was used (410), whatever the answer tried', async () => {
    expect((await postJson(h, `${linkB}/decline`, { reason: 'no_capacity' })).status).toBe(200);
    await h.drainEvents();
    const statuses: number[] = [];
    await changesNothing(async () => {
      statuses.push((await postJson(h, `${linkB}/decline`, { reason: 'other' })).status);
      statuses.push((await postJson(h, `${linkB}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status);
      statuses.push((await postForm(h, `${linkB}/advice`, { advice: 'Rest.' })).status);
      statuses.push((await h.request(linkB, { headers: { accept: 'text/html' } })).status);
    });
    expect(statuses).toEqual([410, 410, 410, 410]);
  });

  it('refuses garbage in the token slot (401) without echoing it', async () => {
    for (const token of ['xyzzy', 'a.b.c', `${'e'.repeat(3000)}`, 'eyJhbGciOiJub25lIn0..']) {
      const res = await postJson(h, `/o/${encodeURIComponent(token)}/accept`, {
        appointmentAt: '2026-11-27T09:30:00Z',
      });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain(token.slice(0, 20));
    }
  });

  it('refuses a token of thousands of characters on every link route (401), never a 500', async () => {
    const { header, signature } = partsOf(tokenOf(linkA));
    const huge = [
      'a'.repeat(2100),
      `${header}.${'A'.repeat(20_000)}.${signature}`,
      `${b64url(JSON.stringify({ alg: 'ES256', kid: 'k'.repeat(5000), typ: LINK_TOKEN_TYPE }))}.e30.${signature}`,
    ];
    for (const token of huge) {
      await expectEveryUseRefused(token, 401);
      await changesNothing(async () => {
        for (const [method, route] of [
          ['GET', 'address'],
          ['POST', 'address'],
          ['POST', 'reschedule'],
        ] as const) {
          const res =
            method === 'GET'
              ? await h.request(`/o/${token}/${route}`, { headers: { accept: 'text/html' } })
              : await postForm(h, `/o/${token}/${route}`, {});
          expect(res.status, `${method} ${route}`).toBe(401);
          expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        }
      });
    }
  });
});
