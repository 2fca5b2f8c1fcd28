import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Specialist } from '../../../domain/directory/model.ts';
import { UNTIL_LIFTED } from '../../../domain/directory/pause-for-delivery-failure.ts';
import type { SpecialistStore } from '../../../domain/ports.ts';
import { pauseFailing } from '../../../functions/bounces/pause-on-ses-event.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';

/* A bounce and a coordinator's edit of the same directory entry at the same instant: neither is lost. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('bounces-pause-race');
});

const bounceFor = (address: string): Record<string, unknown> => {
  const event = JSON.parse(
    readFileSync(new URL('../../fixtures/ses-bounce-permanent.json', import.meta.url), 'utf8'),
  ) as { detail: { bounce: Record<string, unknown> } };
  return {
    ...event,
    id: 'ses-race-1',
    detail: {
      ...event.detail,
      bounce: { ...event.detail.bounce, bouncedRecipients: [{ emailAddress: address }] },
    },
  };
};

describe('pausing a specialist whose mail bounced', () => {
  it('decides again on the entry a coordinator changed meanwhile, keeping both changes', async () => {
    const s = specialist({ email: 'race@clinic.example' });
    await h.deps.specialists.put(s);
    let interleaved = false;
    // The coordinator's edit lands between the bounce's read and its write.
    const racing: SpecialistStore = {
      ...h.deps.specialists,
      async save(next: Specialist, expectedVersion: number) {
        if (!interleaved) {
          interleaved = true;
          const current = (await h.deps.specialists.get(s.id))!;
          await h.deps.specialists.save(
            { ...current, monthlyQuota: 7, version: (current.version ?? 1) + 1 },
            current.version ?? 1,
          );
        }
        return h.deps.specialists.save(next, expectedVersion);
      },
    };
    const { outcome } = await pauseFailing(bounceFor(s.email), { ...h.deps, specialists: racing });
    expect(outcome.paused).toEqual([s.id]);
    const stored = await h.deps.specialists.get(s.id);
    expect(stored?.monthlyQuota).toBe(7);
    expect(stored?.pausedUntil).toBe(UNTIL_LIFTED);
    expect(stored?.version).toBe((s.version ?? 1) + 2);
  });
});
