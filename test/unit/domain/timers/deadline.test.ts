import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../domain/errors.ts';
import { URGENCIES, type Urgency } from '../../../../domain/referral/model.ts';
import { type Deadline, deadlineKey, nextDeadline } from '../../../../domain/timers/deadline.ts';
import {
  offerExpiresAt,
  DEFAULT_TIMER_SETTINGS as settings,
  settingsFromEnv,
} from '../../../../domain/timers/settings.ts';
import { HOUR, MINUTE, offer, plus, referral, scheduled, T0 } from './referral.fixture.ts';

const OFFER_HOURS: Record<Urgency, number> = { routine: 48, soon: 24, urgent: 4 };
const APPT = '2025-03-20T10:00:00.000Z';
const keys = (...ds: (Deadline | undefined)[]) => new Set(ds.map((d) => deadlineKey(d!)));

/** Walks the deadlines of a referral as the sweep would: fire the next one, ask again. */
function chain(r: Parameters<typeof nextDeadline>[0], s = settings): Deadline[] {
  const fired = new Set<string>();
  const out: Deadline[] = [];
  for (let d = nextDeadline(r, s, undefined, fired); d; d = nextDeadline(r, s, undefined, fired)) {
    out.push(d);
    fired.add(deadlineKey(d));
  }
  return out;
}

describe('nextDeadline: offer unanswered (48 h / 24 h / 4 h)', () => {
  it.each(URGENCIES)('an offer of a %s referral expires exactly at the end of its window', (urgency) => {
    const expiresAt = offerExpiresAt(urgency, T0, settings);
    expect(expiresAt).toBe(plus(T0, OFFER_HOURS[urgency] * HOUR));
    const r = referral({ status: 'offered', urgency, offers: [offer({ id: 'o1', sentAt: T0, expiresAt })] });

    const reminder = nextDeadline(r, settings);
    expect(reminder).toEqual({
      kind: 'reminder_specialist',
      at: plus(T0, (OFFER_HOURS[urgency] / 2) * HOUR),
      ref: 'o1',
    });
    expect(nextDeadline(r, settings, undefined, keys(reminder))).toEqual({
      kind: 'offer_expiry',
      at: expiresAt,
      ref: 'o1',
    });
  });

  it('takes the offer window from the settings', () => {
    const s = settingsFromEnv({ RELAIS_OFFER_WINDOW_URGENT: 'PT6H' });
    const expiresAt = offerExpiresAt('urgent', T0, s);
    expect(expiresAt).toBe(plus(T0, 6 * HOUR));
    const r = referral({ status: 'offered', urgency: 'urgent', offers: [offer({ id: 'o1', expiresAt })] });
    expect(chain(r, s).map((d) => [d.kind, d.at])).toEqual([
      ['reminder_specialist', plus(T0, 3 * HOUR)],
      ['offer_expiry', plus(T0, 6 * HOUR)],
    ]);
  });

  it('is the earliest deadline of all pending offers, answered ones left out', () => {
    const r = referral({
      status: 'offered',
      offers: [
        offer({ id: 'declined', state: 'declined', answeredAt: T0, expiresAt: plus(T0, HOUR) }),
        offer({ id: 'late', sentAt: plus(T0, 2 * HOUR), expiresAt: plus(T0, 50 * HOUR) }),
        offer({ id: 'early', sentAt: T0, expiresAt: plus(T0, 48 * HOUR) }),
      ],
    });
    expect(chain(r).map((d) => `${d.kind}:${d.ref}`)).toEqual([
      'reminder_specialist:early',
      'reminder_specialist:late',
      'offer_expiry:early',
      'offer_expiry:late',
    ]);
  });

  it('leaves out the reminder when the offer is already due at now', () => {
    const r = referral({ status: 'offered', offers: [offer({ id: 'o1', expiresAt: plus(T0, 48 * HOUR) })] });
    expect(nextDeadline(r, settings, plus(T0, 49 * HOUR))).toEqual({
      kind: 'offer_expiry',
      at: plus(T0, 48 * HOUR),
      ref: 'o1',
    });
    expect(nextDeadline(r, settings, plus(T0, 30 * HOUR))?.kind).toBe('reminder_specialist');
  });

  it('reminds at the configured fraction of the offer time', () => {
    const s = { ...settings, specialistReminderFraction: 0.75 };
    const r = referral({ status: 'offered', offers: [offer({ id: 'o1', expiresAt: plus(T0, 4 * HOUR) })] });
    expect(nextDeadline(r, s)?.at).toBe(plus(T0, 3 * HOUR));
  });
});

