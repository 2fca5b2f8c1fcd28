import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../http/harness.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  as,
  atTime,
  everythingIn,
  feedKinds,
  linkToken,
  mailsTo,
  read,
  specialistEmail,
  timelineOf,
  WORKER,
} from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('acc-absent');
});
afterAll(async () => {
  await h.stopEvents();
});

/** Signs in through the form, as a browser would; the session cookie to send back. */
async function signInAs(who: { role: 'social_worker' | 'accompanier'; sub: string }): Promise<string> {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(who.role, 'mdm-lu', who.sub) }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const icsOf = (mail: { attachments?: readonly { content: string }[] }) =>
  mail.attachments?.[0]?.content ?? '';

describe('the person absent at the meeting point', () => {
  it('is not a no-show: on hold until seen again, then rescheduled, and counted apart', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'OWL-1' });
    // Two days ahead, a departure with the person is a mistap: from 12 h before, as an arrival.
    const early = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/departed`);
    expect(early.status).toBe(422);
    expect((await early.json()).detail).toMatch(/^Departure can be confirmed from 12 hours/);
    const absent = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`);
    expect(absent.status).toBe(200);
    // The accompanier reads the accompaniment view; the worker the hold and the counts.
    expect(await absent.json()).toMatchObject({ view: 'accompaniment', status: 'on_hold' });
    const held = await read(h, r.id);
    expect(held).toMatchObject({
      status: 'on_hold',
      hold: { reason: 'person_absent' },
      counts: { absences: 1, noShows: 0 },
    });
    const repeat = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`);
    expect(repeat.status).toBe(409);
    expect((await read(h, r.id)).version).toBe(held.version);
    // Not on the specialist's side: no outcome, and the outcome cannot be recorded while on hold.
    expect(held).not.toHaveProperty('outcome');
    expect(
      (await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, { attended: false })).status,
    ).toBe(422);
    await h.drainEvents();
    expect(await feedKinds(h, WORKER, r.id)).toEqual(['appointment_scheduled', 'person_absent']);
    // Still on the accompanier's list, on hold.
    const mine = await (await as(h, ACCOMPANIER, 'GET', '/v1/me/accompaniments')).json();
    expect(mine.items).toContainEqual(expect.objectContaining({ id: r.id, status: 'on_hold' }));

    // Seen again by the worker: scheduled again, journey cleared.
    const back = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/seen-again`);
    expect(back.status).toBe(200);
    const seen = await back.json();
    expect(seen.status).toBe('scheduled');
    expect(seen.accompaniment).not.toHaveProperty('departedAt');

    // Rescheduled: the specialist gets an updated invitation (same event, next sequence), staff their feeds.
    const specialistId = seen.appointment.specialistId as string;
    const to = await specialistEmail(h, specialistId);
    // Seen again tells the specialist the appointment takes place after all: count only what follows.
    await h.drainEvents();
    const before = h.sent.length;
    const moved = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, {
      appointmentAt: '2026-12-04T10:00:00Z',
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      status: 'scheduled',
      appointment: { at: '2026-12-04T10:00:00.000Z', specialistId },
    });
    await h.drainEvents();
    const mails = mailsTo(h, to, before);
    expect(mails).toHaveLength(1);
    const ics = icsOf(mails[0]!);
    const offerId = r.offers.find((o) => o.state === 'accepted')?.id;
    expect(ics).toContain(`UID:${offerId}@relais`);
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain('DTSTART:20261204T100000Z');
    expect(ics).toContain('METHOD:REQUEST');
    expect(mails[0]?.text).toMatch(/http:\/\/relais\.test\/o\/\S+/);
    expect(everythingIn(mails[0]!)).not.toContain('OWL-1');
    expect(await feedKinds(h, ACCOMPANIER, r.id)).toContain('appointment_rescheduled');
    // The worker did both themselves: nothing new in their own feed.
    expect(await feedKinds(h, WORKER, r.id)).toEqual(['appointment_scheduled', 'person_absent']);

    // This time the person does not turn up at the specialist: a no-show, counted apart.
    // Arrival opens 12 h before the new time.
    await atTime(
      h,
      () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/arrived`),
      '2026-12-04T09:00:00Z',
    );
    const noShow = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, { attended: false });
    expect(await noShow.json()).toMatchObject({ view: 'accompaniment', status: 'no_show' });
    expect(await read(h, r.id)).toMatchObject({ status: 'no_show', counts: { absences: 1, noShows: 1 } });
    expect(timelineOf(await read(h, r.id)).slice(-5)).toEqual([
      `person.absent by accompanier:${ACCOMPANIER.sub}`,
      `person.seen_again by social_worker:${WORKER.sub}`,
      `appointment.rescheduled by social_worker:${WORKER.sub}`,
      `accompaniment.arrived by accompanier:${ACCOMPANIER.sub}`,
      `outcome.recorded by accompanier:${ACCOMPANIER.sub}`,
    ]);
  });

  it('is not recorded after leaving the meeting point with the person (422): they were there', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'OWL-6' });
    const at = '2026-11-27T09:00:00Z';
    expect(
      (await atTime(h, () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/departed`), at)).status,
    ).toBe(200);
    const departed = await read(h, r.id);
    const absent = await atTime(h, () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`), at);
    expect(absent.status).toBe(422);
    expect(await read(h, r.id)).toMatchObject({ status: 'departed', version: departed.version });
  });

  it('can be rescheduled straight from on hold, without "seen again" first', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'OWL-2' });
    await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`);
    const moved = await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, {
      appointmentAt: '2026-12-05T10:00:00Z',
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ status: 'scheduled', counts: { absences: 1 } });
    expect(
      (
        await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/reschedule`, {
          appointmentAt: '2026-12-06T10:00:00Z',
        })
      ).status,
    ).toBe(403);
  });
});

describe('the person seen again after the appointment’s time', () => {
  it('is refused (422): the missed appointment is rescheduled instead, never arrived at or attended', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'OWL-5' });
    expect(
      (
        await atTime(
          h,
          () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`),
          '2026-11-27T09:05:00Z',
        )
      ).status,
    ).toBe(200);
    const held = await read(h, r.id);
    const cookie = await signInAs(WORKER);
    const page = () => h.request(`/app/referrals/${r.id}`, { headers: { cookie } }).then((res) => res.text());
    const accCookie = await signInAs(ACCOMPANIER);
    const accPage = () =>
      h.request('/app/accompaniments', { headers: { cookie: accCookie } }).then((res) => res.text());
    const accTap = `/app/accompaniments/${r.id}/seen-again"`;
    // Before the appointment's time, found again in time: the page offers it.
    expect(await atTime(h, page, '2026-11-27T09:30:00Z')).toContain(`/app/referrals/${r.id}/seen-again"`);
    expect(await atTime(h, accPage, '2026-11-27T09:30:00Z')).toContain(accTap);

    // Four days later the appointment was missed: "seen again" would bring it back as if ahead.
    const later = '2026-12-01T10:00:00Z';
    const seen = await atTime(h, () => as(h, WORKER, 'POST', `/v1/referrals/${r.id}/seen-again`), later);
    expect(seen.status).toBe(422);
    expect((await seen.json()).detail).toMatch(/reschedule/);
    expect(await atTime(h, page, later)).not.toContain(`/app/referrals/${r.id}/seen-again"`);
    // The accompanier's list keeps it two days past its time: no seen-again tap there either.
    const onHold = await atTime(h, accPage, '2026-11-28T10:00:00Z');
    expect(onHold).toContain(`id="r-${r.id}"`);
    expect(onHold).not.toContain(accTap);
    // Still on hold: neither an arrival nor an attendance at the missed appointment.
    for (const [path, body] of [
      ['arrived', undefined],
      ['outcome', { attended: true }],
    ] as const) {
      const res = await atTime(
        h,
        () => as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/${path}`, body),
        later,
      );
      expect(res.status).toBe(422);
    }
    expect(await read(h, r.id)).toMatchObject({ status: 'on_hold', version: held.version });

    // The reschedule ends the hold, with the new time.
    const moved = await atTime(
      h,
      () =>
        as(h, WORKER, 'POST', `/v1/referrals/${r.id}/reschedule`, { appointmentAt: '2026-12-08T10:00:00Z' }),
      later,
    );
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      status: 'scheduled',
      appointment: { at: '2026-12-08T10:00:00.000Z' },
    });
  });
});

describe('the specialist moves the appointment through their link', () => {
  it('moves it (form and JSON), tells the accompanier and the worker, and sends the next calendar sequence', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'OWL-3' });
    const offerId = r.offers.find((o) => o.state === 'accepted')?.id ?? '';
    const token = await linkToken(h, r, offerId, 'outcome');
    const specialistId = r.appointment?.specialistId ?? '';
    const to = await specialistEmail(h, specialistId);
    const before = h.sent.length;

    const form = await h.request(`/o/${token}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        appointmentAt: '2026-12-01T11:30',
        timeZone: 'Europe/Luxembourg',
      }).toString(),
    });
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('text/html');
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await form.text();
    expect(page).toContain('Rendez-vous déplacé');
    expect(page).not.toContain('OWL-3');

    const json = await h.request(`/o/${token}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentAt: '2026-12-02T09:00:00Z' }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({
      result: 'rescheduled',
      appointment: { at: '2026-12-02T09:00:00.000Z', place: r.appointment?.place },
    });

    const after = await read(h, r.id);
    expect(timelineOf(after).slice(-2)).toEqual([
      `appointment.rescheduled by specialist:${specialistId}`,
      `appointment.rescheduled by specialist:${specialistId}`,
    ]);
    // 11:30 in Luxembourg in December is 10:30 UTC.
    expect(after.timeline.at(-2)?.detail).toMatchObject({ at: '2026-12-01T10:30:00.000Z' });

    await h.drainEvents();
    // The first move was overtaken by the second before anyone was told: only the current one is sent.
    const mails = mailsTo(h, to, before);
    expect(mails.length).toBeGreaterThanOrEqual(1);
    const last = icsOf(mails.at(-1)!);
    expect(last).toContain('DTSTART:20261202T090000Z');
    expect(last).toContain('SEQUENCE:2');
    expect(await feedKinds(h, ACCOMPANIER, r.id)).toContain('appointment_rescheduled');
    expect(await feedKinds(h, WORKER, r.id)).toContain('appointment_rescheduled');
  });

  it('says the request is closed once it is, and changes nothing', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'OWL-4' });
    const offerId = r.offers.find((o) => o.state === 'accepted')?.id ?? '';
    const token = await linkToken(h, r, offerId, 'outcome');
    await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/close`, { reason: 'cancelled' });
    const res = await h.request(`/o/${token}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentAt: '2026-12-02T09:00:00Z' }),
    });
    expect(res.status).toBe(410);
    expect((await read(h, r.id)).status).toBe('closed');
  });
});
