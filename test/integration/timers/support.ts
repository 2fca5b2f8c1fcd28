import type { Organisation } from '../../../domain/directory/model.ts';
import type { Transition, TransitionContext } from '../../../domain/ports.ts';
import type { Actor, Referral } from '../../../domain/referral/model.ts';
import { acceptOffer, closeReferral, offerTo, openReferral } from '../../../domain/referral/rules/index.ts';
import { runSweep, type SweepResult } from '../../../functions/sweep/run-sweep.ts';
import { type Harness, openBody } from '../http/harness.ts';

/* Helpers for the timer tests: drive a referral through the state machine on DynamoDB Local, move the
 * service clock, sweep. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const SECOND = 1000;

export const plus = (t: string | Date, ms: number): string =>
  new Date(new Date(t).getTime() + ms).toISOString();

export const worker: Actor = { role: 'social_worker', id: 'social_worker-mdm-lu' };

/** The referring organisation of the timer and loop tests, in English. */
export const MDM_EN: Organisation = {
  id: 'mdm-lu',
  name: 'Médecins du Monde Luxembourg',
  city: 'Luxembourg',
  country: 'LU',
  contact: { email: 'desk@mdm.example' },
  locale: 'en',
};

/** Opens a referral through the API (offers go out unless autoOffer is false). */
export async function open(h: Harness, overrides: Record<string, unknown> = {}): Promise<Referral> {
  const res = await h.call('POST', '/v1/referrals', { body: openBody(overrides) });
  if (res.status !== 201) throw new Error(`open failed: ${res.status} ${await res.text()}`);
  return (await h.deps.store.get((await res.json()).id))!;
}

/** Applies a domain transition at the service's time, saved on the version read. */
export async function apply(
  h: Harness,
  id: string,
  actor: Actor,
  fn: (r: Referral, ctx: TransitionContext) => Transition,
): Promise<Referral> {
  const r = (await h.deps.store.get(id))!;
  const t = fn(r, { now: h.clock.now().toISOString(), actor, newId: h.deps.newId });
  await h.deps.store.save(t, r.version);
  return t.referral;
}

/** The first pending offer is accepted for an appointment at `at`. */
export function schedule(h: Harness, id: string, at: string): Promise<Referral> {
  return h.deps.store.get(id).then((r) => {
    const offer = r!.offers.find((o) => o.state === 'pending')!;
    return apply(h, id, { role: 'specialist', id: offer.specialistId }, (ref, ctx) =>
      acceptOffer(ref, { offerId: offer.id, appointmentAt: at, place: 'CHL, eye clinic' }, ctx),
    );
  });
}

/** Sets the service clock to `at` and sweeps once. */
export async function sweepAt(h: Harness, at: string): Promise<SweepResult> {
  h.clock.set(new Date(at));
  return runSweep(h.deps);
}

/** The actions of a referral's timeline, as stored. */
export async function actions(h: Harness, id: string): Promise<string[]> {
  return (await h.deps.store.get(id))!.timeline.map((e) => e.action);
}

export const count = (list: readonly string[], action: string): number =>
  list.filter((a) => a === action).length;

let built = 0;
const system: Actor = { role: 'system', id: 'test' };

/**
 * A referral built in memory through the state machine: opened and offered `daysAgo` days before `now`,
 * accepted for an appointment the next day, with no accompaniment needed. By `now` (3+ days later) its
 * outcome is overdue; with `expiring`, it is left on offer and its offers have expired instead.
 */
export function builtReferral(
  now: string,
  opts: { org?: string; daysAgo?: number; expiring?: boolean } = {},
): Referral {
  const t = plus(now, -(opts.daysAgo ?? 5) * 24 * HOUR);
  const n = ++built;
  const ctx = (at: string, actor: Actor = worker): TransitionContext => ({
    now: at,
    actor,
    newId: () => `T${n}-${Math.random().toString(36).slice(2, 12)}`,
  });
  const opened = openReferral(
    {
      pseudonym: `SEED-${n}`,
      need: { specialty: 'ophthalmology' },
      urgency: 'routine',
      reason: 'seeded for a timer test',
      socialCheckDone: true,
      consentToShare: true,
      accompaniment: { required: false },
      languages: ['fr'],
    },
    {
      ...ctx(t),
      id: `R${String(n).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`,
      org: opts.org ?? 'mdm-lu',
    },
  ).referral;
  const offered = offerTo(
    opened,
    [
      { specialistId: 'seed-a', expiresAt: plus(t, 48 * HOUR) },
      { specialistId: 'seed-b', expiresAt: plus(t, 48 * HOUR) },
    ],
    ctx(t),
  ).referral;
  if (opts.expiring) return offered;
  const offer = offered.offers[0]!;
  return acceptOffer(
    offered,
    { offerId: offer.id, appointmentAt: plus(t, 24 * HOUR), place: 'CHL' },
    ctx(plus(t, HOUR), { role: 'specialist', id: offer.specialistId }),
  ).referral;
}

/** The same, closed: it carries no deadline. */
export function closedReferral(now: string): Referral {
  const r = builtReferral(now, { daysAgo: 30 });
  return closeReferral(
    r,
    { reason: 'completed' },
    { now: plus(now, -20 * 24 * HOUR), actor: system, newId: () => `C${r.id}` },
  ).referral;
}