describe('nextDeadline: no specialist found (at once)', () => {
  it.each(URGENCIES)('alerts at the instant candidates ran out, for a %s referral', (urgency) => {
    const at = plus(T0, 5 * MINUTE);
    const r = referral({
      urgency,
      status: 'open',
      candidatesExhaustedAt: at,
      offers: [offer({ id: 'o1', state: 'declined', answeredAt: at })],
    });
    expect(nextDeadline(r, settings)).toEqual({ kind: 'candidates_exhausted', at });
  });

  it('is due at once when offers were all answered and nobody looked for the next candidate', () => {
    const r = referral({
      status: 'open',
      offers: [
        offer({ id: 'o1', state: 'declined', answeredAt: plus(T0, HOUR) }),
        offer({ id: 'o2', state: 'expired', expiresAt: plus(T0, 48 * HOUR) }),
        offer({ id: 'o3', state: 'more_info', answeredAt: plus(T0, 2 * HOUR) }),
      ],
    });
    expect(nextDeadline(r, settings)).toEqual({ kind: 'candidates_exhausted', at: plus(T0, 48 * HOUR) });
  });

  it('has no deadline for a referral opened without offering, until someone offers it', () => {
    expect(nextDeadline(referral({ status: 'open' }), settings)).toBeUndefined();
  });

  it('fires once: nothing is pending after the alert', () => {
    const r = referral({ status: 'open', candidatesExhaustedAt: T0 });
    expect(chain(r)).toEqual([{ kind: 'candidates_exhausted', at: T0 }]);
  });
});

describe('nextDeadline: appointment soon without accompanier (24 h before)', () => {
  it.each(URGENCIES)('alerts 24 h before the appointment of a %s referral', (urgency) => {
    const r = scheduled(APPT, { urgency, accompaniment: { required: true } });
    expect(nextDeadline(r, settings)).toEqual({ kind: 'no_accompanier', at: '2025-03-19T10:00:00.000Z' });
  });

  it('is due at once when the appointment is less than 24 h away', () => {
    const r = scheduled(plus(T0, 3 * HOUR), { accompaniment: { required: true } });
    expect(nextDeadline(r, settings, T0)).toEqual({ kind: 'no_accompanier', at: plus(T0, -21 * HOUR) });
  });

  it('does not apply when no accompaniment is needed or an accompanier is assigned', () => {
    expect(nextDeadline(scheduled(APPT), settings)?.kind).toBe('outcome_missing');
    const withAccompanier = scheduled(APPT, { accompaniment: { required: true, accompanierId: 'acc-1' } });
    expect(nextDeadline(withAccompanier, settings)?.kind).toBe('reminder_accompanier');
  });

  it('then waits for the arrival and the outcome', () => {
    const r = scheduled(APPT, { accompaniment: { required: true } });
    expect(chain(r)).toEqual([
      { kind: 'no_accompanier', at: '2025-03-19T10:00:00.000Z' },
      { kind: 'arrival_unconfirmed', at: '2025-03-20T10:30:00.000Z' },
      { kind: 'outcome_missing', at: '2025-03-22T10:00:00.000Z' },
    ]);
  });
});

