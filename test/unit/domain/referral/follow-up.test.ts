import { describe, expect, it } from 'vitest';
import type { Referral } from '../../../../domain/referral/model.ts';
import { confirmArrived, recordFollowUp, recordOutcome } from '../../../../domain/referral/rules/index.ts';
import {
  accompanied,
  accompanier,
  at,
  coordinator,
  ctxAt,
  expectChange,
  expectRefusal,
  expectUnchanged,
  scheduled,
  worker,
} from './builders.ts';

/** Attended at T0+74h, with a follow-up due at T0+240h. */
function withFollowUp(): Referral {
  const r = confirmArrived(accompanied(), ctxAt(72, accompanier)).referral;
  return recordOutcome(r, { attended: true, followUpDueAt: at(240) }, ctxAt(74, accompanier)).referral;
}

describe('recordFollowUp', () => {
  it('records the follow-up as done: no longer pending, with who did it and the date it was due', () => {
    const r = withFollowUp();
    const ctx = ctxAt(250, coordinator);
    const t = recordFollowUp(r, { done: true }, ctx);
    expectChange(r, t, ctx, ['follow_up.recorded']);
    expect(t.events[0]?.data).toEqual({ done: true, previousDueAt: at(240) });
    expect(t.referral.outcome).not.toHaveProperty('followUpDueAt');
    expect(t.referral.outcome?.followUpDone).toEqual({ at: at(250), by: coordinator, dueAt: at(240) });
    expect(t.referral.status).toBe('attended');
  });

  it('refuses the follow-up recorded as done again as a conflict saying when it was done', () => {
    const done = recordFollowUp(withFollowUp(), { done: true }, ctxAt(250)).referral;
    expect(() => recordFollowUp(done, { done: true }, ctxAt(251))).toThrow(/already recorded as done at/);
  });

  it('moves the follow-up to a new date, and changes nothing when moved to the same instant', () => {
    const r = withFollowUp();
    const ctx = ctxAt(245, worker);
    const t = recordFollowUp(r, { dueAt: '2025-03-20T09:00:00+02:00' }, ctx);
    expectChange(r, t, ctx, ['follow_up.recorded']);
    expect(t.referral.outcome?.followUpDueAt).toBe('2025-03-20T07:00:00.000Z');
    expect(t.events[0]?.data).toEqual({
      done: false,
      dueAt: '2025-03-20T07:00:00.000Z',
      previousDueAt: at(240),
    });
    expectUnchanged(t.referral, recordFollowUp(t.referral, { dueAt: '2025-03-20T07:00:00Z' }, ctxAt(246)));
  });

  it('sets a follow-up again after it was done, pending once more', () => {
    const done = recordFollowUp(withFollowUp(), { done: true }, ctxAt(250)).referral;
    const t = recordFollowUp(done, { dueAt: at(400) }, ctxAt(251));
    expect(t.referral.outcome?.followUpDueAt).toBe(at(400));
    expect(t.referral.outcome).not.toHaveProperty('followUpDone');
  });

  it('refuses a date in the past, now, or more than 18 months ahead, naming dueAt', () => {
    const r = withFollowUp();
    expectRefusal(() => recordFollowUp(r, { dueAt: at(100) }, ctxAt(245)), 'invalid_input', 'dueAt');
    expectRefusal(() => recordFollowUp(r, { dueAt: at(245) }, ctxAt(245)), 'invalid_input', 'dueAt');
    expectRefusal(
      () => recordFollowUp(r, { dueAt: '2026-09-14T09:00:00.000Z' }, ctxAt(245)),
      'invalid_input',
      'dueAt',
    );
    expect(() => recordFollowUp(r, { dueAt: '2026-09-12T09:00:00.000Z' }, ctxAt(245))).not.toThrow();
  });

  it('holds the follow-up date set with the outcome to the same limits, naming followUpDueAt', () => {
    const r = confirmArrived(accompanied(), ctxAt(72, accompanier)).referral;
    const far = '2027-01-01T00:00:00.000Z';
    expectRefusal(
      () => recordOutcome(r, { attended: true, followUpDueAt: far }, ctxAt(74, accompanier)),
      'invalid_input',
      'followUpDueAt',
    );
  });

  it('refuses "done" when no follow-up was ever set, and any follow-up before the outcome', () => {
    const attended = recordOutcome(
      confirmArrived(accompanied(), ctxAt(72, accompanier)).referral,
      { attended: true },
      ctxAt(74, accompanier),
    ).referral;
    expectRefusal(() => recordFollowUp(attended, { done: true }, ctxAt(80)), 'invalid_state');
    expectRefusal(() => recordFollowUp(scheduled(), { dueAt: at(300) }, ctxAt(10)), 'invalid_state');
  });
});
