import { afterEach, describe, expect, it } from 'vitest';
import { declineOffer } from '../../../domain/referral/rules/index.ts';
import { createHarness, type Harness, specialist } from '../http/harness.ts';
import { apply, HOUR, MDM_EN, open, plus, sweepAt } from '../timers/support.ts';

/*
 * A referral whose every candidate let the offer expire (a weekend, a full inbox) is not stuck: the
 * coordinator alerted that candidates ran out names one of them and they are asked again. Matching does
 * not ask them again on its own, and one who declined stays refused, as a rule of the referral's state.
 * Over HTTP on DynamoDB Local with the real event path.
 */

const MDM = MDM_EN;

let h: Harness;
const harnesses: Harness[] = [];

afterEach(async () => {
  for (const x of harnesses.splice(0)) await x.stopEvents();
});

const board = async (): Promise<{ kind: string; referralId: string }[]> => {
  await h.drainEvents();
  const res = await h.call('GET', '/v1/escalations?state=open', { role: 'coordinator' });
  expect(res.status).toBe(200);
  return (await res.json()).items;
};

describe('a referral whose candidates all let their offer expire', () => {
  it('is offered again to a specialist a coordinator names, but not to one who declined nor by matching', async () => {
    h = await createHarness('loops-expired-offers');
    harnesses.push(h);
    await h.deps.organisations.put(MDM);
    const silent = specialist({ id: 'eye-silent' });
    const refusing = specialist({ id: 'eye-refusing' });
    for (const s of [silent, refusing]) await h.deps.specialists.put(s);
    await h.startEvents();

    const r = await open(h, { urgency: 'routine' });
    expect(r.offers.map((o) => o.specialistId).sort()).toEqual(['eye-refusing', 'eye-silent']);
    await h.drainEvents();
    const declined = r.offers.find((o) => o.specialistId === 'eye-refusing')!;
    h.clock.set(new Date(plus(r.createdAt, HOUR)));
    await apply(h, r.id, { role: 'specialist', id: 'eye-refusing' }, (ref, ctx) =>
      declineOffer(ref, { offerId: declined.id, reason: 'no_capacity' }, ctx),
    );
    // The other offer lapses: nobody is left to ask, and the coordinators are told.
    await sweepAt(h, plus(r.createdAt, 49 * HOUR));
    await sweepAt(h, plus(r.createdAt, 49 * HOUR + 60_000));
    const exhausted = (await h.deps.store.get(r.id))!;
    expect(exhausted.status).toBe('open');
    expect(exhausted.offers.map((o) => o.state).sort()).toEqual(['declined', 'expired']);
    expect((await board()).map((e) => [e.kind, e.referralId])).toEqual([['candidates_exhausted', r.id]]);

    const offers = (body: unknown) =>
      h.call('POST', `/v1/referrals/${r.id}/offers`, { role: 'coordinator', body });
    // Matching asks nobody twice on its own: nothing to offer to.
    const next = await offers({});
    expect(next.status).toBe(422);
    // One who said no is refused by a rule of the referral's state (422, naming the field), not as a
    // concurrent change.
    const again = await offers({ specialistIds: ['eye-refusing'] });
    expect(again.status).toBe(422);
    expect((await again.json()).errors).toEqual([{ path: 'specialistIds.0', message: expect.any(String) }]);
    expect((await h.deps.store.get(r.id))!.version).toBe(exhausted.version);

    // One who let it expire did not say no: named, they are asked again, and the alert is resolved.
    const named = await offers({ specialistIds: ['eye-silent'] });
    expect(named.status).toBe(200);
    const reoffered = await named.json();
    expect(reoffered.status).toBe('offered');
    const states = reoffered.offers.map(
      (o: { specialistId: string; state: string }) => `${o.specialistId} ${o.state}`,
    );
    expect(states.sort()).toEqual(['eye-refusing declined', 'eye-silent expired', 'eye-silent pending']);
    expect(await board()).toEqual([]);
    await h.drainEvents();
    const emails = h.sent.filter((m) => m.to === silent.email);
    expect(emails).toHaveLength(2);
  });
});
