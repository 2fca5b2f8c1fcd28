import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../http/harness.ts';
import { ACCOMPANIER, accompaniedReferral, accompanimentHarness, as, atTime } from './support.ts';

/*
 * Truthful actions (issue 17 item 4): a confirmation counts once (API.md "confirmations, each once"); a
 * repeat is a 409 that says it was already confirmed, not a 200 that changed nothing.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('confirm-once');
});
afterAll(async () => h.stopEvents());

describe('departed and arrived, each once', () => {
  it('answers a repeated confirmation 409, saying it was already confirmed, and changes nothing', async () => {
    const r = await accompaniedReferral(h);
    await atTime(h, async () => {
      for (const step of ['departed', 'arrived'] as const) {
        const first = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/${step}`);
        expect(first.status).toBe(200);
        const version = (await first.json()).version;
        const again = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/${step}`);
        expect(again.status).toBe(409);
        expect((await again.json()).detail).toMatch(/already confirmed/);
        const now = await as(h, ACCOMPANIER, 'GET', `/v1/referrals/${r.id}`);
        expect((await now.json()).version).toBe(version);
      }
    });
  });
});
