import { describe, expect, it } from 'vitest';
import type { Specialist } from '../../../../domain/directory/model.ts';
import type { UseCaseDeps } from '../../../../domain/referral/deps.ts';
import type { Referral } from '../../../../domain/referral/model.ts';
import { invariantViolations, markAbsent, requestMoreInfo } from '../../../../domain/referral/rules/index.ts';
import { fireDue } from '../../../../domain/timers/fire-due.ts';
import { DEFAULT_TIMER_SETTINGS } from '../../../../domain/timers/settings.ts';
import { parseEvent } from '../../../../events/catalog.ts';
import {
  accompanied,
  accompanier,
  at,
  ctxAt,
  offered,
  offerOf,
  opened,
  scheduled,
  specialist,
} from '../referral/builders.ts';

const S = DEFAULT_TIMER_SETTINGS;

function deps(pool: readonly string[] = []): UseCaseDeps {
  let n = 0;
  const specialists: Specialist[] = pool.map((id) => ({
    id,
    kind: 'doctor',
    displayName: id,
    email: `${id}@clinic.example`,
    specialty: 'ophthalmology',
    practice: 'CHL',
    languages: ['fr', 'pt'],
    locale: 'fr',
    active: true,
    monthlyQuota: 10,
    createdAt: at(-100),
    updatedAt: at(-100),
  }));
  return {
    store: {} as UseCaseDeps['store'],
    specialists: {
      get: async (id) => specialists.find((s) => s.id === id),
      put: async () => undefined,
      save: async () => undefined,
      create: async () => 'created' as const,
      listBySpecialty: async () => specialists,
      list: async () => ({ items: specialists }),
    },
    clock: { now: () => new Date(at(0)) },
    newId: () => `new-${++n}`,
    offersAtOnce: 2,
    offerExpiry: (urgency, now) => new Date(now.getTime() + S.offerWindowMs[urgency]),
  };
}

const sound = (r: Referral) => expect(invariantViolations(r)).toEqual([]);

