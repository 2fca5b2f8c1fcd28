import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TransitionContext } from '../../../domain/ports.ts';
import type { Actor, Referral, Status } from '../../../domain/referral/model.ts';
import * as Rules from '../../../domain/referral/rules/index.ts';
import { type FhirView, referralBundle } from '../../../functions/standards/fhir/referral-bundle.ts';
import { fhirValidator } from '../../support/fhir-validator.ts';
import { accompanier, at, openInput, specialist, worker } from '../domain/referral/builders.ts';

/*
 * The FHIR R4 export (functions/standards/fhir): every resource it makes is valid R4 as Medplum's
 * validator reads the official definitions, for referrals in every state, built through the domain's own
 * rules; and a caller who may not read the referral in full gets no reason and no pseudonym.
 */

const REASON = 'SECRET-REASON knee pain';
const PSEUDONYM = 'SECRET-PSEUDONYM-7';

/** Validates each resource of the bundle (and the bundle), failing with what the validator says. */
async function expectValid(bundle: { entry: readonly { resource: unknown }[] }): Promise<void> {
  const validate = await fhirValidator();
  for (const resource of [bundle, ...bundle.entry.map((e) => e.resource)]) {
    let error: unknown;
    try {
      validate(resource);
    } catch (err) {
      error = err;
    }
    expect(
      error,
      JSON.stringify({ resource, error: (error as { outcome?: unknown })?.outcome }),
    ).toBeUndefined();
  }
}

type Step = (r: Referral, ctx: TransitionContext) => Referral;
const steps: Record<string, Step> = {
  offer: (r, ctx) => Rules.offerTo(r, [{ specialistId: 'sp-1', expiresAt: at(100) }], ctx).referral,
  accept: (r, ctx) => {
    const offer = r.offers.findLast((o) => o.state === 'pending');
    if (!offer) return r;
    return Rules.acceptOffer(
      r,
      { offerId: offer.id, appointmentAt: at(14), place: 'Cabinet Dr A' },
      { ...ctx, actor: specialist(offer.specialistId) },
    ).referral;
  },
  decline: (r, ctx) => {
    const offer = r.offers.findLast((o) => o.state === 'pending');
    if (!offer) return r;
    return Rules.declineOffer(r, { offerId: offer.id, reason: 'no_capacity' }, ctx).referral;
  },
  ask: (r, ctx) => {
    const offer = r.offers.findLast((o) => o.state === 'pending');
    if (!offer) return r;
    return Rules.requestMoreInfo(
      r,
      { offerId: offer.id, question: 'SECRET?' },
      { ...ctx, actor: specialist(offer.specialistId) },
    ).referral;
  },
  assign: (r, ctx) =>
    Rules.assignAccompanier(r, { accompanierId: accompanier.id }, { ...ctx, actor: accompanier }).referral,
  depart: (r, ctx) => Rules.confirmDeparted(r, { ...ctx, actor: accompanier }).referral,
  arrive: (r, ctx) => Rules.confirmArrived(r, { ...ctx, actor: accompanier }).referral,
  attended: (r, ctx) => Rules.recordOutcome(r, { attended: true, followUpDueAt: at(400) }, ctx).referral,
  noShow: (r, ctx) => Rules.recordOutcome(r, { attended: false }, ctx).referral,
  absent: (r, ctx) => Rules.markAbsent(r, ctx).referral,
  seenAgain: (r, ctx) => Rules.markSeenAgain(r, ctx).referral,
  reschedule: (r, ctx) => Rules.reschedule(r, { appointmentAt: at(200) }, ctx).referral,
  closeCompleted: (r, ctx) => Rules.closeReferral(r, { reason: 'completed' }, ctx).referral,
  closeCancelled: (r, ctx) => Rules.closeReferral(r, { reason: 'cancelled' }, ctx).referral,
  closeLost: (r, ctx) => Rules.closeReferral(r, { reason: 'lost_contact' }, ctx).referral,
  withdrawConsent: (r, ctx) => Rules.withdrawConsent(r, ctx).referral,
};
const STEP_NAMES = Object.keys(steps);
/** The way to an attended appointment: a random part of it, then random steps, reach every state. */
const CANON = ['offer', 'accept', 'assign', 'depart', 'arrive', 'attended'];

/**
 * A referral after the steps the rules allow, in order, three hours apart (a refused step is skipped); the
 * appointment is at T0+14h, so that arriving (from 12 hours before) is allowed on the way.
 */
function build(
  names: readonly string[],
  urgency: Referral['urgency'],
  specialty: Referral['need']['specialty'],
) {
  let ids = 0;
  const ctx = (hour: number, actor: Actor = worker): TransitionContext => ({
    now: at(hour),
    actor,
    newId: () => `id-${++ids}`,
  });
  let r = Rules.openReferral(
    openInput({ reason: REASON, pseudonym: PSEUDONYM, urgency, need: { specialty } }),
    {
      ...ctx(0),
      id: 'REF01',
      org: 'mdm-lu',
    },
  ).referral;
  names.forEach((name, i) => {
    try {
      r = steps[name]!(r, ctx(1 + 3 * i));
    } catch {
      // Not allowed in this state: the referral stays as it was.
    }
  });
  return r;
}