describe('nextDeadline: accompanier reminder (the evening before)', () => {
  const accompanied = { required: true, accompanierId: 'acc-1' } as const;

  it.each(URGENCIES)('reminds at 18:00 UTC the day before the appointment of a %s referral', (urgency) => {
    const r = scheduled(APPT, { urgency, accompaniment: accompanied });
    expect(nextDeadline(r, settings)).toEqual({
      kind: 'reminder_accompanier',
      at: '2025-03-19T18:00:00.000Z',
    });
  });

  it('takes the day before in UTC, also for an appointment just after midnight', () => {
    const r = scheduled('2025-03-20T00:30:00.000Z', { accompaniment: accompanied });
    expect(nextDeadline(r, settings)?.at).toBe('2025-03-19T18:00:00.000Z');
  });

  it('takes the time of day from the settings', () => {
    const s = settingsFromEnv({ RELAIS_ACCOMPANIER_REMINDER_AT: '19:30' });
    const r = scheduled(APPT, { accompaniment: accompanied });
    expect(nextDeadline(r, s)?.at).toBe('2025-03-19T19:30:00.000Z');
  });

  it('is left out once the appointment has passed, or once the accompanier departed', () => {
    const r = scheduled(APPT, { accompaniment: accompanied });
    expect(nextDeadline(r, settings, plus(APPT, MINUTE))?.kind).toBe('arrival_unconfirmed');
    const departed = { ...r, status: 'departed' as const };
    expect(nextDeadline(departed, settings)?.kind).toBe('arrival_unconfirmed');
  });
});

describe('nextDeadline: arrival not confirmed (appointment + 30 min)', () => {
  it.each(URGENCIES)('is due 30 min after the appointment of a departed %s referral', (urgency) => {
    const r = scheduled(APPT, {
      urgency,
      status: 'departed',
      accompaniment: { required: true, accompanierId: 'acc-1', departedAt: plus(APPT, -HOUR) },
    });
    expect(nextDeadline(r, settings)).toEqual({
      kind: 'arrival_unconfirmed',
      at: '2025-03-20T10:30:00.000Z',
    });
  });

  it('follows the reminder of a scheduled accompanied referral', () => {
    const r = scheduled(APPT, { accompaniment: { required: true, accompanierId: 'acc-1' } });
    expect(chain(r).map((d) => [d.kind, d.at])).toEqual([
      ['reminder_accompanier', '2025-03-19T18:00:00.000Z'],
      ['arrival_unconfirmed', '2025-03-20T10:30:00.000Z'],
      ['outcome_missing', '2025-03-22T10:00:00.000Z'],
    ]);
  });

  it('takes the grace from the settings', () => {
    const s = settingsFromEnv({ RELAIS_ARRIVAL_GRACE: 'PT45M' });
    const r = scheduled(APPT, { status: 'departed', accompaniment: { required: true, accompanierId: 'a' } });
    expect(nextDeadline(r, s)?.at).toBe('2025-03-20T10:45:00.000Z');
  });
});

describe('nextDeadline: outcome not recorded (appointment + 48 h)', () => {
  it.each(URGENCIES)('is due 48 h after the appointment once a %s referral arrived', (urgency) => {
    const r = scheduled(APPT, {
      urgency,
      status: 'arrived',
      accompaniment: { required: true, accompanierId: 'acc-1', arrivedAt: APPT },
    });
    expect(nextDeadline(r, settings)).toEqual({ kind: 'outcome_missing', at: '2025-03-22T10:00:00.000Z' });
  });

  it.each(URGENCIES)('is the only deadline of a %s referral scheduled without accompaniment', (urgency) => {
    expect(chain(scheduled(APPT, { urgency }))).toEqual([
      { kind: 'outcome_missing', at: '2025-03-22T10:00:00.000Z' },
    ]);
  });

  it('moves with a rescheduled appointment, under a new key', () => {
    const before = nextDeadline(scheduled(APPT), settings)!;
    const after = nextDeadline(scheduled('2025-03-27T10:00:00.000Z'), settings, undefined, keys(before));
    expect(after).toEqual({ kind: 'outcome_missing', at: '2025-03-29T10:00:00.000Z' });
  });
});

