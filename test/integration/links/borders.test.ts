import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation, Specialist } from '../../../domain/directory/model.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';
import { MDM, postJson, stored } from './support.ts';

/*
 * Matching never crosses a border, whichever path makes the offer: opening, a decline by link, an expiry
 * by the sweep, an answer to a question, POST /offers. A Brussels dental referral is offered to Belgian
 * dentists only, although the Luxembourg dentists would rank first (their ids sort first and they speak
 * the person's languages).
 */

/** The Brussels organisation of the demo network. */
const DUNE: Organisation = { ...MDM, id: 'dune-bxl', name: 'DUNE', city: 'Bruxelles', country: 'BE' };

const dentist = (id: string, country: string): Specialist =>
  specialist({ id, specialty: 'dental', country, languages: ['pt', 'fr'], monthlyQuota: 50 });
const LUXEMBOURG = ['a-lu-1', 'a-lu-2', 'a-lu-3', 'a-lu-4'].map((id) => dentist(id, 'LU'));
const BELGIUM = ['z-be-1', 'z-be-2', 'z-be-3', 'z-be-4'].map((id) => dentist(id, 'BE'));
const LU_IDS = new Set(LUXEMBOURG.map((s) => s.id));

let h: Harness;

beforeAll(async () => {
  h = await createHarness('links-borders');
  await h.deps.organisations.put(MDM);
  await h.deps.organisations.put(DUNE);
  for (const s of [...LUXEMBOURG, ...BELGIUM]) await h.deps.specialists.put(s);
});

afterAll(async () => {
  await h?.stopEvents();
});

const inBrussels = { org: 'dune-bxl' };

async function openInBrussels(pseudonym: string): Promise<Referral> {
  const res = await h.call('POST', '/v1/referrals', {
    ...inBrussels,
    body: openBody({ pseudonym, need: { specialty: 'dental' } }),
  });
  expect(res.status).toBe(201);
  return stored(h, (await res.json()).id);
}

/** Every specialist ever offered the referral, and none of them in Luxembourg. */
function expectOnlyBelgian(r: Referral): void {
  const offered = r.offers.map((o) => o.specialistId);
  expect(offered.filter((id) => LU_IDS.has(id))).toEqual([]);
}

async function linkOf(r: Referral, offerId: string): Promise<string> {
  const token = await h.deps.linkTokens.sign({
    purpose: 'offer',
    offerId,
    referralId: r.id,
    expiresAt: new Date('2027-01-31T00:00:00Z'),
    now: h.clock.now(),
  });
  return `/o/${token}`;
}

const pending = (r: Referral) => r.offers.filter((o) => o.state === 'pending');

