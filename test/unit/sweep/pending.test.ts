import { describe, expect, it } from 'vitest';
import type { Referral, TimelineEntry } from '../../../domain/referral/model.ts';
import { deadlineKey } from '../../../domain/timers/deadline.ts';
import { dueAtOf, firedDeadlines, pendingDeadline } from '../../../domain/timers/pending.ts';
import { DEFAULT_TIMER_SETTINGS } from '../../../domain/timers/settings.ts';
import { HOUR, MINUTE, offer, plus, referral, scheduled, T0 } from '../domain/timers/referral.fixture.ts';

const S = DEFAULT_TIMER_SETTINGS;
const sys = { role: 'system' as const, id: 'sweep' };
const entry = (at: string, action: string, detail?: TimelineEntry['detail']): TimelineEntry => ({
  at,
  actor: sys,
  action,
  ...(detail ? { detail } : {}),
});

describe('firedDeadlines', () => {
  it('reads the keys of reminders and escalations from the timeline, nothing else', () => {
    const r = referral({
      timeline: [
        entry(T0, 'referral.opened'),
        entry(T0, 'reminder.due', { deadline: 'a', kind: 'specialist' }),
        entry(T0, 'escalation.raised', { deadline: 'b', escalationId: 'e1' }),
        entry(T0, 'escalation.raised', { escalationId: 'e1', level: 'org_coordinator' }),
        entry(T0, 'offer.expired', { deadline: 'not-a-timer' }),
      ],
    });
    expect([...firedDeadlines(r)]).toEqual(['a', 'b']);
  });
});

describe('pendingDeadline', () => {
  const offered = referral({
    status: 'offered',
    offers: [offer({ id: 'o1', expiresAt: plus(T0, 48 * HOUR) })],
  });

  it('is the half-time reminder first, then the expiry once the reminder fired', () => {
    const first = pendingDeadline(offered, S)!;
    expect(first).toEqual({
      deadline: { kind: 'reminder_specialist', at: plus(T0, 24 * HOUR), ref: 'o1' },
      dueAt: plus(T0, 24 * HOUR),
    });
    const reminded: Referral = {
      ...offered,
      timeline: [entry(plus(T0, 24 * HOUR), 'reminder.due', { deadline: deadlineKey(first.deadline) })],
      updatedAt: plus(T0, 24 * HOUR),
    };
    expect(pendingDeadline(reminded, S)?.deadline.kind).toBe('offer_expiry');
    expect(dueAtOf(S)(reminded)).toBe(plus(T0, 48 * HOUR));
  });

  it('leaves out a reminder already past when the referral was last written', () => {
    const late = { ...offered, updatedAt: plus(T0, 48 * HOUR) };
    expect(pendingDeadline(late, S)?.deadline.kind).toBe('offer_expiry');
  });

  it('has none on hold, nor when closed', () => {
    expect(pendingDeadline({ ...offered, status: 'on_hold' }, S)).toBeUndefined();
    expect(dueAtOf(S)({ ...offered, status: 'closed' })).toBeUndefined();
  });

  it('moves appointment deadlines by the time spent on hold for an absent person, keeping their key', () => {
    const appt = plus(T0, 72 * HOUR);
    const r = scheduled(appt, {
      accompaniment: { required: true, accompanierId: 'acc-1' },
      updatedAt: plus(appt, 5 * HOUR),
      timeline: [
        entry(T0, 'appointment.scheduled'),
        entry(plus(appt, -HOUR), 'person.absent'),
        entry(plus(appt, 5 * HOUR), 'person.seen_again'),
      ],
    });
    // On hold 90 minutes before the arrival deadline, for 6 hours: due 90 minutes after resuming. (The
    // evening reminder is left out: the appointment time had passed when the referral was written.)
    const arrival = pendingDeadline(r, S)!;
    expect(arrival.deadline).toEqual({ kind: 'arrival_unconfirmed', at: plus(appt, 30 * MINUTE) });
    expect(arrival.dueAt).toBe(plus(appt, 6 * HOUR + 30 * MINUTE));
  });

  it('resumes a deadline already due when the hold began as due at once', () => {
    const appt = plus(T0, 72 * HOUR);
    const r = scheduled(appt, {
      accompaniment: { required: true, accompanierId: 'acc-1' },
      updatedAt: plus(appt, 9 * HOUR),
      timeline: [
        entry(plus(appt, 2 * HOUR), 'person.absent'),
        entry(plus(appt, 9 * HOUR), 'person.seen_again'),
      ],
    });
    expect(pendingDeadline(r, S)).toEqual({
      deadline: { kind: 'arrival_unconfirmed', at: plus(appt, 30 * MINUTE) },
      dueAt: plus(appt, 9 * HOUR),
    });
  });

  it('forgets holds before the appointment was moved', () => {
    const appt = plus(T0, 72 * HOUR);
    const r = scheduled(appt, {
      updatedAt: plus(T0, 10 * HOUR),
      timeline: [
        entry(T0, 'person.absent'),
        entry(plus(T0, 5 * HOUR), 'person.seen_again'),
        entry(plus(T0, 10 * HOUR), 'appointment.rescheduled'),
      ],
    });
    expect(pendingDeadline(r, S)?.dueAt).toBe(plus(appt, 48 * HOUR));
  });
});