describe('nextDeadline: follow-up date passed (the date set)', () => {
  const due = '2025-04-20T08:00:00.000Z';
  const outcome = { attended: true, recordedAt: APPT, recordedBy: { role: 'accompanier', id: 'a' } } as const;

  it.each(URGENCIES)('is due at the follow-up date of an attended %s referral', (urgency) => {
    const r = scheduled(APPT, { urgency, status: 'attended', outcome: { ...outcome, followUpDueAt: due } });
    expect(chain(r)).toEqual([{ kind: 'follow_up_due', at: due }]);
  });

  it('applies to a no-show with a follow-up date too', () => {
    const r = scheduled(APPT, {
      status: 'no_show',
      outcome: { ...outcome, attended: false, followUpDueAt: due },
    });
    expect(nextDeadline(r, settings)).toEqual({ kind: 'follow_up_due', at: due });
  });

  it('has no deadline without a follow-up date', () => {
    expect(nextDeadline(scheduled(APPT, { status: 'attended', outcome }), settings)).toBeUndefined();
  });
});

describe('nextDeadline: on hold', () => {
  const QUESTION_HOURS: Record<Urgency, number> = { routine: 48, soon: 24, urgent: 4 };
  const ABSENCE_HOURS: Record<Urgency, number> = { routine: 72, soon: 48, urgent: 24 };
  const asked = (urgency: Urgency, since = T0) =>
    referral({
      status: 'on_hold',
      urgency,
      hold: { reason: 'more_info', since, offerId: 'o1', specialistId: 'sp-o1', question: '?' },
      offers: [offer({ id: 'o1', state: 'more_info', answeredAt: since })],
    });
  const absent = (urgency: Urgency, since = plus(APPT, -HOUR)) =>
    scheduled(APPT, { status: 'on_hold', urgency, hold: { reason: 'person_absent', since } });

  it.each(URGENCIES)(
    'chases a question of a %s referral nobody answered, from when it was asked',
    (urgency) => {
      expect(chain(asked(urgency))).toEqual([
        { kind: 'question_unanswered', at: plus(T0, QUESTION_HOURS[urgency] * HOUR) },
      ]);
    },
  );

  it.each(URGENCIES)('chases an absence of a %s referral nobody followed up, and nothing else', (urgency) => {
    // The appointment's own deadlines (arrival, outcome) are paused meanwhile: only the hold is chased.
    const since = plus(APPT, -HOUR);
    expect(chain(absent(urgency, since))).toEqual([
      { kind: 'absence_unresolved', at: plus(since, ABSENCE_HOURS[urgency] * HOUR) },
    ]);
  });

  it('reads the windows from the settings', () => {
    const s = settingsFromEnv({
      RELAIS_QUESTION_WINDOW_URGENT: 'PT1H',
      RELAIS_ABSENCE_WINDOW_URGENT: 'PT6H',
    });
    expect(nextDeadline(asked('urgent'), s)?.at).toBe(plus(T0, HOUR));
    expect(nextDeadline(absent('urgent', T0), s)?.at).toBe(plus(T0, 6 * HOUR));
  });

  it('has nothing to chase on a hold it cannot read the reason of', () => {
    expect(nextDeadline(referral({ status: 'on_hold' }), settings)).toBeUndefined();
  });
});

describe('nextDeadline: final states', () => {
  it('has no deadline once closed', () => {
    const r = referral({ status: 'closed', closeReason: 'withdrawn', offers: [offer({ id: 'o1' })] });
    expect(nextDeadline(r, settings)).toBeUndefined();
  });

  it('refuses an unreadable date rather than dropping the deadline', () => {
    const r = scheduled('not a date');
    expect(() => nextDeadline(r, settings)).toThrow(DomainError);
  });
});

describe('deadlineKey', () => {
  it('is kind, offer id and instant', () => {
    expect(deadlineKey({ kind: 'offer_expiry', at: T0, ref: 'o1' })).toBe(`offer_expiry:o1:${T0}`);
    expect(deadlineKey({ kind: 'outcome_missing', at: T0 })).toBe(`outcome_missing::${T0}`);
  });

  it('is the same whatever offset the referral stored its instants with', () => {
    const a = nextDeadline(scheduled('2025-03-20T11:00:00+01:00'), settings);
    const b = nextDeadline(scheduled('2025-03-20T10:00:00Z'), settings);
    expect(deadlineKey(a!)).toBe(deadlineKey(b!));
  });
});