describe('a Brussels referral', () => {
  it('is offered to Belgian dentists when it opens', async () => {
    const r = await openInBrussels('BXL-OPEN');
    expect(pending(r).map((o) => o.specialistId)).toEqual(['z-be-1', 'z-be-2']);
    expectOnlyBelgian(r);
  });

  it('goes to the next Belgian dentist when one declines by link, never to Luxembourg', async () => {
    let r = await openInBrussels('BXL-DECLINE');
    for (let i = 0; i < 3; i++) {
      const offer = pending(r)[0];
      if (!offer) break;
      const res = await postJson(h, `${await linkOf(r, offer.id)}/decline`, { reason: 'no_capacity' });
      expect(res.status).toBe(200);
      r = await stored(h, r.id);
      expectOnlyBelgian(r);
    }
    expect(r.offers.map((o) => o.specialistId).sort()).toEqual(BELGIUM.map((s) => s.id));
    // Every Belgian dentist asked, one still pending: the Luxembourg ones were never a fallback.
    expect(r.status).toBe('offered');
  });

  it('goes to the next Belgian dentists when the sweep expires the offers, never to Luxembourg', async () => {
    const start = h.clock.now();
    try {
      const r = await openInBrussels('BXL-EXPIRY');
      h.clock.set(new Date(Date.parse(r.offers[0]!.expiresAt) + 60_000));
      await runSweep(h.deps);
      const after = await stored(h, r.id);
      expect(pending(after).map((o) => o.specialistId)).toEqual(['z-be-3', 'z-be-4']);
      expectOnlyBelgian(after);

      // Nobody left in Belgium: the coordinator is alerted, nobody in Luxembourg is asked.
      h.clock.set(new Date(Date.parse(pending(after)[0]!.expiresAt) + 60_000));
      await runSweep(h.deps);
      const exhausted = await stored(h, r.id);
      expect(exhausted.status).toBe('open');
      expect(exhausted.candidatesExhaustedAt).toBeDefined();
      expectOnlyBelgian(exhausted);
    } finally {
      h.clock.set(start);
    }
  });

  it('is offered again to the same Belgian dentists after an answer, then to Belgians only', async () => {
    const r = await openInBrussels('BXL-ANSWER');
    const asking = pending(r)[0]!;
    const paused = pending(r)
      .slice(1)
      .map((o) => o.specialistId);
    const link = await linkOf(r, asking.id);
    expect((await postJson(h, `${link}/more-info`, { question: 'Is there an X-ray?' })).status).toBe(200);
    const answered = await h.call('POST', `/v1/referrals/${r.id}/answer`, {
      ...inBrussels,
      body: { answer: 'Yes, from last month.' },
    });
    expect(answered.status).toBe(200);
    let after = await stored(h, r.id);
    // The one who asked, and those whose offers the question paused.
    expect(pending(after).map((o) => o.specialistId)).toEqual([asking.specialistId, ...paused]);
    expectOnlyBelgian(after);

    const fresh = pending(after)[0]!;
    const res = await postJson(h, `${await linkOf(after, fresh.id)}/decline`, { reason: 'no_capacity' });
    expect(res.status).toBe(200);
    after = await stored(h, r.id);
    expect(pending(after).length).toBeGreaterThan(0);
    expectOnlyBelgian(after);
  });

  it('is offered to more Belgian dentists by POST /offers {}, and refuses a named Luxembourg one', async () => {
    const r = await openInBrussels('BXL-MORE');
    const more = await h.call('POST', `/v1/referrals/${r.id}/offers`, { ...inBrussels, body: {} });
    expect(more.status).toBe(200);
    const after = await stored(h, r.id);
    expect(pending(after).map((o) => o.specialistId)).toEqual(['z-be-1', 'z-be-2', 'z-be-3', 'z-be-4']);
    expectOnlyBelgian(after);

    const r2 = await openInBrussels('BXL-NAMED');
    const named = await h.call('POST', `/v1/referrals/${r2.id}/offers`, {
      ...inBrussels,
      body: { specialistIds: ['z-be-3', 'a-lu-1'] },
    });
    expect(named.status).toBe(422);
    expect((await named.json()).errors).toEqual([expect.objectContaining({ path: 'specialistIds.1' })]);
    expect(await stored(h, r2.id)).toEqual(r2);
  });

  it('refuses a named dentist who is paused, or out of quota, as it refuses an automatic one', async () => {
    const paused = dentist('z-be-paused', 'BE');
    await h.deps.specialists.put({ ...paused, pausedUntil: '2027-06-01T00:00:00Z' });
    const full = dentist('z-be-full', 'BE');
    await h.deps.specialists.put({ ...full, monthlyQuota: 0 });
    const r = await openInBrussels('BXL-PAUSED');
    for (const id of ['z-be-paused', 'z-be-full']) {
      const res = await h.call('POST', `/v1/referrals/${r.id}/offers`, {
        ...inBrussels,
        body: { specialistIds: [id, 'z-be-3'] },
      });
      expect(res.status).toBe(422);
      expect((await res.json()).errors).toEqual([expect.objectContaining({ path: 'specialistIds.0' })]);
    }
    expect(await stored(h, r.id)).toEqual(r);
  });
});
