import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../http/harness.ts';
import {
  accompaniedReferral,
  accompanimentHarness,
  as,
  COORDINATOR,
  everythingIn,
  linkToken,
  MDM,
  mailsTo,
  openReferral,
  read,
  specialistEmail,
  timelineOf,
  WORKER,
} from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('acc-consent');
});
afterAll(async () => {
  await h.stopEvents();
});

const PERSON = 'HERON-77';

describe('consent withdrawal for a pseudonym', () => {
  it('closes every open referral of the person as withdrawn, stops their links, and tells each specialist neutrally', async () => {
    const onOffer = await openReferral(h, { pseudonym: PERSON });
    const scheduled = await accompaniedReferral(h, {
      pseudonym: PERSON,
      need: { specialty: 'ophthalmology' },
    });
    const done = await openReferral(h, { pseudonym: PERSON, autoOffer: false });
    await as(h, WORKER, 'POST', `/v1/referrals/${done.id}/close`, { reason: 'completed' });
    const someoneElse = await openReferral(h, { pseudonym: 'OTHER-PERSON-1' });
    await h.drainEvents();

    const pending = onOffer.offers.filter((o) => o.state === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    const offerLink = await linkToken(h, onOffer, pending[0]!.id, 'offer');
    const accepted = scheduled.offers.find((o) => o.state === 'accepted');
    const outcomeLink = await linkToken(h, scheduled, accepted!.id, 'outcome');
    const before = h.sent.length;

    const res = await as(h, WORKER, 'POST', `/v1/people/${PERSON}/consent-withdrawal`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.pseudonym).toBe(PERSON);
    expect(body.changed.map((c: { id: string }) => c.id).sort()).toEqual([onOffer.id, scheduled.id].sort());
    expect(body.changed.every((c: { status: string }) => c.status === 'closed')).toBe(true);
    expect(body.unchanged).toBe(1);

    for (const id of [onOffer.id, scheduled.id]) {
      const r = await read(h, id);
      expect(r).toMatchObject({
        status: 'closed',
        closeReason: 'withdrawn',
        consent: { withdrawnBy: { role: 'social_worker', id: WORKER.sub } },
      });
      // The closing, then the offers it withdrew (a change's first event is the change itself).
      const timeline = timelineOf(r);
      const closed = timeline.lastIndexOf(`referral.closed by social_worker:${WORKER.sub}`);
      expect(closed).toBeGreaterThanOrEqual(0);
      expect(timeline.slice(closed + 1).every((entry) => entry.startsWith('offer.withdrawn'))).toBe(true);
    }
    expect((await read(h, someoneElse.id)).status).toBe('offered');
    expect((await read(h, done.id)).closeReason).toBe('completed');

    // Every link stops working.
    const accept = await h.request(`/o/${offerLink}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentAt: '2026-12-01T10:00:00Z' }),
    });
    expect(accept.status).toBe(410);
    const move = await h.request(`/o/${outcomeLink}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentAt: '2026-12-01T10:00:00Z' }),
    });
    expect(move.status).toBe(410);

    // Each specialist concerned: a neutral email; the one with an appointment, a calendar cancellation.
    await h.drainEvents();
    // (The desk gets the accompanier's calendar cancellation: see notifications/everyone-told.test.ts.)
    const withdrawn = h.sent.slice(before).filter((m) => m.to !== MDM.contact.email);
    expect(withdrawn.map((m) => m.subject)).toEqual(withdrawn.map(() => 'Relais : demande retirée'));
    // One per request and specialist concerned: the pending offers of one, the appointment of the other.
    expect(withdrawn).toHaveLength(pending.length + 1);
    for (const o of pending)
      expect(mailsTo(h, await specialistEmail(h, o.specialistId), before).length).toBeGreaterThan(0);
    const withAppointment = mailsTo(h, await specialistEmail(h, accepted!.specialistId), before).filter(
      (m) => (m.attachments?.length ?? 0) > 0,
    );
    expect(withAppointment).toHaveLength(1);
    expect(withAppointment[0]?.attachments?.[0]?.content).toContain('METHOD:CANCEL');
    expect(withAppointment[0]?.attachments?.[0]?.content).toContain(`UID:${accepted!.id}@relais`);
    for (const m of h.sent.slice(before)) {
      const all = everythingIn(m).toLowerCase();
      for (const secret of [PERSON, 'cataract', 'blurred', 'consent'])
        expect(all).not.toContain(secret.toLowerCase());
    }

    // Again: nothing more changes, nobody is told twice.
    const sentNow = h.sent.length;
    const again = await as(h, COORDINATOR, 'POST', `/v1/people/${PERSON}/consent-withdrawal`);
    expect(await again.json()).toMatchObject({ changed: [], unchanged: 3 });
    await h.drainEvents();
    expect(h.sent.length).toBe(sentNow);
  });

  it('is a 404 for a pseudonym with no referral in the caller’s organisation, and refuses accompaniers', async () => {
    await openReferral(h, { pseudonym: 'KITE-5' });
    const other = await h.call('POST', '/v1/people/KITE-5/consent-withdrawal', { org: 'dune-bxl' });
    expect(other.status).toBe(404);
    const accompanier = await h.call('POST', '/v1/people/KITE-5/consent-withdrawal', { role: 'accompanier' });
    expect(accompanier.status).toBe(403);
    const bad = await as(h, WORKER, 'POST', '/v1/people/not%20a%20pseudonym/consent-withdrawal');
    expect(bad.status).toBe(400);
  });
});

describe('do not contact directly', () => {
  it('marks every open referral of the person, on the timeline, and specialists are told to go through the organisation', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'WREN-3' });
    await h.drainEvents();
    const res = await as(h, WORKER, 'POST', '/v1/people/WREN-3/do-not-contact', { doNotContact: true });
    expect(res.status).toBe(200);
    expect((await res.json()).changed).toHaveLength(1);
    const marked = await read(h, r.id);
    expect(marked.doNotContactDirectly).toBe(true);
    expect(timelineOf(marked).at(-1)).toBe(`person.do_not_contact by social_worker:${WORKER.sub}`);
    const again = await as(h, WORKER, 'POST', '/v1/people/WREN-3/do-not-contact', { doNotContact: true });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toMatch(/already marked/);

    const before = h.sent.length;
    await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, {
      appointmentAt: '2026-12-03T10:00:00Z',
    });
    await h.drainEvents();
    const mails = mailsTo(h, await specialistEmail(h, r.appointment!.specialistId), before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('le contact passe uniquement par Médecins du Monde Luxembourg');
  });
});
