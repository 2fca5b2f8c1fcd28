import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleSesEvent } from '../../../functions/bounces/withdraw-undeliverable-offers.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';
import { MDM } from '../links/support.ts';

/*
 * A bounce or a complaint withdraws the specialist's pending offers at once, through the write path and
 * the offer planner (the next candidate is offered in the same write), and the organisation's
 * coordinators see it in their feed. The real event path runs: offer emails, feeds.
 */

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8'));

/** The SES event of the fixture, naming `address` instead. */
function bounceFor(address: string, id: string): Record<string, unknown> {
  const event = fixture('ses-bounce-permanent') as { detail: { bounce: Record<string, unknown> } };
  return {
    ...event,
    id,
    detail: {
      ...event.detail,
      bounce: { ...event.detail.bounce, bouncedRecipients: [{ emailAddress: address.toUpperCase() }] },
    },
  };
}

function complaintFor(address: string, id: string): Record<string, unknown> {
  const event = fixture('ses-complaint') as { detail: { complaint: Record<string, unknown> } };
  return {
    ...event,
    id,
    detail: {
      ...event.detail,
      complaint: { ...event.detail.complaint, complainedRecipients: [{ emailAddress: address }] },
    },
  };
}

const uro = [0, 1, 2, 3].map((i) =>
  specialist({
    id: `uro-${i}`,
    email: `uro${i}@clinic.example`,
    specialty: 'urology',
    createdAt: `2026-01-0${i + 1}T00:00:00Z`,
  }),
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness('bounce-withdraw');
  await h.deps.organisations.put(MDM);
  for (const s of uro) await h.deps.specialists.put(s);
  await h.startEvents();
});
afterAll(async () => {
  await h.stopEvents();
});

const coordinatorFeed = async () =>
  (
    await (
      await h.call('GET', '/v1/me/notifications?limit=100', { role: 'coordinator', sub: 'co-bounce' })
    ).json()
  ).items as { kind: string; referralId?: string }[];

describe('a bounced or complained address', () => {
  it('withdraws that specialist’s pending offers at once, offers the next candidate, and tells the coordinators', async () => {
    const res = await h.call('POST', '/v1/referrals', {
      body: openBody({ pseudonym: 'BOUNCE-1', need: { specialty: 'urology' } }),
    });
    expect(res.status).toBe(201);
    const opened = await res.json();
    const first = opened.offers.map((o: { specialistId: string }) => o.specialistId) as string[];
    expect(first).toHaveLength(2);
    await h.drainEvents();
    const bounced = uro.find((s) => s.id === first[0])!;
    const kept = first[1]!;

    const before = h.sent.length;
    const out = await handleSesEvent(bounceFor(bounced.email, 'ses-bounce-1'), h.deps);
    expect(out.paused).toEqual([bounced.id]);
    expect(out.withdrawn).toEqual({ referrals: [opened.id], offers: 1 });

    const r = (await h.deps.store.get(opened.id))!;
    expect(r.version).toBe(opened.version + 1);
    expect(r.status).toBe('offered');
    const byState = (state: string) =>
      r.offers
        .filter((o) => o.state === state)
        .map((o) => o.specialistId)
        .sort();
    expect(byState('withdrawn')).toEqual([bounced.id]);
    const pending = byState('pending');
    expect(pending).toHaveLength(2);
    expect(pending).toContain(kept);
    const next = pending.find((id) => id !== kept)!;
    expect(first).not.toContain(next);
    expect(r.timeline.slice(-2).map((e) => `${e.action} by ${e.actor.role}:${e.actor.id}`)).toEqual([
      'offer.withdrawn by system:mail-delivery',
      'offer.sent by system:matching',
    ]);
    expect(r.timeline.at(-2)?.detail).toMatchObject({ why: 'undeliverable', specialistId: bounced.id });

    await h.drainEvents();
    // The next candidate gets the offer email; nothing more goes to the address that bounced.
    const nextEmail = uro.find((s) => s.id === next)!.email;
    expect(h.sent.slice(before).map((m) => m.to)).toEqual([nextEmail]);
    expect(await coordinatorFeed()).toContainEqual(
      expect.objectContaining({ kind: 'offer_undeliverable', referralId: opened.id }),
    );
    // ... and on their board, signed in through the form as a browser is.
    const signedIn = await h.request('/app/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ token: await h.token('coordinator') }).toString(),
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // In the organisation's language (French here).
    const board = await (await h.request('/app/board', { headers: { cookie } })).text();
    expect(board).toContain('Propositions non distribuées');
    expect(board).toContain(`/app/referrals/${encodeURIComponent(opened.id)}`);

    // A repeat of the same event changes nothing.
    const again = await handleSesEvent(bounceFor(bounced.email, 'ses-bounce-1'), h.deps);
    expect(again).toMatchObject({ paused: [], withdrawn: { referrals: [], offers: 0 } });
    expect((await h.deps.store.get(opened.id))?.version).toBe(r.version);
  });

  it('withdraws on a complaint too, each offer once, and the one specialist left is offered', async () => {
    const res = await h.call('POST', '/v1/referrals', {
      body: openBody({ pseudonym: 'BOUNCE-2', need: { specialty: 'urology' } }),
    });
    const opened = await res.json();
    await h.drainEvents();
    const offered = opened.offers.map((o: { specialistId: string }) => o.specialistId) as string[];
    // One urologist is paused since the bounce: of the three others, two were offered.
    const others = uro.filter((s) => s.id !== offered[0] && s.id !== offered[1]);
    const left = [];
    for (const s of others) if (!(await h.deps.specialists.get(s.id))?.pausedUntil) left.push(s.id);
    expect(left).toHaveLength(1);
    for (const [i, id] of offered.entries()) {
      await handleSesEvent(complaintFor(uro.find((s) => s.id === id)!.email, `ses-complaint-${i}`), h.deps);
    }
    const r = (await h.deps.store.get(opened.id))!;
    expect(r.offers.filter((o) => offered.includes(o.specialistId)).map((o) => o.state)).toEqual([
      'withdrawn',
      'withdrawn',
    ]);
    expect(r.offers.filter((o) => o.state === 'pending').map((o) => o.specialistId)).toEqual(left);
    expect(r.status).toBe('offered');
    // Two writes, one per complaint: the first withdrew and offered, the second withdrew only.
    expect(r.version).toBe(opened.version + 2);
  });
});
