import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../http/harness.ts';
import {
  ACCOMPANIER,
  APPOINTMENT_AT,
  acceptFirstOffer,
  accompanimentHarness,
  as,
  COORDINATOR,
  everythingIn,
  feedKinds,
  MDM,
  mailsTo,
  openReferral,
  read,
  timelineOf,
  WORKER,
} from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('acc-path');
});
afterAll(async () => {
  await h.stopEvents();
});

const NOTE = 'post-op check in two weeks, bring the drops';
const FOLLOW_UP = '2026-12-10T09:00:00.000Z';

describe('the whole path of an accompanied referral', () => {
  it('goes open → offered → scheduled → taken → departed → arrived → attended with follow-up → closed', async () => {
    // Opened by the worker: on offer to two specialists.
    const opened = await openReferral(h);
    expect(opened.status).toBe('offered');
    const id = opened.id;
    await h.drainEvents();
    expect(await feedKinds(h, WORKER, id)).toEqual([]);

    // A specialist accepts through their link: scheduled, the worker is told.
    const scheduled = await acceptFirstOffer(h, opened);
    expect(scheduled.status).toBe('scheduled');
    expect(scheduled.appointment).toMatchObject({ at: APPOINTMENT_AT });
    expect(timelineOf(scheduled).slice(-2)).toEqual([
      `appointment.scheduled by specialist:${scheduled.appointment?.specialistId}`,
      `offer.withdrawn by specialist:${scheduled.appointment?.specialistId}`,
    ]);
    await h.drainEvents();
    expect(await feedKinds(h, WORKER, id)).toEqual(['appointment_scheduled']);

    // The accompanier sees it among those needing one, and takes it.
    const available = await (await as(h, ACCOMPANIER, 'GET', '/v1/me/available-accompaniments')).json();
    expect(available.items.map((i: { id: string }) => i.id)).toContain(id);
    const taken = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
    });
    expect(taken.status).toBe(200);
    const takenBody = await taken.json();
    expect(takenBody.accompaniment.accompanierId).toBe(ACCOMPANIER.sub);
    expect(timelineOf(takenBody).at(-1)).toBe(`accompaniment.assigned by accompanier:${ACCOMPANIER.sub}`);
    expect(taken.headers.get('etag')).toBe(`"${takenBody.version}"`);
    const again = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
    });
    expect(again.status).toBe(409);
    expect((await read(h, id)).version).toBe(takenBody.version);

    const mine = await (await as(h, ACCOMPANIER, 'GET', '/v1/me/accompaniments')).json();
    expect(mine.items).toEqual([
      expect.objectContaining({
        id,
        status: 'scheduled',
        pseudonym: 'ZEBRA-1985',
        need: { specialty: 'ophthalmology' },
        languages: ['pt', 'fr'],
        appointment: { at: APPOINTMENT_AT, place: expect.any(String) },
      }),
    ]);
    const afterTaking = await (await as(h, ACCOMPANIER, 'GET', '/v1/me/available-accompaniments')).json();
    expect(afterTaking.items.map((i: { id: string }) => i.id)).not.toContain(id);

    // On the way, then there: each confirmation once, a repeat answers the same.
    for (const step of ['departed', 'arrived'] as const) {
      h.clock.set(new Date(step === 'departed' ? '2026-11-27T09:20:00Z' : '2026-11-27T09:55:00Z'));
      const first = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${id}/${step}`);
      expect(first.status).toBe(200);
      const body = await first.json();
      expect(body.status).toBe(step);
      expect(timelineOf(body).at(-1)).toBe(`accompaniment.${step} by accompanier:${ACCOMPANIER.sub}`);
      const repeat = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${id}/${step}`);
      expect(repeat.status).toBe(409);
      expect((await read(h, id)).version).toBe(body.version);
    }
    await h.drainEvents();
    // Nothing for the worker to do while it goes to plan.
    expect(await feedKinds(h, WORKER, id)).toEqual(['appointment_scheduled']);

    // The outcome, with a follow-up date and a note: the loop closes for the worker.
    h.clock.set(new Date('2026-11-27T11:00:00Z'));
    const sentBefore = h.sent.length;
    const outcome = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${id}/outcome`, {
      attended: true,
      followUpDueAt: FOLLOW_UP,
      note: NOTE,
    });
    expect(outcome.status).toBe(200);
    // The accompanier's answer is their view: the status and the timeline's actions, never the note.
    const seenByAccompanier = await outcome.json();
    expect(seenByAccompanier).toMatchObject({ view: 'accompaniment', status: 'attended' });
    expect(JSON.stringify(seenByAccompanier)).not.toContain(NOTE);
    const attended = await read(h, id);
    expect(attended).toMatchObject({
      status: 'attended',
      outcome: {
        attended: true,
        followUpDueAt: FOLLOW_UP,
        note: NOTE,
        recordedBy: { role: 'accompanier', id: ACCOMPANIER.sub },
      },
      followUp: { dueAt: FOLLOW_UP, state: 'pending' },
    });
    expect(timelineOf(attended).at(-1)).toBe(`outcome.recorded by accompanier:${ACCOMPANIER.sub}`);
    const repeat = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${id}/outcome`, {
      attended: true,
      followUpDueAt: FOLLOW_UP,
      note: NOTE,
    });
    expect(repeat.status).toBe(409);
    expect((await read(h, id)).version).toBe(attended.version);
    await h.drainEvents();
    expect(await feedKinds(h, WORKER, id)).toEqual(['appointment_scheduled', 'outcome_recorded']);
    // The desk gets an email that says only "an outcome was recorded" and links to the referral's page.
    const desk = mailsTo(h, MDM.contact.email, sentBefore);
    expect(desk).toHaveLength(1);
    const email = everythingIn(desk[0]!);
    expect(email).toContain(`http://relais.test/app/referrals/${id}`);
    for (const secret of ['ZEBRA-1985', 'post-op', 'drops', 'cataract', 'blurred']) {
      expect(email.toLowerCase()).not.toContain(secret.toLowerCase());
    }

    // The pending follow-up shows in the organisation's list of attended referrals.
    const list = await (await as(h, WORKER, 'GET', '/v1/referrals?status=attended')).json();
    expect(list.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      followUp: { dueAt: FOLLOW_UP, state: 'pending' },
    });
    // And no longer among the accompanier's things to do.
    const done = await (await as(h, ACCOMPANIER, 'GET', '/v1/me/accompaniments')).json();
    expect(done.items.map((i: { id: string }) => i.id)).not.toContain(id);

    // The follow-up is done: the coordinator closes it as completed.
    const closed = await as(h, COORDINATOR, 'POST', `/v1/referrals/${id}/close`, { reason: 'completed' });
    expect(closed.status).toBe(200);
    const final = await read(h, id);
    expect(final).toMatchObject({ status: 'closed', closeReason: 'completed' });
    expect(final).not.toHaveProperty('followUp');

    // The timeline: who (role and id) did what, in order, and when.
    const specialistId = scheduled.appointment?.specialistId;
    expect(timelineOf(final)).toEqual([
      `referral.opened by social_worker:${WORKER.sub}`,
      `offer.sent by social_worker:${WORKER.sub}`,
      `offer.sent by social_worker:${WORKER.sub}`,
      `appointment.scheduled by specialist:${specialistId}`,
      `offer.withdrawn by specialist:${specialistId}`,
      `accompaniment.assigned by accompanier:${ACCOMPANIER.sub}`,
      `accompaniment.departed by accompanier:${ACCOMPANIER.sub}`,
      `accompaniment.arrived by accompanier:${ACCOMPANIER.sub}`,
      `outcome.recorded by accompanier:${ACCOMPANIER.sub}`,
      `referral.closed by coordinator:${COORDINATOR.sub}`,
    ]);
    const at = (action: string) => final.timeline.find((e) => e.action === action)?.at;
    expect(at('accompaniment.departed')).toBe('2026-11-27T09:20:00.000Z');
    expect(at('accompaniment.arrived')).toBe('2026-11-27T09:55:00.000Z');
    expect(at('outcome.recorded')).toBe('2026-11-27T11:00:00.000Z');
    // The timeline carries ids and codes, never the note.
    expect(JSON.stringify(final.timeline)).not.toContain('post-op');
  });
});
