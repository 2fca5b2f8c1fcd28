import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import { type Referral, type TimelineEntry, URGENCIES } from '../../../../domain/referral/model.ts';
import { DEADLINE_KINDS } from '../../../../domain/timers/deadline.ts';
import {
  acknowledge,
  boardRank,
  boardSortKey,
  compareForBoard,
  ESCALATION_KINDS,
  ESCALATION_LEVELS,
  type Escalation,
  type EscalationKind,
  escalationKindOf,
  firstLevel,
  raise,
  resolveOnProgress,
} from '../../../../domain/timers/escalation.ts';
import { offer, referral, scheduled, T0 } from './referral.fixture.ts';

const LATER = '2025-03-11T09:00:00.000Z';
const BEFORE = '2025-03-08T09:00:00.000Z';
const asked = (since: string) =>
  ({ reason: 'more_info', since, offerId: 'o1', specialistId: 'sp-o1', question: '?' }) as const;
const absentSince = (since: string) => ({ reason: 'person_absent', since }) as const;
const APPT = '2025-03-10T08:00:00.000Z';

const raised = (kind: EscalationKind, over: Partial<Escalation> = {}): Escalation => ({
  ...raise(undefined, { id: 'esc-1', referral: referral(), kind, now: T0 }),
  ...over,
});

describe('raise', () => {
  it.each([
    ['candidates_exhausted', 'org_coordinator', 'reoffer'],
    ['no_accompanier', 'org_coordinator', 'assign_accompanier'],
    ['arrival_unconfirmed', 'assignee', 'confirm_arrival'],
    ['outcome_missing', 'assignee', 'record_outcome'],
    ['follow_up_due', 'org_coordinator', 'record_follow_up'],
    ['question_unanswered', 'assignee', 'answer_question'],
    ['absence_unresolved', 'assignee', 'resolve_absence'],
  ] as const)('raises a new %s escalation at %s, asking to %s', (kind, level, action) => {
    const r = referral({ urgency: 'soon', accompaniment: { required: true, accompanierId: 'acc-1' } });
    expect(raise(undefined, { id: 'esc-1', referral: r, kind, now: '2025-03-10T10:00:00+01:00' })).toEqual({
      id: 'esc-1',
      referralId: r.id,
      org: r.org,
      kind,
      level,
      since: T0,
      state: 'open',
      urgency: 'soon',
      action,
    });
  });

  it('climbs one level each time it is raised again, and stays at the top', () => {
    let e = raised('outcome_missing');
    const levels = [e.level];
    for (let i = 0; i < 3; i++) {
      e = raise(e, { id: 'other', referral: referral(), kind: 'outcome_missing', now: LATER });
      levels.push(e.level);
    }
    expect(levels).toEqual(['assignee', 'org_coordinator', 'network_coordinator', 'network_coordinator']);
    expect(e.id).toBe('esc-1');
    expect(e.since).toBe(T0);
  });

  it('raises an unconfirmed arrival nobody was assigned to at the organisation’s coordinators', () => {
    const alone = referral({ accompaniment: { required: true } });
    const e = raise(undefined, { id: 'esc-1', referral: alone, kind: 'arrival_unconfirmed', now: T0 });
    expect(e.level).toBe('org_coordinator');
    expect(firstLevel('arrival_unconfirmed', alone)).toBe('org_coordinator');
    const assigned = referral({ accompaniment: { required: true, accompanierId: 'acc-1' } });
    expect(firstLevel('arrival_unconfirmed', assigned)).toBe('assignee');
    // A missing outcome has its referring worker whoever accompanies.
    expect(firstLevel('outcome_missing', alone)).toBe('assignee');
  });

  it('climbs to a new level without what the board kept about the old one (its next climb, its version)', () => {
    const onBoard = { ...raised('candidates_exhausted'), version: 3, climbAt: LATER, raisedAt: T0 };
    const up = raise(onBoard, { id: 'x', referral: referral(), kind: 'candidates_exhausted', now: LATER });
    expect(up).toEqual({ ...raised('candidates_exhausted'), level: 'network_coordinator' });
    expect(up).not.toHaveProperty('climbAt');
    expect(up).not.toHaveProperty('version');
  });

  it('reopens an acknowledged escalation that is overdue again, with the urgency of now', () => {
    const e = acknowledge(raised('no_accompanier'));
    expect(e.state).toBe('acknowledged');
    const again = raise(e, {
      id: 'x',
      referral: referral({ urgency: 'urgent' }),
      kind: 'no_accompanier',
      now: LATER,
    });
    expect(again).toMatchObject({
      state: 'open',
      level: 'network_coordinator',
      urgency: 'urgent',
      since: T0,
    });
  });

  it('starts a new escalation when the previous one was resolved', () => {
    const old = raised('candidates_exhausted', { state: 'resolved', level: 'network_coordinator' });
    const e = raise(old, { id: 'esc-2', referral: referral(), kind: 'candidates_exhausted', now: LATER });
    expect(e).toMatchObject({ id: 'esc-2', level: 'org_coordinator', state: 'open', since: LATER });
  });

  it('refuses to climb an escalation about another referral or matter', () => {
    const e = raised('outcome_missing');
    expect(() => raise(e, { id: 'x', referral: referral(), kind: 'follow_up_due', now: LATER })).toThrow(
      DomainError,
    );
    const other = referral({ id: 'ref-2' });
    expect(() => raise(e, { id: 'x', referral: other, kind: 'outcome_missing', now: LATER })).toThrow(
      DomainError,
    );
  });
});

