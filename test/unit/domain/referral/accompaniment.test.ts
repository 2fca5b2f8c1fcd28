import { describe, expect, it } from 'vitest';
import {
  assignAccompanier,
  canBeSeenAgain,
  confirmArrived,
  confirmDeparted,
  markAbsent,
  markSeenAgain,
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
  networkCoordinator,
  offered,
  otherAccompanier,
  scheduled,
  worker,
} from './builders.ts';

describe('assignAccompanier', () => {
  it('lets an accompanier take the accompaniment for themselves', () => {
    const r = scheduled();
    const ctx = ctxAt(3, accompanier);
    const t = assignAccompanier(r, { accompanierId: accompanier.id }, ctx);
    expectChange(r, t, ctx, ['accompaniment.assigned']);
    expect(t.referral.accompaniment).toEqual({ required: true, accompanierId: 'acc-1' });
    expect(t.events[0]?.data).toEqual({ accompanierId: 'acc-1' });
  });

  it('lets a coordinator assign with a meeting point and time', () => {
    const r = scheduled();
    const t = assignAccompanier(
      r,
      { accompanierId: 'acc-1', meetingPoint: 'Gare centrale, quai 1', meetingAt: at(71) },
      ctxAt(3, coordinator),
    );
    expect(t.referral.accompaniment).toEqual({
      required: true,
      accompanierId: 'acc-1',
      meetingPoint: 'Gare centrale, quai 1',
      meetingAt: at(71),
    });
    expect(JSON.stringify(t.events)).not.toContain('Gare');
  });

  it('refuses the same person assigned again as a conflict', () => {
    const r = accompanied();
    expectRefusal(
      () => assignAccompanier(r, { accompanierId: accompanier.id }, ctxAt(4, accompanier)),
      'conflict',
    );
    expectRefusal(
      () => assignAccompanier(r, { accompanierId: accompanier.id }, ctxAt(4, coordinator)),
      'conflict',
    );
  });

  it('records new meeting details for the same person', () => {
    const r = accompanied();
    const ctx = ctxAt(4, coordinator);
    const t = assignAccompanier(r, { accompanierId: accompanier.id, meetingAt: at(70) }, ctx);
    expectChange(r, t, ctx, ['accompaniment.assigned']);
    expect(t.referral.accompaniment.meetingAt).toBe(at(70));
  });

  it('refuses a second accompanier taking it as a conflict', () => {
    const r = accompanied();
    expectRefusal(
      () => assignAccompanier(r, { accompanierId: otherAccompanier.id }, ctxAt(4, otherAccompanier)),
      'conflict',
    );
    expectRefusal(
      () => assignAccompanier(r, { accompanierId: otherAccompanier.id }, ctxAt(4, worker)),
      'conflict',
    );
  });

  it('lets a coordinator or a network coordinator reassign, recording who had it', () => {
    for (const actor of [coordinator, networkCoordinator]) {
      const r = accompanied();
      const ctx = ctxAt(4, actor);
      const t = assignAccompanier(r, { accompanierId: otherAccompanier.id }, ctx);
      expectChange(r, t, ctx, ['accompaniment.assigned']);
      expect(t.referral.accompaniment.accompanierId).toBe('acc-2');
      expect(t.events[0]?.data).toEqual({ accompanierId: 'acc-2', previousAccompanierId: 'acc-1' });
      expect(t.referral.timeline.at(-1)?.detail).toEqual({
        accompanierId: 'acc-2',
        previousAccompanierId: 'acc-1',
      });
    }
  });

  it('refuses an accompanier assigning someone else', () => {
    expectRefusal(
      () => assignAccompanier(scheduled(), { accompanierId: otherAccompanier.id }, ctxAt(3, accompanier)),
      'forbidden',
    );
  });

  it('refuses when no accompaniment is needed, or nothing is scheduled', () => {
    const unaccompanied = scheduled({ accompaniment: { required: false } });
    expectRefusal(
      () => assignAccompanier(unaccompanied, { accompanierId: 'acc-1' }, ctxAt(3, coordinator)),
      'invalid_state',
    );
    expectRefusal(
      () => assignAccompanier(offered(), { accompanierId: 'acc-1' }, ctxAt(3, coordinator)),
      'invalid_state',
    );
  });

  it('refuses a meeting time in the past or after the appointment', () => {
    const r = scheduled();
    const input = (meetingAt: string) => ({ accompanierId: 'acc-1', meetingAt });
    expectRefusal(
      () => assignAccompanier(r, input(at(2)), ctxAt(3, coordinator)),
      'invalid_input',
      'meetingAt',
    );
    expectRefusal(
      () => assignAccompanier(r, input(at(73)), ctxAt(3, coordinator)),
      'invalid_input',
      'meetingAt',
    );
  });
});

