import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../http/harness.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  as,
  atTime,
  COORDINATOR,
  linkToken,
  WORKER,
} from './support.ts';

/*
 * Truthful actions (issue 17 item 4): an action that would change nothing is answered 409 (already so)
 * or 422 (not in this state) with the reason, never a 200 with the referral as it was; the version
 * does not move.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('truthful-repeats');
});
afterAll(async () => h.stopEvents());

const versionOf = async (id: string): Promise<number> =>
  (await (await as(h, WORKER, 'GET', `/v1/referrals/${id}`)).json()).version;

async function refusedUnchanged(res: Response, id: string, status: number, detail: RegExp, version: number) {
  expect(res.status).toBe(status);
  expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
  expect(await versionOf(id)).toBe(version);
}

describe('an action that changes nothing says so', () => {
  it('answers the same outcome recorded twice 409, saying when it was recorded', async () => {
    const r = await accompaniedReferral(h);
    await atTime(h, async () => {
      const path = `/v1/referrals/${r.id}/outcome`;
      expect((await as(h, ACCOMPANIER, 'POST', path, { attended: true })).status).toBe(200);
      const version = await versionOf(r.id);
      const again = await as(h, ACCOMPANIER, 'POST', path, { attended: true });
      await refusedUnchanged(
        again,
        r.id,
        409,
        /outcome \(attended\) was already recorded at .*nothing changed/,
        version,
      );
    });
  });

  it('answers an outcome link used again with the link’s own refusal, and changes nothing', async () => {
    const r = await accompaniedReferral(h);
    const offerId = r.offers.find((o) => o.state === 'accepted')?.id ?? '';
    const token = await linkToken(h, r, offerId, 'outcome');
    const post = () =>
      h.request(`/o/${token}/outcome`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ attended: true }),
      });
    await atTime(h, async () => {
      expect((await post()).status).toBe(200);
      const version = await versionOf(r.id);
      const again = await post();
      expect(again.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(await again.json())).toMatch(/already|used/);
      expect(await versionOf(r.id)).toBe(version);
    });
  });

  it('answers a follow-up done twice 409, saying when it was done', async () => {
    const r = await accompaniedReferral(h);
    await atTime(h, async () => {
      const outcome = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, {
        attended: true,
        followUpDueAt: '2026-12-20T10:00:00Z',
      });
      expect(outcome.status).toBe(200);
      const path = `/v1/referrals/${r.id}/follow-up`;
      expect((await as(h, WORKER, 'POST', path, { done: true })).status).toBe(200);
      const version = await versionOf(r.id);
      const again = await as(h, WORKER, 'POST', path, { done: true });
      await refusedUnchanged(again, r.id, 409, /already recorded as done at .*nothing changed/, version);
    });
  });

  it('answers do-not-contact set to the value it has 409, naming it', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-7' });
    const path = '/v1/people/HERON-7/do-not-contact';
    const lift = await as(h, COORDINATOR, 'POST', path, { doNotContact: false });
    await refusedUnchanged(lift, r.id, 409, /No open referral .* is marked/, r.version);
    expect((await as(h, WORKER, 'POST', path, { doNotContact: true })).status).toBe(200);
    const version = await versionOf(r.id);
    const again = await as(h, WORKER, 'POST', path, { doNotContact: true });
    await refusedUnchanged(again, r.id, 409, /already marked .*nothing changed/, version);
  });

  it('answers the same accompanier assigned again 409', async () => {
    const r = await accompaniedReferral(h);
    const again = await as(h, COORDINATOR, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
    });
    await refusedUnchanged(again, r.id, 409, /already accompanies this person.*nothing changed/, r.version);
  });

  it('answers an absence recorded twice 409, and seen-again when not on hold 422', async () => {
    const r = await accompaniedReferral(h);
    const seen = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/seen-again`);
    await refusedUnchanged(seen, r.id, 422, /not waiting for the person to be seen again/, r.version);
    await atTime(h, async () => {
      expect((await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`)).status).toBe(200);
      const version = await versionOf(r.id);
      const again = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`);
      await refusedUnchanged(again, r.id, 409, /absence was already recorded at .*nothing changed/, version);
    });
  });
});
