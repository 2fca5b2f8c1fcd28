import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import type { Transition, TransitionContext } from '../../../../domain/ports.ts';
import {
  type Actor,
  CLOSE_REASONS,
  DECLINE_REASONS,
  type Referral,
  type Status,
} from '../../../../domain/referral/model.ts';
import {
  acceptOffer,
  assignAccompanier,
  closeReferral,
  confirmArrived,
  confirmDeparted,
  declineOffer,
  expireOffer,
  invariantViolations,
  markAbsent,
  markCandidatesExhausted,
  markDoNotContact,
  markSeenAgain,
  offerTo,
  openReferral,
  provideInfo,
  recordOutcome,
  requestMoreInfo,
  reschedule,
  returnWithAdvice,
  toTimelineEntry,
  withdrawConsent,
} from '../../../../domain/referral/rules/index.ts';
import { nextDeadline } from '../../../../domain/timers/deadline.ts';
import { type Escalation, raise, resolveOnProgress } from '../../../../domain/timers/escalation.ts';
import { DEFAULT_TIMER_SETTINGS } from '../../../../domain/timers/settings.ts';
import { parseEvent } from '../../../../events/catalog.ts';
import {
  accompanier,
  coordinator,
  networkCoordinator,
  openInput,
  otherAccompanier,
  specialist,
  system,
  T0,
  worker,
} from './builders.ts';

/*
 * Random sequences of commands, by random actors at random (forward-moving) times, applied from a fresh
 * referral. Refused commands are skipped. Whatever happens, the referral stays sound, its version counts
 * the changes, a refusal changes nothing, and no free text ever reaches an event.
 */

const ACTORS: readonly Actor[] = [
  worker,
  coordinator,
  networkCoordinator,
  accompanier,
  otherAccompanier,
  specialist('sp-1'),
  specialist('sp-2'),
  system,
];
const SPECIALISTS = ['sp-1', 'sp-2', 'sp-3', 'sp-4', 'sp-5', 'sp-6'] as const;
/** Every free text in the commands carries this marker, so a leak into an event is easy to see. */
const SECRET = 'SECRET-free-text';

type ActorSpec = Actor | 'assigned accompanier' | 'appointment specialist';
const resolve = (spec: ActorSpec, r: Referral): Actor => {
  if (spec === 'assigned accompanier')
    return { role: 'accompanier', id: r.accompaniment.accompanierId ?? 'acc-9' };
  if (spec === 'appointment specialist') return specialist(r.appointment?.specialistId ?? 'sp-9');
  return spec;
};

type Apply = (r: Referral, ctx: TransitionContext, later: (hours: number) => string) => Transition;
interface Command {
  readonly apply: Apply;
  readonly [fc.toStringMethod]: () => string;
}

const hours = fc.integer({ min: -2, max: 240 });
/** Mostly one of the latest offers (counting back from the newest), sometimes one that does not exist. */
const offerPick = fc.oneof(
  { weight: 9, arbitrary: fc.nat({ max: 3 }) },
  { weight: 1, arbitrary: fc.constant(-1) },
);
const pickOffer = (r: Referral, back: number): string =>
  back < 0 || r.offers.length === 0
    ? 'no-such-offer'
    : r.offers[r.offers.length - 1 - (back % r.offers.length)]!.id;
