import { describe, expect, it } from 'vitest';
import {
  confirmArrived,
  confirmDeparted,
  markAbsent,
  recordOutcome,
  reschedule,
} from '../../../../domain/referral/rules/index.ts';
import {
  accompanied,
  accompanier,
  at,
  coordinator,
  ctxAt,
  expectChange,
  expectRefusal,
  expectUnchanged,
  offered,
  otherAccompanier,
  scheduled,
  specialist,
  worker,
} from './builders.ts';

describe('recordOutcome', () => {
  it('records attendance with a follow-up date, keeping the note out of the event', () => {
    const r = confirmArrived(accompanied(), ctxAt(72, accompanier)).referral;
    const ctx = ctxAt(74, accompanier);
    const t = recordOutcome(
      r,
      { attended: true, followUpDueAt: at(240), note: 'cataract surgery planned' },
      ctx,
    );
    expectChange(r, t, ctx, ['outcome.recorded']);
    expect(t.referral.status).toBe('attended');
    expect(t.referral.outcome).toEqual({
      attended: true,
      recordedAt: at(74),
      recordedBy: accompanier,
      followUpDueAt: at(240),
      note: 'cataract surgery planned',
    });
    expect(t.events[0]?.data).toEqual({ attended: true, followUpDueAt: at(240) });
    expect(JSON.stringify(t.events)).not.toContain('cataract');
    expect(JSON.stringify(t.referral.timeline)).not.toContain('cataract');
  });

  it('records a no-show at the specialist and counts it', () => {
    const r = scheduled({ accompaniment: { required: false } });
    const ctx = ctxAt(73, specialist('sp-1'));
    const t = recordOutcome(r, { attended: false }, ctx);
    expectChange(r, t, ctx, ['outcome.recorded']);
    expect(t.referral.status).toBe('no_show');
    expect(t.referral.counts).toEqual({ absences: 0, noShows: 1 });
    expect(t.events[0]?.data).toEqual({ attended: false });
  });

  it('records from departed as well', () => {
    const departed = confirmDeparted(accompanied(), ctxAt(71, accompanier)).referral;
    expect(recordOutcome(departed, { attended: true }, ctxAt(73, worker)).referral.status).toBe('attended');
  });

  it('refuses the same outcome recorded again as a conflict saying when it was recorded', () => {
    const r = recordOutcome(
      scheduled(),
      { attended: true, followUpDueAt: at(240) },
      ctxAt(73, worker),
    ).referral;
    expectRefusal(() => recordOutcome(r, { attended: true }, ctxAt(74, specialist('sp-1'))), 'conflict');
    expectRefusal(
      () => recordOutcome(r, { attended: true, followUpDueAt: at(240) }, ctxAt(74, worker)),
      'conflict',
    );
    expect(() => recordOutcome(r, { attended: true }, ctxAt(74, worker))).toThrow(/already recorded at/);
  });

  it('refuses a different outcome once one was recorded as a conflict', () => {
    const r = recordOutcome(scheduled(), { attended: true }, ctxAt(73, worker)).referral;
    expectRefusal(() => recordOutcome(r, { attended: false }, ctxAt(74, worker)), 'conflict');
    expectRefusal(
      () => recordOutcome(r, { attended: true, followUpDueAt: at(300) }, ctxAt(74, worker)),
      'conflict',
    );
  });

  it('refuses an accompanier other than the assigned one', () => {
    expectRefusal(
      () => recordOutcome(accompanied(), { attended: true }, ctxAt(73, otherAccompanier)),
      'forbidden',
    );
  });

  it('refuses a specialist other than the one of the appointment', () => {
    expectRefusal(
      () => recordOutcome(scheduled(), { attended: true }, ctxAt(73, specialist('sp-2'))),
      'forbidden',
    );
  });

  it('refuses a follow-up date that is not in the future', () => {
    expectRefusal(
      () => recordOutcome(scheduled(), { attended: true, followUpDueAt: at(73) }, ctxAt(73, worker)),
      'invalid_input',
      'followUpDueAt',
    );
  });

  it('refuses before anything is scheduled, and while the person is absent', () => {
    expectRefusal(() => recordOutcome(offered(), { attended: true }, ctxAt(3)), 'invalid_state');
    const absent = markAbsent(accompanied(), ctxAt(71, accompanier)).referral;
    expectRefusal(() => recordOutcome(absent, { attended: false }, ctxAt(73)), 'invalid_state');
  });
});

describe('reschedule', () => {
  it('moves the appointment and clears the meeting time', () => {
    const r = accompanied();
    const ctx = ctxAt(10, coordinator);
    const t = reschedule(r, { appointmentAt: at(96), place: 'Hôpital, porte B' }, ctx);
    expectChange(r, t, ctx, ['appointment.rescheduled']);
    expect(t.referral.status).toBe('scheduled');
    expect(t.referral.appointment).toMatchObject({
      at: at(96),
      place: 'Hôpital, porte B',
      specialistId: 'sp-1',
    });
    expect(t.events[0]?.data).toEqual({ specialistId: 'sp-1', at: at(96), previousAt: at(72) });
  });

  it('keeps the place when none is given', () => {
    const r = scheduled();
    const t = reschedule(r, { appointmentAt: at(96) }, ctxAt(10));
    expect(t.referral.appointment?.place).toBe(r.appointment?.place);
  });

  it('reschedules a person who was absent, back to scheduled with the journey reset', () => {
    const absent = markAbsent(accompanied(), ctxAt(71.5, accompanier)).referral;
    const ctx = ctxAt(80, worker);
    const t = reschedule(absent, { appointmentAt: at(168) }, ctx);
    expectChange(absent, t, ctx, ['appointment.rescheduled']);
    expect(t.referral.status).toBe('scheduled');
    expect(t.referral).not.toHaveProperty('hold');
    expect(t.referral.accompaniment).toEqual({ required: true, accompanierId: 'acc-1' });
  });

  it('changes nothing when moved to the time and place it already has', () => {
    const r = scheduled();
    expectUnchanged(r, reschedule(r, { appointmentAt: at(72) }, ctxAt(10)));
  });

  it('refuses a time that is not after now', () => {
    expectRefusal(
      () => reschedule(scheduled(), { appointmentAt: at(10) }, ctxAt(10)),
      'invalid_input',
      'appointmentAt',
    );
  });

  it('refuses without a scheduled appointment, or once on the way', () => {
    expectRefusal(() => reschedule(offered(), { appointmentAt: at(96) }, ctxAt(10)), 'invalid_state');
    const departed = confirmDeparted(accompanied(), ctxAt(71, accompanier)).referral;
    expectRefusal(() => reschedule(departed, { appointmentAt: at(96) }, ctxAt(71.2)), 'invalid_state');
  });
});
