import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { EMPTY_COUNTERS } from '../../../domain/stats/figures.ts';
import { parseEvent, type RelaisEvent } from '../../../events/catalog.ts';
import { createSeenEvents } from '../../../functions/adapters/dynamo/seen-events.ts';
import { createStatsStore } from '../../../functions/adapters/dynamo/stats-store.ts';
import { statsProjection } from '../../../functions/consumers/stats-projection.ts';
import type { Deps } from '../../../functions/lib/deps.ts';
import { localDynamoClient } from '../../../local/dynamodb.ts';
import { createInProcessBus } from '../../../local/in-process-bus.ts';
import { createTestTable } from '../../support/table.ts';
import { recordingLogger } from '../../unit/publish/recording-logger.ts';
import { createHarness, type Harness } from '../http/harness.ts';
import { builtReferral, HOUR, plus } from '../timers/support.ts';

/*
 * The stats projection through the real consumer and event bus, on DynamoDB Local: each event sets its
 * own fact on its referral's row of the year, so a redelivered event counts once and events delivered in
 * any order give the same figures, with no transaction and no de-duplication marker.
 */

let h: Harness;
let events: RelaisEvent[];
const T0 = '2026-11-20T09:00:00.000Z';
const DAY = 24 * HOUR;

let n = 0;
const event = (r: Referral, type: string, at: string, data: Record<string, unknown> = {}): RelaisEvent =>
  parseEvent({
    id: `STATSPROJ-EV-${++n}`,
    type,
    version: 1,
    at,
    referralId: r.id,
    org: r.org,
    actor: { role: 'system', id: 'test' },
    data,
  });
const opened = (r: Referral) =>
  event(r, 'referral.opened', r.createdAt, {
    specialty: 'ophthalmology',
    urgency: 'routine',
    accompanimentRequired: true,
  });

/** Delivers the events through the in-process bus to the stats projection alone, over these deps. */
const deliver = async (deps: Deps, list: readonly RelaisEvent[]) => {
  const bus = createInProcessBus({
    consumers: [statsProjection],
    seen: createSeenEvents(localDynamoClient(inject('dynamoEndpoint')), h.tableName),
    deps,
    logger: recordingLogger(),
  });
  for (const e of list) await bus.publish([e]);
};

beforeAll(async () => {
  h = await createHarness('stats-projection');
  h.clock.set(new Date(plus(T0, 20 * DAY)));
  // Two referrals of one person, one of another; one of them sees its outcome in the next year.
  const a = { ...builtReferral(T0, { daysAgo: 0 }), pseudonym: 'PROJ-HERON' };
  const b = { ...builtReferral(T0, { daysAgo: 0 }), pseudonym: 'PROJ-HERON' };
  const c = { ...builtReferral(T0, { daysAgo: 0 }), pseudonym: 'PROJ-EGRET' };
  for (const r of [a, b, c]) await h.deps.store.create({ referral: r, events: [] });
  events = [
    opened(a),
    event(a, 'offer.declined', plus(T0, HOUR), { offerId: 'o1', specialistId: 's1', reason: 'no_capacity' }),
    event(a, 'offer.declined', plus(T0, 2 * HOUR), { offerId: 'o2', specialistId: 's2', reason: 'other' }),
    event(a, 'appointment.scheduled', plus(T0, 3 * HOUR), {
      offerId: 'o3',
      specialistId: 's3',
      at: plus(a.createdAt, 10 * DAY + HOUR),
    }),
    event(a, 'person.absent', plus(T0, 9 * DAY)),
    event(a, 'accompaniment.arrived', plus(T0, 10 * DAY), { accompanierId: 'acc-1' }),
    event(a, 'outcome.recorded', plus(T0, 11 * DAY), { attended: false }),
    opened(b),
    opened(c),
    event(c, 'outcome.recorded', '2027-01-03T10:00:00.000Z', { attended: true }),
  ];
});

const expected2026 = {
  ...EMPTY_COUNTERS,
  referrals: 3,
  bySpecialty: { ophthalmology: 3 },
  distinctPeople: 2,
  accompaniments: 1,
  appointments: 1,
  daysToAppointment: { '10': 1 },
  outcomes: 1,
  noShows: 1,
  absences: 1,
  declineReasons: { no_capacity: 1, other: 1 },
};
const expected2027 = { ...EMPTY_COUNTERS, outcomes: 1 };

describe('the stats projection', () => {
  it('counts each event once however often it is delivered', async () => {
    await deliver(h.deps, events);
    const once = await h.deps.stats.get({ org: 'mdm-lu' }, 2026);
    expect(once).toEqual(expected2026);
    expect(await h.deps.stats.get({ org: 'mdm-lu' }, 2027)).toEqual(expected2027);

    await deliver(h.deps, events);
    await Promise.all(events.map((e) => deliver(h.deps, [e])));
    expect(await h.deps.stats.get({ org: 'mdm-lu' }, 2026)).toEqual(once);
    expect(await h.deps.stats.get({ org: 'mdm-lu' }, 2027)).toEqual(expected2027);
    expect((await h.deps.stats.year(2026)).network).toEqual(once);
  });

  it('gives the same figures when the events come out of order, some of them twice', async () => {
    // The same referrals, projected into a table of their own.
    const t = await createTestTable('stats-projection-order');
    const deps: Deps = { ...h.deps, stats: createStatsStore(t.dynamo, t.tableName, h.deps.keyRing) };
    const reversed = [...events].reverse();
    await deliver(deps, [...reversed.slice(0, 4), events[0]!, ...reversed.slice(4), events[3]!, events[6]!]);
    expect(await deps.stats.get({ org: 'mdm-lu' }, 2026)).toEqual(expected2026);
    expect(await deps.stats.get({ org: 'mdm-lu' }, 2027)).toEqual(expected2027);
  });

  it("counts the days to an appointment from the event's opening date, with no referral to read", async () => {
    const t = await createTestTable('stats-projection-opened-at');
    const deps: Deps = { ...h.deps, stats: createStatsStore(t.dynamo, t.tableName, h.deps.keyRing) };
    // A referral that is not in the store: only the event can say when it was opened.
    const unseen = { ...builtReferral(T0, { daysAgo: 0 }), id: 'STATSPROJ-UNSTORED' };
    const scheduled = parseEvent({
      ...event(unseen, 'appointment.scheduled', plus(T0, HOUR), {
        offerId: 'o9',
        specialistId: 's9',
        at: plus(unseen.createdAt, 6 * DAY + HOUR),
      }),
      openedAt: unseen.createdAt,
    });
    await deliver(deps, [scheduled]);
    expect(await deps.stats.get({ org: 'mdm-lu' }, 2026)).toEqual({
      ...EMPTY_COUNTERS,
      appointments: 1,
      daysToAppointment: { '6': 1 },
    });
  });
});