/** A command, printed by its label in a counterexample. */
const cmd = (label: string, apply: Apply): Command => ({ apply, [fc.toStringMethod]: () => label });

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        ids: fc.uniqueArray(fc.constantFrom(...SPECIALISTS), { minLength: 1, maxLength: 3 }),
        h: hours,
      })
      .map(({ ids, h }) =>
        cmd(`offerTo([${ids}], expires +${h}h)`, (r, ctx, later) =>
          offerTo(
            r,
            ids.map((specialistId) => ({ specialistId, expiresAt: later(h) })),
            ctx,
          ),
        ),
      ),
  },
  {
    weight: 12,
    arbitrary: fc
      .record({ i: offerPick, h: hours })
      .map(({ i, h }) =>
        cmd(`acceptOffer(offer ${i}, at +${h}h)`, (r, ctx, later) =>
          acceptOffer(
            r,
            { offerId: pickOffer(r, i), appointmentAt: later(h), place: `${SECRET} place` },
            ctx,
          ),
        ),
      ),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({ i: offerPick, reason: fc.constantFrom(...DECLINE_REASONS) })
      .map(({ i, reason }) =>
        cmd(`declineOffer(offer ${i}, ${reason})`, (r, ctx) =>
          declineOffer(r, { offerId: pickOffer(r, i), reason }, ctx),
        ),
      ),
  },
  {
    weight: 4,
    arbitrary: offerPick.map((i) =>
      cmd(`expireOffer(offer ${i})`, (r, ctx) => expireOffer(r, { offerId: pickOffer(r, i) }, ctx)),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constant(cmd('markCandidatesExhausted', (r, ctx) => markCandidatesExhausted(r, ctx))),
  },
  {
    weight: 4,
    arbitrary: offerPick.map((i) =>
      cmd(`requestMoreInfo(offer ${i})`, (r, ctx) =>
        requestMoreInfo(r, { offerId: pickOffer(r, i), question: `${SECRET}?` }, ctx),
      ),
    ),
  },
  {
    weight: 6,
    arbitrary: hours.map((h) =>
      cmd(`provideInfo(expires +${h}h)`, (r, ctx, later) =>
        provideInfo(r, { answer: `${SECRET}!`, expiresAt: later(h) }, ctx),
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: offerPick.map((i) =>
      cmd(`returnWithAdvice(offer ${i})`, (r, ctx) =>
        returnWithAdvice(r, { offerId: pickOffer(r, i), advice: SECRET }, ctx),
      ),
    ),
  },
  {
    weight: 12,
    arbitrary: fc
      .record({
        who: fc.constantFrom(accompanier.id, accompanier.id, otherAccompanier.id),
        point: fc.option(fc.constant(`${SECRET} meeting point`), { nil: undefined }),
        h: fc.option(fc.integer({ min: -1, max: 48 }), { nil: undefined }),
      })
      .map(({ who, point, h }) =>
        cmd(`assignAccompanier(${who}, point ${point !== undefined}, meeting +${h}h)`, (r, ctx, later) =>
          assignAccompanier(
            r,
            {
              accompanierId: who,
              ...(point !== undefined ? { meetingPoint: point } : {}),
              ...(h !== undefined ? { meetingAt: later(h) } : {}),
            },
            ctx,
          ),
        ),
      ),
  },
  { weight: 12, arbitrary: fc.constant(cmd('confirmDeparted', (r, ctx) => confirmDeparted(r, ctx))) },
  { weight: 12, arbitrary: fc.constant(cmd('confirmArrived', (r, ctx) => confirmArrived(r, ctx))) },
  {
    weight: 6,
    arbitrary: fc
      .record({
        attended: fc.boolean(),
        h: fc.option(hours, { nil: undefined }),
        note: fc.option(fc.constant(`${SECRET} note`), { nil: undefined }),
      })
      .map(({ attended, h, note }) =>
        cmd(
          `recordOutcome(attended ${attended}, follow-up +${h}h, note ${note !== undefined})`,
          (r, ctx, later) =>
            recordOutcome(
              r,
              {
                attended,
                ...(h !== undefined ? { followUpDueAt: later(h) } : {}),
                ...(note !== undefined ? { note } : {}),
              },
              ctx,
            ),
        ),
      ),
  },
  { weight: 6, arbitrary: fc.constant(cmd('markAbsent', (r, ctx) => markAbsent(r, ctx))) },
  { weight: 6, arbitrary: fc.constant(cmd('markSeenAgain', (r, ctx) => markSeenAgain(r, ctx))) },
  {
    weight: 6,
    arbitrary: fc
      .record({ h: hours, place: fc.option(fc.constant(`${SECRET} new place`), { nil: undefined }) })
      .map(({ h, place }) =>
        cmd(`reschedule(at +${h}h, place ${place !== undefined})`, (r, ctx, later) =>
          reschedule(r, { appointmentAt: later(h), ...(place !== undefined ? { place } : {}) }, ctx),
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...CLOSE_REASONS)
      .map((reason) => cmd(`closeReferral(${reason})`, (r, ctx) => closeReferral(r, { reason }, ctx))),
  },
  { weight: 1, arbitrary: fc.constant(cmd('withdrawConsent', (r, ctx) => withdrawConsent(r, ctx))) },
  { weight: 1, arbitrary: fc.constant(cmd('markDoNotContact', (r, ctx) => markDoNotContact(r, ctx))) },
);

const stepArb = fc.record({
  command: commandArb,
  // Anyone at all, or (often enough to get people on their way) whoever the referral names at that moment.
  actor: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ACTORS) },
    { weight: 2, arbitrary: fc.constant<ActorSpec>('assigned accompanier') },
    { weight: 1, arbitrary: fc.constant<ActorSpec>('appointment specialist') },
  ),
  /** Time only moves forward: by nothing, by minutes, or by days. */
  advanceMs: fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 3_600_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 * 86_400_000 }) },
  ),
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const reached = new Map<Status, number>();
let holdsEscalated = 0;
let holdEscalationsResolved = 0;