describe('escalationKindOf', () => {
  it('escalates overdue matters, not offer expiries or reminders', () => {
    const escalating = DEADLINE_KINDS.filter((k) => escalationKindOf(k) !== undefined);
    expect(escalating).toEqual([...ESCALATION_KINDS]);
    expect(escalationKindOf('offer_expiry')).toBeUndefined();
    expect(escalationKindOf('reminder_specialist')).toBeUndefined();
    expect(escalationKindOf('reminder_accompanier')).toBeUndefined();
  });
});

describe('acknowledge', () => {
  it('leaves a resolved escalation resolved', () => {
    const e = raised('follow_up_due', { state: 'resolved' });
    expect(acknowledge(e)).toBe(e);
  });
});

describe('resolveOnProgress', () => {
  const accompanied = { required: true, accompanierId: 'acc-1' } as const;
  const sweep = { role: 'system', id: 'sweep' } as const;
  /** The timeline entry of the write that raised escalation `id`. */
  const raisedEntry = (id: string, kind: EscalationKind): TimelineEntry => ({
    at: T0,
    actor: sweep,
    action: 'escalation.raised',
    detail: { escalationId: id, kind, level: 'org_coordinator', urgency: 'routine' },
  });
  const rescheduledEntry: TimelineEntry = {
    at: LATER,
    actor: { role: 'social_worker', id: 'sw-1' },
    action: 'appointment.rescheduled',
  };
  /** `r` with `esc-1` raised on it, then `after`. */
  const since = (r: Referral, kind: EscalationKind, ...after: TimelineEntry[]): Referral => ({
    ...r,
    timeline: [...r.timeline, raisedEntry('esc-1', kind), ...after],
  });
  const moved = '2025-03-14T08:00:00.000Z';
  const outcome = {
    attended: true,
    recordedAt: LATER,
    recordedBy: { role: 'accompanier', id: 'a' },
  } as const;

  it.each(ESCALATION_KINDS)('resolves a %s escalation when the referral is closed', (kind) => {
    const closed = referral({ status: 'closed', closeReason: 'lost_contact' });
    expect(resolveOnProgress(raised(kind), closed).state).toBe('resolved');
  });

  it.each([
    ['candidates_exhausted', referral({ status: 'open', candidatesExhaustedAt: T0 }), false],
    ['candidates_exhausted', referral({ status: 'offered', offers: [offer({ id: 'o9' })] }), true],
    ['candidates_exhausted', scheduled(APPT), true],
    ['no_accompanier', scheduled(APPT, { accompaniment: { required: true } }), false],
    ['no_accompanier', scheduled(APPT, { accompaniment: accompanied }), true],
    ['no_accompanier', scheduled(APPT, { accompaniment: { required: false } }), true],
    ['arrival_unconfirmed', scheduled(APPT, { status: 'departed', accompaniment: accompanied }), false],
    ['arrival_unconfirmed', scheduled(APPT, { status: 'arrived', accompaniment: accompanied }), true],
    [
      'arrival_unconfirmed',
      since(scheduled(moved, { accompaniment: accompanied }), 'arrival_unconfirmed', rescheduledEntry),
      true,
    ],
    [
      'arrival_unconfirmed',
      scheduled(APPT, { status: 'on_hold', hold: { reason: 'person_absent', since: T0 } }),
      true,
    ],
    ['outcome_missing', scheduled(APPT, { status: 'arrived' }), false],
    ['outcome_missing', scheduled(APPT, { status: 'attended', outcome }), true],
    ['outcome_missing', since(scheduled(moved), 'outcome_missing', rescheduledEntry), true],
    [
      'follow_up_due',
      scheduled(APPT, { status: 'attended', outcome: { ...outcome, followUpDueAt: T0 } }),
      false,
    ],
    [
      'follow_up_due',
      scheduled(APPT, { status: 'attended', outcome: { ...outcome, followUpDueAt: LATER } }),
      true,
    ],
    ['follow_up_due', scheduled(APPT, { status: 'attended', outcome }), true],
    ['question_unanswered', referral({ status: 'on_hold', hold: asked(BEFORE) }), false],
    ['question_unanswered', referral({ status: 'offered', offers: [offer({ id: 'o2' })] }), true],
    // A newer question than the one that was overdue: its own deadline follows.
    ['question_unanswered', referral({ status: 'on_hold', hold: asked(LATER) }), true],
    ['question_unanswered', scheduled(APPT, { status: 'on_hold', hold: absentSince(BEFORE) }), true],
    ['absence_unresolved', scheduled(APPT, { status: 'on_hold', hold: absentSince(BEFORE) }), false],
    ['absence_unresolved', scheduled(APPT), true],
    ['absence_unresolved', scheduled(APPT, { status: 'on_hold', hold: absentSince(LATER) }), true],
    ['absence_unresolved', referral({ status: 'on_hold', hold: asked(BEFORE) }), true],
  ] as const)('%s: resolved is %s for %#', (kind, r, resolved) => {
    const e = raised(kind);
    expect(resolveOnProgress(e, r).state).toBe(resolved ? 'resolved' : 'open');
  });

  it.each(['no_accompanier', 'arrival_unconfirmed', 'outcome_missing'] as const)(
    'resolves a %s escalation whose appointment was set again since it was raised',
    (kind) => {
      const waiting = scheduled(moved, { accompaniment: { required: true } });
      expect(resolveOnProgress(raised(kind), since(waiting, kind)).state).toBe('open');
      expect(resolveOnProgress(raised(kind), since(waiting, kind, rescheduledEntry)).state).toBe('resolved');
    },
  );

  it('resolves an escalation once a later deadline of its referral raised another', () => {
    // Nobody accompanies, the appointment passed: the arrival is what to chase now, not the accompanier.
    const passed = scheduled(APPT, { accompaniment: { required: true } });
    const older = since(passed, 'no_accompanier');
    expect(resolveOnProgress(raised('no_accompanier'), older).state).toBe('open');
    const newer = { ...older, timeline: [...older.timeline, raisedEntry('esc-2', 'arrival_unconfirmed')] };
    expect(resolveOnProgress(raised('no_accompanier'), newer).state).toBe('resolved');
    expect(resolveOnProgress(raised('arrival_unconfirmed', { id: 'esc-2' }), newer).state).toBe('open');
  });

  it('returns an unresolved escalation as it is', () => {
    const e = raised('outcome_missing');
    expect(resolveOnProgress(e, scheduled(APPT, { status: 'arrived' }))).toBe(e);
  });

  it('refuses a referral the escalation is not about', () => {
    expect(() => resolveOnProgress(raised('outcome_missing'), referral({ id: 'ref-2' }))).toThrow(
      DomainError,
    );
  });
});