describe('fireDue', () => {
  it('raises one escalation for a question nobody answered, and none before its time', async () => {
    const sent = offered();
    const r = requestMoreInfo(
      sent,
      { offerId: offerOf(sent, 'sp-1').id, question: 'Any allergies?' },
      ctxAt(10, specialist('sp-1')),
    ).referral;
    // On hold: the offers' clocks are paused, only the question is chased (48 h for a routine one).
    expect(await fireDue(deps(), S, r, at(57.9))).toBeUndefined();
    const out = await fireDue(deps(), S, r, at(58));
    expect(out?.fired.map((f) => f.kind)).toEqual(['question_unanswered']);
    const raised = out!.transition.events.find((e) => e.type === 'escalation.raised');
    expect(raised?.data).toMatchObject({ kind: 'question_unanswered', level: 'assignee' });
    expect(out!.transition.referral.version).toBe(r.version + 1);
    expect(await fireDue(deps(), S, out!.transition.referral, at(200))).toBeUndefined();
  });

  it('raises one escalation for an absence nobody followed up', async () => {
    const r = markAbsent(accompanied(), ctxAt(70, accompanier)).referral;
    expect(await fireDue(deps(), S, r, at(70 + 72 - 0.1))).toBeUndefined();
    const out = await fireDue(deps(), S, r, at(70 + 72));
    expect(out?.fired.map((f) => f.kind)).toEqual(['absence_unresolved']);
    sound(out!.transition.referral);
    expect(await fireDue(deps(), S, out!.transition.referral, at(400))).toBeUndefined();
  });

  it('does nothing before the first deadline', async () => {
    expect(await fireDue(deps(), S, offered(), at(24.9))).toBeUndefined();
  });

  it('reminds each specialist at half time, once', async () => {
    const r = offered(); // sent at T0+1h, expiring at T0+49h
    const first = await fireDue(deps(), S, r, at(25));
    expect(first?.fired.map((f) => f.kind)).toEqual(['reminder_specialist', 'reminder_specialist']);
    const after = first!.transition.referral;
    sound(after);
    // Two deadlines fired, ONE write: the version moves by one.
    expect(after.version).toBe(r.version + 1);
    for (const e of first!.transition.events) expect(parseEvent(e)).toEqual(e);
    expect(await fireDue(deps(), S, after, at(26))).toBeUndefined();
  });

  it('expires the offers and offers the next candidates, in one change', async () => {
    const r = offered(['sp-1', 'sp-2']);
    const out = await fireDue(deps(['sp-1', 'sp-2', 'sp-3', 'sp-4']), S, { ...r, updatedAt: at(49) }, at(49));
    expect(out?.fired.map((f) => f.kind)).toEqual(['offer_expiry', 'offer_expiry']);
    const after = out!.transition.referral;
    sound(after);
    expect(after.status).toBe('offered');
    expect(
      after.offers
        .filter((o) => o.state === 'pending')
        .map((o) => o.specialistId)
        .sort(),
    ).toEqual(['sp-3', 'sp-4']);
  });

  it('reads the directory, the country and the load once for all the expiries of one write', async () => {
    const d = deps(['sp-1', 'sp-2', 'sp-3', 'sp-4']);
    const reads = { directory: 0, country: 0, load: 0 };
    const counted: UseCaseDeps = {
      ...d,
      specialists: {
        ...d.specialists,
        listBySpecialty: async (specialty) => {
          reads.directory++;
          return d.specialists.listBySpecialty(specialty);
        },
      },
      countryOf: async () => {
        reads.country++;
        return undefined;
      },
      loadOf: async () => {
        reads.load++;
        return new Map();
      },
    };
    const r = offered(['sp-1', 'sp-2']);
    const out = await fireDue(counted, S, { ...r, updatedAt: at(49) }, at(49));
    expect(out?.fired.map((f) => f.kind)).toEqual(['offer_expiry', 'offer_expiry']);
    expect(reads).toEqual({ directory: 1, country: 1, load: 1 });
  });

  it('alerts the coordinator when nobody is left', async () => {
    const r = offered(['sp-1', 'sp-2']);
    const out = await fireDue(deps(['sp-1', 'sp-2']), S, { ...r, updatedAt: at(49) }, at(49));
    expect(out?.fired.map((f) => f.kind)).toEqual(['offer_expiry', 'offer_expiry', 'candidates_exhausted']);
    const raised = out!.transition.events.filter((e) => e.type === 'escalation.raised');
    expect(raised).toHaveLength(1);
    expect(raised[0]!.data).toMatchObject({
      kind: 'candidates_exhausted',
      level: 'org_coordinator',
      urgency: 'routine',
    });
    sound(out!.transition.referral);
    expect(await fireDue(deps(), S, out!.transition.referral, at(100))).toBeUndefined();
  });

  it('raises an escalation per passed appointment deadline, each once', async () => {
    const r = scheduled(); // appointment at T0+72h, accompaniment required, nobody assigned
    const alert = await fireDue(deps(), S, r, at(48));
    expect(alert?.fired).toMatchObject([{ kind: 'no_accompanier', escalationId: expect.any(String) }]);
    const a = alert!.transition.referral;
    expect(await fireDue(deps(), S, a, at(72.5 - 1 / 3600))).toBeUndefined();
    const arrival = await fireDue(deps(), S, a, at(72.5));
    expect(arrival?.fired.map((f) => f.kind)).toEqual(['arrival_unconfirmed']);
    // Nobody was assigned: no assignee to ask, the coordinators hear of it at once.
    expect(arrival!.transition.events.find((e) => e.type === 'escalation.raised')?.data).toMatchObject({
      kind: 'arrival_unconfirmed',
      level: 'org_coordinator',
    });
    const outcome = await fireDue(deps(), S, arrival!.transition.referral, at(120));
    expect(outcome?.fired.map((f) => f.kind)).toEqual(['outcome_missing']);
    sound(outcome!.transition.referral);
  });

  it('reminds the accompanier the evening before', async () => {
    const r = accompanied(); // appointment Thursday 6 March 2025 09:00 UTC
    const out = await fireDue(deps(), S, r, '2025-03-05T18:00:00.000Z');
    expect(out?.fired).toMatchObject([{ kind: 'reminder_accompanier', dueAt: '2025-03-05T18:00:00.000Z' }]);
    expect(out!.transition.events[0]).toMatchObject({
      type: 'reminder.due',
      data: { accompanierId: 'acc-1' },
    });
  });

  it('searches for candidates when offers ran out without a search, before alerting', async () => {
    const r = opened();
    const declinedAll: Referral = {
      ...r,
      offers: [
        {
          id: 'o1',
          specialistId: 'sp-1',
          sentAt: at(0),
          expiresAt: at(48),
          state: 'declined',
          answeredAt: at(2),
          declineReason: 'no_capacity',
        },
      ],
    };
    const out = await fireDue(deps(['sp-1', 'sp-2']), S, declinedAll, at(3));
    expect(out?.transition.referral.offers.at(-1)).toMatchObject({ specialistId: 'sp-2', state: 'pending' });
    expect(out?.transition.events.some((e) => e.type === 'escalation.raised')).toBe(false);
  });
});
