import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral, Specialty } from '../../../domain/referral/model.ts';
import {
  APPOINTMENT_AT,
  accompanimentHarness,
  as,
  COORDINATOR,
  linkToken,
  openReferral,
  PLACE,
} from '../accompaniment/support.ts';
import { type Harness, specialist } from '../http/harness.ts';

/*
 * A decline and an acceptance (or a closing) at once: the decline offers the next candidate, and the
 * acceptance takes the request before that offer's email goes out (send-offer-email.ts sends none for an
 * offer no longer pending). That candidate never heard of the request: they get no "no longer needed"
 * and no "request withdrawn" either. Those who had their offer are told, as before.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('told-only-if-offered');
});
afterAll(async () => {
  await h.stopEvents();
});

const answer = async (r: Referral, offerId: string, action: string, body: Record<string, string>) => {
  const token = await linkToken(h, r, offerId, 'offer');
  const res = await h.request(`/o/${token}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
};

const emailOf = (id: string) => `${id}@clinic.example`;
const mailsTo = (id: string, from: number) => h.sent.slice(from).filter((m) => m.to === emailOf(id));

/**
 * Offered to two of three dentists, their offers emailed; then, with the event path stopped (the
 * consumers lag behind), the first declines and the referral is offered to the third.
 */
async function declinedWhileLagging(specialty: Specialty) {
  const ids = ['a', 'b', 'c'].map((x) => `${specialty}-${x}`);
  for (const id of ids) await h.deps.specialists.put(specialist({ id, specialty, email: emailOf(id) }));
  const r = await openReferral(h, { need: { specialty } });
  await h.drainEvents();
  const [first, second] = r.offers;
  const third = ids.find((id) => id !== first!.specialistId && id !== second!.specialistId)!;
  expect(mailsTo(first!.specialistId, 0)).toHaveLength(1);
  expect(mailsTo(second!.specialistId, 0)).toHaveLength(1);

  await h.stopEvents();
  await answer(r, first!.id, 'decline', { reason: 'no_capacity' });
  const offered = (await h.deps.store.get(r.id))!;
  expect(offered.offers.find((o) => o.specialistId === third)?.state).toBe('pending');
  return { r, first: first!, second: second!, third, before: h.sent.length };
}

describe('a specialist whose offer never went out', () => {
  it('hears nothing when another accepted before it could be sent', async () => {
    const { r, second, third, before } = await declinedWhileLagging('dental');
    await answer(r, second.id, 'accept', { appointmentAt: APPOINTMENT_AT, place: PLACE });
    const taken = (await h.deps.store.get(r.id))!;
    expect(taken.offers.find((o) => o.specialistId === third)?.state).toBe('withdrawn');

    await h.startEvents();
    await h.drainEvents();
    // Neither the offer (no longer pending) nor "no longer needed" for an offer they never had.
    expect(mailsTo(third, before)).toEqual([]);
    // The one who accepted is confirmed.
    expect(mailsTo(second.specialistId, before)).toHaveLength(1);
  });

  it('hears nothing when the request was closed before it could be sent; those offered are told', async () => {
    const { r, second, third, before } = await declinedWhileLagging('cardiology');
    const closed = await as(h, COORDINATOR, 'POST', `/v1/referrals/${r.id}/close`, { reason: 'cancelled' });
    expect(closed.status).toBe(200);

    await h.startEvents();
    await h.drainEvents();
    expect(mailsTo(third, before)).toEqual([]);
    // The second had their offer: they hear that the request is withdrawn.
    expect(mailsTo(second.specialistId, before)).toHaveLength(1);
  });

  it('is told "no longer needed" once their offer went out', async () => {
    const { r, second, third, before } = await declinedWhileLagging('dermatology');
    await h.startEvents();
    await h.drainEvents();
    expect(mailsTo(third, before)).toHaveLength(1); // the offer
    await answer(r, second.id, 'accept', { appointmentAt: APPOINTMENT_AT, place: PLACE });
    await h.drainEvents();
    expect(mailsTo(third, before)).toHaveLength(2); // and then "no longer needed"
  });
});
