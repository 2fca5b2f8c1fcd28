import fc from 'fast-check';

/*
 * The commands of the model-based test, as plain data (so fast-check prints and shrinks them): every
 * staff route that changes a referral, every link action, and the timer sweep after moving the clock.
 * A command names its referral by index among those the run opened (modulo their number), and a link
 * by index among the links the emails carried for it (newest first), so any generated list is valid.
 */

export const ORGS = ['mdm-lu', 'dune-bxl', 'dropin-lu'] as const;
export const SPECIALTIES = ['ophthalmology', 'dental', 'cardiology'] as const;

export type Org = (typeof ORGS)[number];
export type Specialty = (typeof SPECIALTIES)[number];

export type LinkAction = 'accept' | 'decline' | 'more-info' | 'advice' | 'outcome';

export type Command =
  | {
      readonly kind: 'open';
      readonly org: Org;
      readonly specialty: Specialty;
      readonly urgency: 'routine' | 'urgent';
      readonly accompaniment: boolean;
      readonly autoOffer: boolean;
      /** Which person of the organisation (referrals of one person share a pseudonym). */
      readonly person: number;
      /** The same request sent this many more times at once, with the same Idempotency-Key. */
      readonly repeats: number;
    }
  | { readonly kind: 'offers'; readonly ref: number; readonly by: 'worker' | 'coordinator' }
  | { readonly kind: 'offers-named'; readonly ref: number; readonly specialist: number }
  | {
      readonly kind: 'link';
      readonly ref: number;
      readonly action: LinkAction;
      readonly link: number;
      /** accept: the appointment this many hours after the service's time. */
      readonly hours: number;
      readonly attended: boolean;
    }
  | { readonly kind: 'answer'; readonly ref: number }
  | {
      readonly kind: 'assign';
      readonly ref: number;
      readonly by: 'self' | 'coordinator';
      readonly accompanier: number;
    }
  | { readonly kind: 'departed' | 'arrived' | 'absent'; readonly ref: number; readonly accompanier: number }
  | {
      readonly kind: 'seen-again';
      readonly ref: number;
      readonly by: 'worker' | 'accompanier' | 'coordinator';
    }
  | {
      readonly kind: 'outcome';
      readonly ref: number;
      readonly by: 'worker' | 'accompanier';
      readonly attended: boolean;
    }
  | { readonly kind: 'reschedule'; readonly ref: number; readonly hours: number }
  | {
      readonly kind: 'close';
      readonly ref: number;
      readonly reason: 'completed' | 'cancelled' | 'lost_contact';
    }
  | { readonly kind: 'consent-withdrawal'; readonly ref: number }
  | { readonly kind: 'sweep'; readonly advanceHours: number };

/** Commands run at once (a burst), or one alone on a quiescent table. */
export type Step = readonly Command[];

export interface Run {
  /** The referrals the run starts with, opened at once. */
  readonly opening: readonly Command[];
  readonly steps: readonly Step[];
}

/** A record of plain objects (never null-prototype ones), so counterexamples print as they read. */
const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> =>
  fc.record(model, { noNullPrototype: true });

const ref = fc.nat({ max: 6 }); // below 5: a referral the command is meant for (world.ts targetOf)
const accompanier = fc.nat({ max: 1 });

export const openCommand: fc.Arbitrary<Command> = record({
  kind: fc.constant('open' as const),
  // DUNE (BE) twice as often: its referrals are the ones a careless planner sends to Luxembourg.
  org: fc.constantFrom<Org>('mdm-lu', 'dune-bxl', 'dune-bxl', 'dropin-lu'),
  specialty: fc.constantFrom<Specialty>(...SPECIALTIES),
  urgency: fc.constantFrom('routine' as const, 'routine' as const, 'urgent' as const),
  accompaniment: fc.constantFrom(true, true, false),
  autoOffer: fc.constantFrom(true, true, true, false),
  person: fc.nat({ max: 1 }),
  repeats: fc.constantFrom(0, 0, 0, 1, 2),
});

const linkCommand: fc.Arbitrary<Command> = record({
  kind: fc.constant('link' as const),
  ref,
  action: fc.constantFrom<LinkAction>(
    'accept',
    'accept',
    'accept',
    'accept',
    'accept',
    'decline',
    'decline',
    'more-info',
    'advice',
    'outcome',
  ),
  // below 3: a link that can still be answered, as the model sees it (world.ts linkAction)
  link: fc.nat({ max: 4 }),
  hours: fc.integer({ min: 2, max: 96 }),
  attended: fc.boolean(),
});

export const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: openCommand },
  {
    weight: 1,
    arbitrary: record({
      kind: fc.constant('offers' as const),
      ref,
      by: fc.constantFrom('worker' as const, 'coordinator' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: record({ kind: fc.constant('offers-named' as const), ref, specialist: fc.nat({ max: 3 }) }),
  },
  { weight: 20, arbitrary: linkCommand },
  { weight: 3, arbitrary: record({ kind: fc.constant('answer' as const), ref }) },
  {
    weight: 6,
    arbitrary: record({
      kind: fc.constant('assign' as const),
      ref,
      by: fc.constantFrom('self' as const, 'coordinator' as const),
      accompanier,
    }),
  },
  {
    weight: 8,
    arbitrary: record({
      kind: fc.constantFrom('departed' as const, 'arrived' as const, 'absent' as const),
      ref,
      accompanier,
    }),
  },
  {
    weight: 2,
    arbitrary: record({
      kind: fc.constant('seen-again' as const),
      ref,
      by: fc.constantFrom('worker' as const, 'accompanier' as const, 'coordinator' as const),
    }),
  },
  {
    weight: 4,
    arbitrary: record({
      kind: fc.constant('outcome' as const),
      ref,
      by: fc.constantFrom('worker' as const, 'accompanier' as const),
      attended: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: record({
      kind: fc.constant('reschedule' as const),
      ref,
      hours: fc.integer({ min: 3, max: 120 }),
    }),
  },
  {
    weight: 1,
    arbitrary: record({
      kind: fc.constant('close' as const),
      ref,
      reason: fc.constantFrom('completed' as const, 'cancelled' as const, 'lost_contact' as const),
    }),
  },
  { weight: 1, arbitrary: record({ kind: fc.constant('consent-withdrawal' as const), ref }) },
  {
    weight: 5,
    arbitrary: record({
      kind: fc.constant('sweep' as const),
      advanceHours: fc.constantFrom(1, 2, 5, 13, 25, 49),
    }),
  },
);

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.tuple(command) },
  { weight: 1, arbitrary: fc.array(command, { minLength: 2, maxLength: 4 }) },
);

export const run: fc.Arbitrary<Run> = record({
  opening: fc.array(openCommand, { minLength: 1, maxLength: 2 }),
  steps: fc.array(step, { minLength: 6, maxLength: 16 }),
});
