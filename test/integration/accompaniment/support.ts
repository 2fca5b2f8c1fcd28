import { expect } from 'vitest';
import type { Organisation } from '../../../domain/directory/model.ts';
import type { Mail } from '../../../domain/ports.ts';
import type { Referral, StaffRole } from '../../../domain/referral/model.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';

/** The referring organisation, with its desk address (staff have none in Relais). */
export const MDM: Organisation = {
  id: 'mdm-lu',
  name: 'Médecins du Monde Luxembourg',
  city: 'Luxembourg',
  country: 'LU',
  contact: { email: 'accueil@mdm-lu.example' },
  locale: 'fr',
};

/** The people of the tests, by role: `sub` as in their tokens. */
export const WORKER = { role: 'social_worker', sub: 'sw-anna' } as const satisfies Staff;
export const ACCOMPANIER = { role: 'accompanier', sub: 'acc-ben' } as const satisfies Staff;
export const OTHER_ACCOMPANIER = { role: 'accompanier', sub: 'acc-chloe' } as const satisfies Staff;
export const COORDINATOR = { role: 'coordinator', sub: 'co-dora' } as const satisfies Staff;
/** An accompanier of another organisation of the network. */
export const FOREIGN_ACCOMPANIER = {
  role: 'accompanier',
  sub: 'acc-eli',
  org: 'dune-bxl',
} as const satisfies Staff;

export interface Staff {
  readonly role: StaffRole;
  readonly sub: string;
  readonly org?: string;
}

/** The appointment of the tests: two days after the harness's clock (2026-11-25T09:00Z). */
export const APPOINTMENT_AT = '2026-11-27T10:00:00.000Z';
export const PLACE = 'CHL Eich, Luxembourg';

/**
 * Runs `fn` with the service clock at `at` (by default the appointment's time: arrival opens 12 h
 * before it, attendance at it), then puts the clock back for the next test.
 */
export async function atTime<T>(h: Harness, fn: () => Promise<T>, at: string = APPOINTMENT_AT): Promise<T> {
  const before = h.clock.now();
  h.clock.set(new Date(at));
  try {
    return await fn();
  } finally {
    h.clock.set(before);
  }
}

/** A harness with three ophthalmologists, the organisation, and the real event path running. */
export async function accompanimentHarness(name: string): Promise<Harness> {
  const h = await createHarness(name);
  for (let i = 0; i < 3; i++) await h.deps.specialists.put(specialist({ id: `${name}-oph-${i}` }));
  await h.deps.organisations.put(MDM);
  await h.startEvents();
  return h;
}

/** A staff call as `who`. */
export const as = (h: Harness, who: Staff, method: string, path: string, body?: unknown) =>
  h.call(method, path, { role: who.role, sub: who.sub, org: who.org ?? 'mdm-lu', body });

/** Opens a referral as the worker: on offer to the first candidates. */
export async function openReferral(h: Harness, overrides: Record<string, unknown> = {}): Promise<Referral> {
  const res = await as(h, WORKER, 'POST', '/v1/referrals', openBody(overrides));
  expect(res.status).toBe(201);
  return res.json();
}

/** A link token for one offer of a referral, as the emails carry. */
export const linkToken = (
  h: Harness,
  r: Pick<Referral, 'id'>,
  offerId: string,
  purpose: 'offer' | 'outcome',
) =>
  h.deps.linkTokens.sign({
    purpose,
    offerId,
    referralId: r.id,
    expiresAt: new Date('2026-12-31T00:00:00Z'),
    now: h.clock.now(),
  });

/** The first offered specialist accepts through their link (the real route). */
export async function acceptFirstOffer(h: Harness, r: Referral, at = APPOINTMENT_AT): Promise<Referral> {
  const offer = r.offers[0];
  if (!offer) throw new Error('no offer to accept');
  const token = await linkToken(h, r, offer.id, 'offer');
  const res = await h.request(`/o/${token}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ appointmentAt: at, place: PLACE }),
  });
  expect(res.status).toBe(200);
  return read(h, r.id);
}

/** Opened, offered, accepted: scheduled, needing an accompanier. */
export async function scheduledReferral(
  h: Harness,
  overrides: Record<string, unknown> = {},
): Promise<Referral> {
  return acceptFirstOffer(h, await openReferral(h, overrides));
}

/** Scheduled and taken by the accompanier; as the referring worker reads it (in full). */
export async function accompaniedReferral(
  h: Harness,
  overrides: Record<string, unknown> = {},
): Promise<Referral> {
  const r = await scheduledReferral(h, overrides);
  const res = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
    accompanierId: ACCOMPANIER.sub,
  });
  expect(res.status).toBe(200);
  // The accompanier is answered with their accompaniment view (need to know), the worker reads it all.
  expect(await res.json()).toMatchObject({
    view: 'accompaniment',
    accompaniment: { accompanierId: ACCOMPANIER.sub },
  });
  return read(h, r.id);
}

/** The referral as its organisation reads it (with its timeline). */
export async function read(h: Harness, id: string, who: Staff = WORKER): Promise<Referral> {
  const res = await as(h, who, 'GET', `/v1/referrals/${id}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** The kinds in a staff member's feed about one referral, oldest first. */
export async function feedKinds(h: Harness, who: Staff, referralId: string): Promise<string[]> {
  const res = await as(h, who, 'GET', '/v1/me/notifications?limit=100');
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: { kind: string; referralId?: string }[] };
  return items
    .filter((n) => n.referralId === referralId)
    .map((n) => n.kind)
    .reverse();
}

/** The timeline as `action by role:id`, to compare in one line. */
export const timelineOf = (r: Referral): string[] =>
  r.timeline.map((e) => `${e.action} by ${e.actor.role}:${e.actor.id}`);

/** A specialist's address, to find the emails sent to them (empty when not in the directory). */
export const specialistEmail = async (h: Harness, specialistId: string): Promise<string> =>
  (await h.deps.specialists.get(specialistId))?.email ?? '';

/** Emails sent to an address since `from` (an index into `h.sent`). */
export const mailsTo = (h: Harness, to: string, from = 0): Mail[] =>
  h.sent.slice(from).filter((m) => m.to === to);

/** Everything a reader of an email sees: subject, both bodies, the attachments. */
export const everythingIn = (m: Mail): string =>
  [m.subject, m.text, m.html, ...(m.attachments ?? []).map((a) => a.content)].join('\n');
