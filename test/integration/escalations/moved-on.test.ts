import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import { HOUR, MDM_EN, MINUTE, open, plus, schedule, sweepAt } from '../timers/support.ts';

/*
 * An escalation resolves when its referral moves past what it was about, and the sweep never climbs one
 * whose cause is gone: "no accompanier" does not climb on beside "arrival not confirmed" once the
 * appointment passed, nor beside the alert of the appointment it was moved to. Through the paths that
 * apply the rule: the board's consumer of the referral's events, and the sweep before a climb. On
 * DynamoDB Local with the real event path.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('escalations-moved-on');
  await h.deps.organisations.put(MDM_EN);
  for (let i = 0; i < 2; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

/** Every escalation the referral ever raised, as the board keeps them, oldest first. */
async function escalationsOf(r: Referral): Promise<BoardEscalation[]> {
  const ids = (await h.deps.store.get(r.id))!.timeline.flatMap((t) =>
    t.action === 'escalation.raised' ? [String(t.detail?.escalationId)] : [],
  );
  return Promise.all(ids.map(async (id) => (await h.deps.escalations.get(id))!));
}

/** A referral needing an accompanier, scheduled five days on; the sweep a day before: nobody assigned. */
async function nobodyToAccompany(pseudonym: string) {
  const r = await open(h, { pseudonym });
  const appt = plus(h.clock.now(), 5 * 24 * HOUR);
  await schedule(h, r.id, appt);
  await sweepAt(h, plus(appt, -24 * HOUR));
  await h.drainEvents();
  const [alert] = await escalationsOf(r);
  expect(alert).toMatchObject({ kind: 'no_accompanier', level: 'org_coordinator', state: 'open' });
  return { r, appt, alert: alert! };
}

const openOnBoard = async (r: Referral) =>
  (await h.deps.escalations.listBoard({ org: r.org }, 'open', { limit: 100 })).items.filter(
    (e) => e.referralId === r.id,
  );

const climbs = (fired: readonly { kind: string }[], id: string) =>
  fired.filter((f) => f.kind === 'escalation_climb' && 'escalationId' in f && f.escalationId === id);

describe('an escalation whose referral moved on', () => {
  it('"no accompanier" resolves when the appointment passed and the arrival is what is chased', async () => {
    const { r, appt, alert } = await nobodyToAccompany('MOVED-1');
    await sweepAt(h, plus(appt, 31 * MINUTE));
    await h.drainEvents();
    const [stale, arrival] = await escalationsOf(r);
    expect(stale).toMatchObject({ id: alert.id, state: 'resolved', level: 'org_coordinator' });
    expect(arrival).toMatchObject({ kind: 'arrival_unconfirmed', state: 'open' });
    expect((await openOnBoard(r)).map((e) => e.id)).toEqual([arrival!.id]);

    // Its wait at the coordinators is over: it does not climb to the network.
    const swept = await sweepAt(h, plus(alert.climbAt!, MINUTE));
    expect(climbs(swept.fired, alert.id)).toEqual([]);
    await h.drainEvents();
    expect(await h.deps.escalations.get(alert.id)).toMatchObject({
      state: 'resolved',
      level: 'org_coordinator',
    });
  });

  it('"no accompanier" resolves when the appointment is moved, and the new time has its own alert alone', async () => {
    const { r, appt, alert } = await nobodyToAccompany('MOVED-2');
    const later = plus(appt, 7 * 24 * HOUR);
    const moved = await h.call('POST', `/v1/referrals/${r.id}/reschedule`, {
      body: { appointmentAt: later },
    });
    expect(moved.status).toBe(200);
    await h.drainEvents();
    expect(await h.deps.escalations.get(alert.id)).toMatchObject({ state: 'resolved' });
    expect(await openOnBoard(r)).toEqual([]);

    // Its old climb comes and goes; the new appointment's alert is the only one on the board.
    expect(climbs((await sweepAt(h, plus(alert.climbAt!, MINUTE))).fired, alert.id)).toEqual([]);
    await sweepAt(h, plus(later, -24 * HOUR));
    await h.drainEvents();
    const open = await openOnBoard(r);
    expect(open.map((e) => [e.kind, e.level])).toEqual([['no_accompanier', 'org_coordinator']]);
    expect(open[0]!.id).not.toBe(alert.id);
    expect(open[0]!.referral?.appointmentAt).toBe(later);
  });

  it('is resolved by the sweep, not climbed, when the board did not hear of the move yet', async () => {
    const { r, appt, alert } = await nobodyToAccompany('MOVED-3');
    // The board's consumer is behind (down, or the stream delayed): the referral moves on meanwhile.
    await h.stopEvents();
    await sweepAt(h, plus(appt, 31 * MINUTE));
    const raised = (await h.deps.store.get(r.id))!.timeline.filter((t) => t.action === 'escalation.raised');
    expect(raised.map((t) => t.detail?.kind)).toEqual(['no_accompanier', 'arrival_unconfirmed']);
    expect(await h.deps.escalations.get(alert.id)).toMatchObject({ state: 'open' });

    const swept = await sweepAt(h, plus(alert.climbAt!, MINUTE));
    expect(climbs(swept.fired, alert.id)).toEqual([
      expect.objectContaining({ escalationId: alert.id, outcome: 'resolved' }),
    ]);
    expect(await h.deps.escalations.get(alert.id)).toMatchObject({
      state: 'resolved',
      level: 'org_coordinator',
    });
  });
});
