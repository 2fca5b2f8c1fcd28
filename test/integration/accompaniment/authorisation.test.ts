import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../http/harness.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  as,
  atTime,
  COORDINATOR,
  FOREIGN_ACCOMPANIER,
  linkToken,
  OTHER_ACCOMPANIER,
  read,
  scheduledReferral,
  timelineOf,
  WORKER,
} from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('acc-authz');
});
afterAll(async () => {
  await h.stopEvents();
});

const CONFIRMATIONS = [
  ['departed', undefined],
  ['arrived', undefined],
  ['absent', undefined],
  ['outcome', { attended: true }],
  ['outcome', { attended: false }],
] as const;

describe('who may confirm', () => {
  it('refuses an accompanier of another organisation everything, as if the referral did not exist', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'FOX-11' });
    for (const [step, body] of CONFIRMATIONS) {
      const res = await as(h, FOREIGN_ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/${step}`, body);
      expect(res.status, step).toBe(404);
    }
    const take = await as(h, FOREIGN_ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: FOREIGN_ACCOMPANIER.sub,
    });
    expect(take.status).toBe(404);
    expect((await as(h, FOREIGN_ACCOMPANIER, 'GET', `/v1/referrals/${r.id}`)).status).toBe(404);
    expect((await read(h, r.id)).version).toBe(r.version);
  });

  it('refuses an accompanier of the organisation who is not the one assigned (404: not theirs to see), and taking it over (409)', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'FOX-12' });
    for (const [step, body] of CONFIRMATIONS) {
      const res = await as(h, OTHER_ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/${step}`, body);
      expect(res.status, step).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await as(h, OTHER_ACCOMPANIER, 'GET', `/v1/referrals/${r.id}`)).status).toBe(404);
    const take = await as(h, OTHER_ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: OTHER_ACCOMPANIER.sub,
    });
    expect(take.status).toBe(409);
    const forSomeoneElse = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: OTHER_ACCOMPANIER.sub,
    });
    expect(forSomeoneElse.status).toBe(403);
    expect((await read(h, r.id)).version).toBe(r.version);
  });

  it('leaves departure and arrival to the accompanier: a worker or a coordinator gets 403', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'FOX-13' });
    for (const who of [WORKER, COORDINATOR]) {
      for (const step of ['departed', 'arrived', 'absent']) {
        expect((await as(h, who, 'POST', `/v1/referrals/${r.id}/${step}`)).status).toBe(403);
      }
    }
  });

  it('refuses an accompanier not assigned to one still open to take (403): seen, but not theirs to confirm', async () => {
    const r = await scheduledReferral(h, { pseudonym: 'FOX-16' });
    for (const step of ['departed', 'arrived', 'absent']) {
      expect((await as(h, OTHER_ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/${step}`)).status, step).toBe(
        403,
      );
    }
    expect((await read(h, r.id)).version).toBe(r.version);
  });

  it('lets the referring worker record the outcome, but no accompanier when none is assigned', async () => {
    const r = await scheduledReferral(h, { pseudonym: 'FOX-14' });
    const byAccompanier = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, {
      attended: false,
    });
    expect(byAccompanier.status).toBe(403);
    const byWorker = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/outcome`, { attended: false });
    expect(byWorker.status).toBe(200);
    expect(await byWorker.json()).toMatchObject({
      status: 'no_show',
      counts: { noShows: 1, absences: 0 },
      outcome: { recordedBy: { role: 'social_worker', id: WORKER.sub } },
    });
    const different = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/outcome`, { attended: true });
    expect(different.status).toBe(409);
  });

  it('refuses a note with contact details, and a follow-up date in the past', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'FOX-15' });
    const phone = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, {
      attended: true,
      note: 'call him on +352 621 123 456 next week',
    });
    expect(phone.status).toBe(400);
    expect((await phone.json()).errors).toEqual([
      { path: 'note', message: 'must not contain contact or identity data (phone)' },
    ]);
    const tooLong = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, {
      attended: true,
      note: 'x'.repeat(281),
    });
    expect(tooLong.status).toBe(400);
    const past = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, {
      attended: true,
      followUpDueAt: '2026-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect((await read(h, r.id)).status).toBe('scheduled');
  });
});

describe('taking and assigning', () => {
  it('lets one of two accompaniers taking it at once win; the other gets 409', async () => {
    const r = await scheduledReferral(h, { pseudonym: 'FOX-21' });
    const [a, b] = await Promise.all(
      [ACCOMPANIER, OTHER_ACCOMPANIER].map((who) =>
        as(h, who, 'POST', `/v1/referrals/${r.id}/accompaniment`, { accompanierId: who.sub }),
      ),
    );
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    const after = await read(h, r.id);
    expect(timelineOf(after).filter((e) => e.startsWith('accompaniment.assigned'))).toHaveLength(1);
  });

  it('lets a coordinator reassign, recorded with who had it; the previous accompanier can no longer confirm', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'FOX-22' });
    const res = await as(h, COORDINATOR, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: OTHER_ACCOMPANIER.sub,
      meetingPoint: 'Gare centrale, quai 3',
      meetingAt: '2026-11-27T09:15:00Z',
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accompaniment).toMatchObject({
      accompanierId: OTHER_ACCOMPANIER.sub,
      meetingPoint: 'Gare centrale, quai 3',
      // Stored in UTC as every instant is written.
      meetingAt: '2026-11-27T09:15:00.000Z',
    });
    expect(body.timeline.at(-1)).toMatchObject({
      action: 'accompaniment.assigned',
      actor: { role: 'coordinator', id: COORDINATOR.sub },
      detail: { accompanierId: OTHER_ACCOMPANIER.sub, previousAccompanierId: ACCOMPANIER.sub },
    });
    // No longer theirs: the previous accompanier no longer sees it either.
    expect((await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/arrived`)).status).toBe(404);
    expect((await as(h, ACCOMPANIER, 'GET', `/v1/referrals/${r.id}`)).status).toBe(404);
    const arrived = await atTime(h, () => as(h, OTHER_ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/arrived`));
    expect(arrived.status).toBe(200);
    await h.drainEvents();
    const feed = await (await as(h, OTHER_ACCOMPANIER, 'GET', '/v1/me/notifications')).json();
    expect(feed.items).toContainEqual(
      expect.objectContaining({ kind: 'accompaniment_assigned', referralId: r.id }),
    );
  });

  it('refuses a meeting point that holds a phone number', async () => {
    const r = await scheduledReferral(h, { pseudonym: 'FOX-23' });
    const res = await as(h, COORDINATOR, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
      meetingPoint: 'call 0471 12 34 56 when there',
    });
    expect(res.status).toBe(400);
  });
});

describe('specialist links', () => {
  it('cannot touch another referral: a token naming one appointment for another referral does nothing', async () => {
    const a = await scheduledReferral(h, { pseudonym: 'FOX-31' });
    const b = await scheduledReferral(h, { pseudonym: 'FOX-32' });
    const offerOfA = a.appointment ? a.offers.find((o) => o.state === 'accepted')?.id : undefined;
    if (!offerOfA) throw new Error('no accepted offer');
    const forged = await linkToken(h, b, offerOfA, 'outcome');
    const move = { appointmentAt: '2026-11-30T10:00:00Z' };
    for (const action of ['reschedule', 'outcome']) {
      const res = await h.request(`/o/${forged}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(action === 'outcome' ? { attended: true } : move),
      });
      expect(res.status, action).toBe(401);
    }
    // An offer link is not an outcome link.
    const offerLink = await linkToken(h, a, offerOfA, 'offer');
    const wrongPurpose = await h.request(`/o/${offerLink}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(move),
    });
    expect(wrongPurpose.status).toBe(401);
    expect((await read(h, a.id)).version).toBe(a.version);
    expect((await read(h, b.id)).version).toBe(b.version);
  });
});
