import { describe, expect, it } from 'vitest';
import {
  acceptOffer,
  confirmArrived,
  confirmDeparted,
  recordOutcome,
  reschedule,
} from '../../../../domain/referral/rules/index.ts';
import {
  accompanied,
  accompanier,
  at,
  ctxAt,
  expectRefusal,
  offered,
  offerOf,
  scheduled,
  specialist,
  worker,
} from './builders.ts';

/*
 * The appointment's window, against the service clock: set at most 18 calendar months ahead and never in
 * the past; departure and arrival from 12 h before it; attendance from its time. `accompanied()` has its appointment
 * at T0+72h (2025-03-06T09:00Z).
 */

const EIGHTEEN_MONTHS_FROM_T0_PLUS_3H = '2026-09-03T12:00:00.000Z';

describe('an appointment time', () => {
  it('is refused more than 18 months ahead when accepted, naming the field', () => {
    const r = offered();
    const input = (appointmentAt: string) => ({
      offerId: offerOf(r, 'sp-1').id,
      appointmentAt,
      place: 'Cabinet Dr A',
    });
    expectRefusal(
      () => acceptOffer(r, input('9999-12-31T00:00:00.000Z'), ctxAt(3, specialist('sp-1'))),
      'invalid_input',
      'appointmentAt',
    );
    expectRefusal(
      () => acceptOffer(r, input('2026-09-03T12:00:01.000Z'), ctxAt(3, specialist('sp-1'))),
      'invalid_input',
      'appointmentAt',
    );
    const t = acceptOffer(r, input(EIGHTEEN_MONTHS_FROM_T0_PLUS_3H), ctxAt(3, specialist('sp-1')));
    expect(t.referral.appointment?.at).toBe(EIGHTEEN_MONTHS_FROM_T0_PLUS_3H);
  });

  it('is refused more than 18 months ahead, or in the past, when rescheduled', () => {
    const r = scheduled();
    for (const appointmentAt of ['9999-12-31T00:00:00.000Z', '2026-09-03T12:00:01.000Z', at(2)]) {
      expectRefusal(
        () => reschedule(r, { appointmentAt }, ctxAt(3, worker)),
        'invalid_input',
        'appointmentAt',
      );
    }
    expect(
      reschedule(r, { appointmentAt: EIGHTEEN_MONTHS_FROM_T0_PLUS_3H }, ctxAt(3, worker)).referral.appointment
        ?.at,
    ).toBe(EIGHTEEN_MONTHS_FROM_T0_PLUS_3H);
  });
});

describe('arrival', () => {
  it('is refused more than 12 h before the appointment, as a state refusal', () => {
    expectRefusal(() => confirmArrived(accompanied(), ctxAt(59.99, accompanier)), 'invalid_state');
  });

  it('is confirmed from 12 h before the appointment', () => {
    expect(confirmArrived(accompanied(), ctxAt(60, accompanier)).referral.status).toBe('arrived');
  });
});

describe('departure', () => {
  it('is refused more than 12 h before the appointment, as arrival is, and changes nothing', () => {
    const r = accompanied();
    const refused = expectRefusal(() => confirmDeparted(r, ctxAt(59.99, accompanier)), 'invalid_state');
    expect(refused.message).toMatch(/^Departure /);
    expect(confirmDeparted(r, ctxAt(60, accompanier)).referral.status).toBe('departed');
  });
});

describe('an outcome', () => {
  it('refuses attended before the appointment’s time, naming the field', () => {
    expectRefusal(
      () => recordOutcome(accompanied(), { attended: true }, ctxAt(71.99, accompanier)),
      'invalid_input',
      'attended',
    );
  });

  it('records attended from the appointment’s time', () => {
    expect(recordOutcome(accompanied(), { attended: true }, ctxAt(72, accompanier)).referral.status).toBe(
      'attended',
    );
  });

  it('records a no-show before it (the person said they will not come)', () => {
    expect(recordOutcome(accompanied(), { attended: false }, ctxAt(48, accompanier)).referral.status).toBe(
      'no_show',
    );
  });
});
