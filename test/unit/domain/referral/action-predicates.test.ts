import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import * as Rules from '../../../../domain/referral/rules/index.ts';
import { accompanied, accompanier, at, ctxAt, offered, opened, scheduled } from './builders.ts';

/*
 * What the referral page asks before showing an action (offerable, reschedulable, followUpMovable,
 * followUpPending) is what the rule itself checks: in every state, the predicate says yes exactly when
 * the rule does not refuse for the state.
 */

const attended = (): Referral =>
  Rules.recordOutcome(accompanied(), { attended: true, followUpDueAt: at(300) }, ctxAt(73, accompanier))
    .referral;
const absent = (): Referral => Rules.markAbsent(accompanied(), ctxAt(71, accompanier)).referral;
const closed = (): Referral => Rules.closeReferral(opened(), { reason: 'cancelled' }, ctxAt(1)).referral;

const STATES: Readonly<Record<string, () => Referral>> = {
  open: opened,
  offered: () => offered(),
  scheduled,
  accompanied,
  absent,
  attended,
  'attended, follow-up done': () => Rules.recordFollowUp(attended(), { done: true }, ctxAt(80)).referral,
  closed,
};

/** Whether the rule refuses for the referral's state (a refusal of the input does not count). */
const refusesState = (run: () => unknown): boolean => {
  try {
    run();
    return false;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return err.kind === 'invalid_state';
  }
};

describe.each(Object.entries(STATES))('a referral %s', (_name, make) => {
  it('may be offered exactly when offerTo does not refuse its state', () => {
    const r = make();
    const refused = refusesState(() =>
      Rules.offerTo(r, [{ specialistId: 'sp-9', expiresAt: at(500) }], ctxAt(90)),
    );
    expect(Rules.offerable(r)).toBe(!refused);
  });

  it('may be rescheduled exactly when reschedule does not refuse its state', () => {
    const r = make();
    expect(Rules.reschedulable(r)).toBe(
      !refusesState(() => Rules.reschedule(r, { appointmentAt: at(400) }, ctxAt(90))),
    );
  });

  it('may have its follow-up moved, or done, exactly when recordFollowUp does not refuse its state', () => {
    const r = make();
    expect(Rules.followUpMovable(r)).toBe(
      !refusesState(() => Rules.recordFollowUp(r, { dueAt: at(600) }, ctxAt(90))),
    );
    const done = () => Rules.recordFollowUp(r, { done: true }, ctxAt(90));
    expect(Rules.followUpPending(r)).toBe(!refusesState(done) && !alreadyDone(done));
  });
});

/** Done twice is a conflict saying when it was done: not pending either. */
const alreadyDone = (run: () => unknown): boolean => {
  try {
    run();
    return false;
  } catch (err) {
    return err instanceof DomainError && err.kind === 'conflict';
  }
};