/** The hold's matter as the timers chase it: its deadline, from when the hold began, by urgency. */
function holdDeadline(r: Referral) {
  if (r.status !== 'on_hold' || !r.hold) return undefined;
  const { questionWindowMs, absenceWindowMs } = DEFAULT_TIMER_SETTINGS;
  const after = (ms: number) => new Date(Date.parse(r.hold!.since) + ms).toISOString();
  return r.hold.reason === 'more_info'
    ? { kind: 'question_unanswered' as const, at: after(questionWindowMs[r.urgency]) }
    : { kind: 'absence_unresolved' as const, at: after(absenceWindowMs[r.urgency]) };
}

describe('the referral state machine', () => {
  it('keeps every invariant over random sequences of commands, actors and times', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }), (steps) => {
        let ids = 0;
        let now = T0;
        const ctxFor = (actor: Actor): TransitionContext => ({
          now: new Date(now).toISOString(),
          actor,
          newId: () => `id-${++ids}`,
        });
        let r = deepFreeze(
          openReferral(openInput({ reason: SECRET, pseudonym: 'SECRET-PSEUDONYM' }), {
            ...ctxFor(worker),
            id: 'ref-1',
            org: 'mdm-lu',
          }).referral,
        );
        let changes = 0;
        reached.set(r.status, (reached.get(r.status) ?? 0) + 1);
        /** An escalation raised on the current hold, and the hold it is about. */
        let held: { readonly escalation: Escalation; readonly since: string } | undefined;

        for (const { command, actor, advanceMs } of steps) {
          now += advanceMs;
          const ctx = ctxFor(resolve(actor, r));
          const later = (h: number) => new Date(now + h * 3_600_000).toISOString();
          let t: Transition;
          try {
            t = command.apply(r, ctx, later);
          } catch (err) {
            // A refusal is a DomainError with a safe message. It changes nothing: `r` is deeply frozen, so
            // any write to it would have thrown a TypeError instead, and `r` stays the current state.
            expect(err).toBeInstanceOf(DomainError);
            expect((err as DomainError).message).not.toContain(SECRET);
            continue;
          }

          if (t.events.length === 0) {
            expect(t.referral).toBe(r);
          } else {
            changes++;
            expect(t.referral.version).toBe(r.version + 1);
            expect(t.referral.updatedAt).toBe(ctx.now);
            expect(t.referral.timeline).toEqual([...r.timeline, ...t.events.map(toTimelineEntry)]);
            for (const e of t.events) {
              expect(parseEvent(e)).toStrictEqual(e);
              expect(e).toMatchObject({
                at: ctx.now,
                actor: ctx.actor,
                referralId: 'ref-1',
                org: 'mdm-lu',
                version: 1,
              });
            }
            expect(JSON.stringify(t.events)).not.toContain('SECRET');
            expect(JSON.stringify(t.referral.timeline)).not.toContain('SECRET');
          }

          r = deepFreeze(t.referral);
          reached.set(r.status, (reached.get(r.status) ?? 0) + 1);
          expect(invariantViolations(r)).toEqual([]);
          expect(r.version).toBe(1 + changes);
          // Storable as it is: no `undefined` left behind by a cleared field.
          expect(JSON.parse(JSON.stringify(r))).toStrictEqual(r);

          // A hold is never left without a deadline: what it waits for is chased from when it began.
          const due = holdDeadline(r);
          if (due) expect(nextDeadline(r, DEFAULT_TIMER_SETTINGS)).toEqual(due);
          // Its escalation stays while the referral waits on that hold, and resolves once it moved on.
          if (held) {
            const same = r.status === 'on_hold' && r.hold?.since === held.since;
            const resolved = resolveOnProgress(held.escalation, r).state === 'resolved';
            expect(resolved).toBe(!same);
            if (resolved) {
              holdEscalationsResolved++;
              held = undefined;
            }
          }
          // (Raised as soon as the hold is there rather than when overdue: whenever it is raised, the rule
          // that resolves it is the same, and the runs' time rarely moves by days.)
          if (due && !held) {
            held = {
              escalation: raise(undefined, { id: 'esc-1', referral: r, kind: due.kind, now: ctx.now }),
              since: r.hold!.since,
            };
            holdsEscalated++;
          }
        }
      }),
      { numRuns: 400 },
    );

    // Holds were escalated, and moved on, often enough to hold the rule above.
    expect(holdsEscalated).toBeGreaterThan(10);
    expect(holdEscalationsResolved).toBeGreaterThan(5);
    // The runs went everywhere, not only round the first states.
    expect([...reached.keys()].sort()).toEqual(
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
  });
});