const reached = new Set<Status>();

describe('a referral in FHIR R4', () => {
  it('is valid R4, resource by resource, in every state the rules reach', async () => {
    const cases = fc.sample(
      fc.record({
        prefix: fc.nat({ max: CANON.length }),
        tail: fc.array(fc.constantFrom(...STEP_NAMES), { maxLength: 4 }),
        urgency: fc.constantFrom('routine', 'soon', 'urgent' as const),
        specialty: fc.constantFrom('ophthalmology', 'dental', 'housing', 'legal' as const),
        view: fc.constantFrom<FhirView>('full', 'coordination'),
        organisation: fc.option(fc.constant('cabinet-a'), { nil: undefined }),
      }),
      { numRuns: 150, seed: 16 },
    );
    for (const c of cases) {
      const r = build([...CANON.slice(0, c.prefix), ...c.tail], c.urgency, c.specialty);
      reached.add(r.status);
      const performer = r.appointment
        ? {
            specialistId: r.appointment.specialistId,
            displayName: 'Dr A',
            ...(c.organisation ? { organisation: c.organisation } : {}),
          }
        : undefined;
      const bundle = referralBundle(r, c.view, performer);
      await expectValid(bundle);
      const types = bundle.entry.map((e) => e.resource.resourceType);
      expect(types).toEqual(
        expect.arrayContaining([
          'ServiceRequest',
          'Task',
          'Patient',
          'Consent',
          ...(r.appointment ? ['Appointment'] : []),
        ]),
      );
    }
    expect([...reached].sort()).toEqual(
      [
        'arrived',
        'attended',
        'closed',
        'departed',
        'no_show',
        'offered',
        'on_hold',
        'open',
        'scheduled',
      ].sort(),
    );
  }, 120_000);

  // Medplum checks structure, cardinality, types and the invariants offline, not bindings to value sets
  // (it has no terminology server here): the codes come from typed tables (codes.ts).
  it('is checked by a validator that finds errors (a missing status, an unknown field, an invariant)', async () => {
    const validate = await fhirValidator();
    const bundle = referralBundle(build(CANON, 'urgent', 'dental'), 'full');
    const task = bundle.entry.find((e) => e.resource.resourceType === 'Task')!.resource;
    const { status: _, ...noStatus } = task;
    expect(() => validate(noStatus)).toThrow();
    const request = bundle.entry.find((e) => e.resource.resourceType === 'ServiceRequest')!.resource;
    expect(() => validate({ ...request, urgency: 'soon' })).toThrow();
    const appointment = bundle.entry.find((e) => e.resource.resourceType === 'Appointment')!.resource;
    const { end: __, ...noEnd } = appointment;
    // app-3: only a proposed or cancelled appointment may lack its start and end.
    expect(() => validate(noEnd)).toThrow();
  });

  it('carries the reason and the pseudonym only in the full view', () => {
    for (const names of [[], CANON.slice(0, 2), CANON]) {
      const r = build(names, 'routine', 'ophthalmology');
      const full = referralBundle(r, 'full');
      const request = full.entry.find((e) => e.resource.resourceType === 'ServiceRequest')!.resource;
      expect(request.reasonCode).toEqual([{ text: REASON }]);
      expect(JSON.stringify(full)).toContain(PSEUDONYM);
      const coordination = referralBundle(r, 'coordination');
      const text = JSON.stringify(coordination);
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('reasonCode');
    }
  });

  it('maps urgency to priority and the referral’s progress to the task and the appointment', () => {
    const of = (r: Referral, type: string) =>
      referralBundle(r, 'full').entry.find((e) => e.resource.resourceType === type)?.resource;
    const opened = build([], 'soon', 'housing');
    expect(of(opened, 'ServiceRequest')).toMatchObject({ priority: 'urgent', status: 'active' });
    expect(of(opened, 'Task')).toMatchObject({ status: 'requested' });
    expect(of(opened, 'Appointment')).toBeUndefined();
    const attended = build(CANON, 'urgent', 'dental');
    expect(of(attended, 'ServiceRequest')).toMatchObject({ priority: 'asap', status: 'completed' });
    expect(of(attended, 'Task')).toMatchObject({
      status: 'completed',
      output: [
        expect.objectContaining({ valueBoolean: true }),
        expect.objectContaining({ valueDateTime: at(400) }),
      ],
    });
    expect(of(attended, 'Appointment')).toMatchObject({ status: 'fulfilled', start: at(14) });
    const withdrawn = build(['withdrawConsent'], 'routine', 'legal');
    expect(of(withdrawn, 'Consent')).toMatchObject({ status: 'inactive' });
    expect(of(withdrawn, 'Task')).toMatchObject({ status: 'cancelled' });
  });
});