describe('confirmDeparted and confirmArrived', () => {
  it('moves scheduled → departed → arrived for the assigned accompanier', () => {
    const r = accompanied();
    const c1 = ctxAt(71, accompanier);
    const departed = confirmDeparted(r, c1);
    expectChange(r, departed, c1, ['accompaniment.departed']);
    expect(departed.referral.status).toBe('departed');
    expect(departed.referral.accompaniment.departedAt).toBe(at(71));
    expect(departed.events[0]?.data).toEqual({ accompanierId: 'acc-1' });

    const c2 = ctxAt(71.5, accompanier);
    const arrived = confirmArrived(departed.referral, c2);
    expectChange(departed.referral, arrived, c2, ['accompaniment.arrived']);
    expect(arrived.referral.status).toBe('arrived');
    expect(arrived.referral.accompaniment.arrivedAt).toBe(at(71.5));
  });

  it('confirms arrival straight from scheduled', () => {
    const t = confirmArrived(accompanied(), ctxAt(72, accompanier));
    expect(t.referral.status).toBe('arrived');
    expect(t.referral.accompaniment).not.toHaveProperty('departedAt');
  });

  it('refuses a repeated confirmation as a conflict: each counts once, and says it already did', () => {
    const departed = confirmDeparted(accompanied(), ctxAt(71, accompanier)).referral;
    expectRefusal(() => confirmDeparted(departed, ctxAt(71.1, accompanier)), 'conflict');
    const arrived = confirmArrived(departed, ctxAt(72, accompanier)).referral;
    expectRefusal(() => confirmArrived(arrived, ctxAt(72.1, accompanier)), 'conflict');
    expectRefusal(() => confirmDeparted(arrived, ctxAt(72.1, accompanier)), 'conflict');
  });

  it('refuses anyone but the assigned accompanier', () => {
    const r = accompanied();
    expectRefusal(() => confirmDeparted(r, ctxAt(71, otherAccompanier)), 'forbidden');
    expectRefusal(() => confirmArrived(r, ctxAt(71, coordinator)), 'forbidden');
    expectRefusal(() => confirmDeparted(scheduled(), ctxAt(71, accompanier)), 'forbidden');
  });

  it('refuses a departure after arriving without one', () => {
    const arrived = confirmArrived(accompanied(), ctxAt(72, accompanier)).referral;
    expectRefusal(() => confirmDeparted(arrived, ctxAt(72.1, accompanier)), 'invalid_state');
  });
});

describe('markAbsent and markSeenAgain', () => {
  it('puts the referral on hold and counts an absence, not a no-show', () => {
    const r = accompanied();
    const ctx = ctxAt(71.5, accompanier);
    const t = markAbsent(r, ctx);
    expectChange(r, t, ctx, ['person.absent']);
    expect(t.referral).toMatchObject({
      status: 'on_hold',
      hold: { reason: 'person_absent', since: at(71.5) },
      counts: { absences: 1, noShows: 0 },
    });
  });

  it('refuses the absence recorded twice as a conflict', () => {
    const absent = markAbsent(accompanied(), ctxAt(71, accompanier)).referral;
    expectRefusal(() => markAbsent(absent, ctxAt(71.2, accompanier)), 'conflict');
  });

  it('refuses anyone but the assigned accompanier, and after arrival', () => {
    expectRefusal(() => markAbsent(accompanied(), ctxAt(71, worker)), 'forbidden');
    const arrived = confirmArrived(accompanied(), ctxAt(72, accompanier)).referral;
    expectRefusal(() => markAbsent(arrived, ctxAt(72.1, accompanier)), 'invalid_state');
  });

  it('refuses an absence after leaving the meeting point with the person: they were there', () => {
    const departed = confirmDeparted(accompanied(), ctxAt(71, accompanier)).referral;
    expectRefusal(() => markAbsent(departed, ctxAt(71.5, accompanier)), 'invalid_state');
  });

  it('brings the person back to scheduled with the appointment kept and the journey reset', () => {
    const absent = markAbsent(accompanied(), ctxAt(71.5, accompanier)).referral;
    const ctx = ctxAt(71.9, worker);
    expect(canBeSeenAgain(absent, ctx.now)).toBe(true);
    const t = markSeenAgain(absent, ctx);
    expectChange(absent, t, ctx, ['person.seen_again']);
    expect(t.referral.status).toBe('scheduled');
    expect(t.referral).not.toHaveProperty('hold');
    expect(t.referral.appointment).toEqual(absent.appointment);
    expect(t.referral.accompaniment).toEqual({ required: true, accompanierId: 'acc-1' });
    expect(t.referral.counts.absences).toBe(1);
  });

  it('refuses seen-again once the appointment’s time has come: it was missed, and is rescheduled instead', () => {
    const absent = markAbsent(accompanied(), ctxAt(71.5, accompanier)).referral;
    for (const hours of [72, 96]) {
      expect(canBeSeenAgain(absent, at(hours))).toBe(false);
      expectRefusal(() => markSeenAgain(absent, ctxAt(hours, worker)), 'invalid_state');
    }
    // The reschedule ends the hold by itself, with the new time.
    const moved = reschedule(absent, { appointmentAt: at(120) }, ctxAt(96, worker)).referral;
    expect(moved).toMatchObject({ status: 'scheduled', appointment: { at: at(120) } });
    expect(moved).not.toHaveProperty('hold');
  });

  it('refuses seen-again when nobody was absent', () => {
    expectRefusal(() => markSeenAgain(accompanied(), ctxAt(80)), 'invalid_state');
  });
});
