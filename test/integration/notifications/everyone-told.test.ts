import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOMPANIER,
  acceptFirstOffer,
  accompaniedReferral,
  accompanimentHarness,
  as,
  COORDINATOR,
  feedKinds,
  MDM,
  mailsTo,
  openReferral,
  PLACE,
  specialistEmail,
  WORKER,
} from '../accompaniment/support.ts';
import type { Harness } from '../http/harness.ts';
import { specialist } from '../http/harness.ts';
import { expectNoHealthData, parse } from '../links/support.ts';
import { invitationIn } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('everyone-told');
});
afterAll(async () => {
  await h.stopEvents();
});

/** The accepted offer's id: the specialist's calendar event is named after it. */
const acceptedOffer = (r: { offers: readonly { id: string; state: string }[] }): string =>
  r.offers.find((o) => o.state === 'accepted')?.id ?? 'none';

/** A colleague of the referring worker, who did not open the referrals. */
const COLLEAGUE = { role: 'social_worker', sub: 'sw-colleague' } as const;

describe('the accompanier', () => {
  it('gets an invitation with the meeting point, then the cancellation (same uid, higher sequence) and a feed item when the referral is cancelled', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-1' });
    const offerId = acceptedOffer(r);
    await h.drainEvents();
    // A minute later (the service clock), the meeting details.
    h.clock.set(new Date(h.clock.now().getTime() + 60_000));
    const meet = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
      meetingPoint: 'Gare centrale, quai 3',
      meetingAt: '2026-11-27T09:15:00Z',
    });
    expect(meet.status).toBe(200);
    await h.drainEvents();
    const invitations = mailsTo(h, MDM.contact.email).filter((m) =>
      m.attachments?.some((a) => a.content.includes(`UID:${offerId}.accompaniment@relais`)),
    );
    // The first assignment, then the meeting details: one event, updated.
    expect(invitations).toHaveLength(2);
    const first = await invitationIn(invitations[0]!);
    const update = await invitationIn(invitations[1]!);
    expect(first).toMatchObject({
      method: 'REQUEST',
      uid: `${offerId}.accompaniment@relais`,
      sequence: 0,
      organizer: `mailto:${MDM.contact.email}`,
      attendee: `mailto:${MDM.contact.email}`,
    });
    expect(update).toMatchObject({ method: 'REQUEST', uid: first.uid, sequence: 1 });
    const props = Object.fromEntries(update.props.map((p) => [p.name, p.value]));
    // Where to meet is typed by people: the event and the email link the referral's page instead.
    expect(props['LOCATION']).toBeUndefined();
    expect(props['DESCRIPTION']).toContain(`/app/referrals/${r.id}`);
    expect(update.mail.text).toContain(`http://relais.test/app/referrals/${r.id}`);
    expect(props['DTSTART']).toBe('20261127T091500Z');
    expect(update.mail.subject).toMatch(/^Relais : accompagnement le /);
    expectNoHealthData(update.mail, ['HERON-1', 'Gare centrale', PLACE, 'Ophtalmologie']);

    h.clock.set(new Date(h.clock.now().getTime() + 60_000));
    const before = h.sent.length;
    const closed = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/close`, { reason: 'cancelled' });
    expect(closed.status).toBe(200);
    await h.drainEvents();
    expect(await feedKinds(h, ACCOMPANIER, r.id)).toContain('accompaniment_cancelled');
    const cancellation = mailsTo(h, MDM.contact.email, before).find((m) =>
      m.attachments?.some((a) => a.content.includes('.accompaniment@relais')),
    );
    expect(cancellation).toBeDefined();
    const cancel = await invitationIn(cancellation!);
    expect(cancel).toMatchObject({
      method: 'CANCEL',
      uid: first.uid,
      sequence: 2,
      organizer: `mailto:${MDM.contact.email}`,
      attendee: `mailto:${MDM.contact.email}`,
    });
    expect(cancel.mail.subject).toMatch(/^Relais : accompagnement annulé/);
    expectNoHealthData(cancel.mail, ['HERON-1', 'Gare centrale', PLACE, 'Ophtalmologie']);

    // The specialist's cancellation is organised by the desk and names the specialist as attendee.
    const to = await specialistEmail(h, r.appointment!.specialistId);
    const withdrawn = mailsTo(h, to, before);
    expect(withdrawn).toHaveLength(1);
    const specialistCancel = await invitationIn(withdrawn[0]!);
    expect(specialistCancel).toMatchObject({
      method: 'CANCEL',
      uid: `${offerId}@relais`,
      sequence: 1,
      organizer: `mailto:${MDM.contact.email}`,
      attendee: `mailto:${to}`,
    });
  });

  it('is told in their feed when the person withdraws consent', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-2' });
    const res = await as(h, WORKER, 'POST', '/v1/people/HERON-2/consent-withdrawal');
    expect(res.status).toBe(200);
    await h.drainEvents();
    expect(await feedKinds(h, ACCOMPANIER, r.id)).toContain('accompaniment_cancelled');
  });
});

describe('the specialist', () => {
  it('is invited by the desk, told when the person was absent, and invited again when it moves', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-3' });
    const specialistId = r.appointment!.specialistId;
    const to = await specialistEmail(h, specialistId);
    await h.drainEvents();
    const confirmation = mailsTo(h, to).find((m) =>
      m.attachments?.some((a) => a.content.includes(`UID:${acceptedOffer(r)}@relais`)),
    );
    expect(confirmation).toBeDefined();
    expect(await invitationIn(confirmation!)).toMatchObject({
      method: 'REQUEST',
      uid: `${acceptedOffer(r)}@relais`,
      sequence: 0,
      organizer: `mailto:${MDM.contact.email}`,
      attendee: `mailto:${to}`,
    });

    const before = h.sent.length;
    expect((await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`)).status).toBe(200);
    await h.drainEvents();
    const inDoubt = mailsTo(h, to, before);
    expect(inDoubt).toHaveLength(1);
    const parsed = await parse(inDoubt[0]!);
    // The specialists of the tests read French.
    expect(parsed.subject).toMatch(/^Relais : le rendez-vous du .* est incertain$/);
    expect(parsed.text).toContain('point de rendez-vous');
    expect(parsed.attachments).toHaveLength(0);
    expectNoHealthData(parsed, ['HERON-3']);

    const again = h.sent.length;
    const moved = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, {
      appointmentAt: '2026-12-04T10:00:00Z',
    });
    expect(moved.status).toBe(200);
    await h.drainEvents();
    const update = mailsTo(h, to, again);
    expect(update).toHaveLength(1);
    expect(await invitationIn(update[0]!)).toMatchObject({
      method: 'REQUEST',
      uid: `${acceptedOffer(r)}@relais`,
      sequence: 1,
      organizer: `mailto:${MDM.contact.email}`,
      attendee: `mailto:${to}`,
    });
  });

  it('hears that the appointment takes place after all when the person is found in time', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-6' });
    const to = await specialistEmail(h, r.appointment!.specialistId);
    expect((await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`)).status).toBe(200);
    await h.drainEvents();
    const before = h.sent.length;
    h.clock.set(new Date(h.clock.now().getTime() + 60_000));
    expect((await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/seen-again`)).status).toBe(200);
    await h.drainEvents();
    const back = mailsTo(h, to, before);
    expect(back).toHaveLength(1);
    const parsed = await parse(back[0]!);
    expect(parsed.subject).toMatch(/^Relais : le rendez-vous du .* a bien lieu$/);
    expect(parsed.attachments).toHaveLength(0);
    expectNoHealthData(parsed, ['HERON-6']);
  });

  it('whose offer another took hears "no longer needed, thank you", in their language', async () => {
    await h.deps.specialists.put(specialist({ id: 'told-de', specialty: 'dental', locale: 'de' }));
    await h.deps.specialists.put(specialist({ id: 'told-it', specialty: 'dental', locale: 'it' }));
    const r = await openReferral(h, { pseudonym: 'HERON-4', need: { specialty: 'dental' } });
    expect(r.offers.map((o) => o.specialistId).sort()).toEqual(['told-de', 'told-it']);
    // The offers' own emails are out before counting, however late the event path delivers them.
    await h.drainEvents();
    const before = h.sent.length;
    await acceptFirstOffer(h, r);
    await h.drainEvents();
    const other = r.offers[1]!.specialistId;
    const mails = mailsTo(h, await specialistEmail(h, other), before);
    expect(mails).toHaveLength(1);
    const parsed = await parse(mails[0]!);
    expect(parsed.subject).toBe(
      other === 'told-de'
        ? 'Relais: Anfrage nicht mehr nötig, vielen Dank'
        : 'Relais: richiesta non più necessaria, grazie',
    );
    expectNoHealthData(parsed, ['HERON-4']);
    // The one who accepted gets the confirmation, not a "thank you".
    const taker = mailsTo(h, await specialistEmail(h, r.offers[0]!.specialistId), before);
    expect(taker.map((m) => m.attachments?.length ?? 0)).toEqual([1]);
  });
});

describe('the referring team', () => {
  it('reads its referrals’ notices in the team feed; the creator keeps theirs; other organisations read nothing', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-5' });
    await h.drainEvents();
    expect(await feedKinds(h, WORKER, r.id)).toEqual(['appointment_scheduled']);
    expect(await feedKinds(h, COLLEAGUE, r.id)).toEqual(['appointment_scheduled']);
    expect(await feedKinds(h, COORDINATOR, r.id)).toEqual(['appointment_scheduled']);
    // The same subs in another organisation read nothing of it.
    for (const who of [WORKER, COLLEAGUE, COORDINATOR]) {
      expect(await feedKinds(h, { ...who, org: 'dune-bxl' }, r.id)).toEqual([]);
    }
  });
});