describe('the board order', () => {
  it('ranks the most urgent first, and the highest level first within an urgency', () => {
    expect(boardRank('urgent', 'network_coordinator')).toBe(0);
    expect(boardRank('urgent', 'assignee')).toBeLessThan(boardRank('soon', 'network_coordinator'));
    expect(boardRank('soon', 'org_coordinator')).toBeLessThan(boardRank('soon', 'assignee'));
    expect(boardRank('routine', 'assignee')).toBe(8);
  });

  it('puts the oldest first among equals', () => {
    const a = raised('outcome_missing', { id: 'a', since: LATER });
    const b = raised('outcome_missing', { id: 'b', since: T0 });
    const c = raised('outcome_missing', { id: 'c', urgency: 'urgent', since: LATER });
    expect([a, b, c].sort(compareForBoard).map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });

  it('gives a sort key that sorts as the board does', () => {
    const escalation = fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
      urgency: fc.constantFrom(...URGENCIES),
      level: fc.constantFrom(...ESCALATION_LEVELS),
      since: fc
        .integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01') })
        .map((t) => new Date(t).toISOString()),
    });
    fc.assert(
      fc.property(fc.array(escalation, { maxLength: 20 }), (items) => {
        const es = items.map((x) => raised('outcome_missing', x));
        const byKey = [...es].sort((a, b) => (boardSortKey(a) < boardSortKey(b) ? -1 : 1));
        const byCompare = [...es].sort(compareForBoard);
        expect(byKey.map(boardSortKey)).toEqual(byCompare.map(boardSortKey));
      }),
    );
  });
});
