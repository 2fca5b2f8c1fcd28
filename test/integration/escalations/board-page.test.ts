import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignAccompanier, markAbsent, requestMoreInfo } from '../../../domain/referral/rules/index.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { createHarness, type Harness, openBody, specialist } from '../http/harness.ts';
import { apply, HOUR, open, plus, schedule } from '../timers/support.ts';
import { formOf } from './support.ts';

/* The board page's forms: acting on an escalation through the existing referral use cases. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('board-page');
  for (let i = 0; i < 2; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

/** Signs in through the form, as a browser would: the session cookie to send back. */
type Role = 'coordinator' | 'social_worker' | 'network_coordinator';

const signIn = async (role: Role): Promise<string> => {
  const res = await h.request('/app/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: await h.token(role) }).toString(),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
};

const page = async (path: string, role: Role, init: RequestInit = {}) =>
  h.request(path, {
    ...init,
    headers: {
      cookie: await signIn(role),
      ...(init.headers as Record<string, string>),
    },
  });

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
});

describe('the board page', () => {
  it('sends a signed-out visitor to sign in, and refuses a social worker', async () => {
    const out = await h.request('/app/board');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/app/sign-in?next=%2Fapp%2Fboard');
    expect((await page('/app/board', 'social_worker')).status).toBe(403);
  });

  it('re-offers from the board when the candidates ran out, which resolves the escalation', async () => {
    const r = await open(h);
    await runSweep(h.deps, { now: new Date(plus(r.createdAt, 48 * 3_600_000)) });
    await h.drainEvents();
    const [item] = (await (await h.call('GET', '/v1/escalations', { role: 'coordinator' })).json()).items;
    expect(item).toMatchObject({ referralId: r.id, kind: 'candidates_exhausted' });

    const html = await (await page('/app/board', 'coordinator')).text();
    expect(html).toContain(`action="/app/board/escalations/${item.id}/reoffer"`);
    // Cross-site form posts are refused.
    const cross = await page(`/app/board/escalations/${item.id}/reoffer`, 'coordinator', {
      ...form({}),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    expect(cross.status).toBe(403);

    await h.deps.specialists.put(specialist()); // a new specialist joined the directory
    h.clock.set(new Date(plus(r.createdAt, 49 * 3_600_000)));
    const res = await page(
      `/app/board/escalations/${item.id}/reoffer`,
      'coordinator',
      form(formOf(html, item.id, 'reoffer')),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/board?state=open&notice=reoffered');
    expect((await h.deps.store.get(r.id))!.status).toBe('offered');
    await h.drainEvents();
    expect((await (await h.call('GET', '/v1/escalations', { role: 'coordinator' })).json()).items).toEqual(
      [],
    );

    // Acknowledging it from the board as it was shown: it was resolved since, which the page says.
    const again = await page(`/app/board/escalations/${item.id}/ack`, 'coordinator', {
      ...form({ ...formOf(html, item.id, 'ack'), back: '/app/board?state=open' }),
    });
    expect(again.headers.get('location')).toBe('/app/board?state=open&notice=changed');
    expect((await h.deps.escalations.get(item.id))!.state).toBe('resolved');
  });

  it('says so when nobody is left to re-offer to, and the API refuses with a 422 writing nothing', async () => {
    // Nobody in the directory does podiatry: the referral runs out of candidates as it opens.
    const r = await open(h, { need: { specialty: 'podiatry' } });
    await runSweep(h.deps, { now: new Date(plus(r.createdAt, 60_000)) });
    await h.drainEvents();
    const before = (await h.deps.store.get(r.id))!;
    expect(before).toMatchObject({ status: 'open', candidatesExhaustedAt: expect.any(String) });

    const api = await h.call('POST', `/v1/referrals/${r.id}/offers`, { role: 'coordinator', body: {} });
    expect(api.status).toBe(422);
    expect(await api.json()).toMatchObject({
      status: 422,
      detail: 'No other candidate matches: offer to a named specialist or widen the search.',
    });
    expect(await h.deps.store.get(r.id)).toEqual(before);

    const item = (await h.deps.escalations.listBoard({ org: r.org }, 'open', { limit: 50 })).items.find(
      (e) => e.referralId === r.id && e.kind === 'candidates_exhausted',
    )!;
    expect(item).toBeDefined();
    const board = await (await page('/app/board', 'coordinator')).text();
    const res = await page(
      `/app/board/escalations/${item.id}/reoffer`,
      'coordinator',
      form(formOf(board, item.id, 'reoffer')),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/board?state=open&notice=no_candidate');
    expect(await h.deps.store.get(r.id)).toEqual(before);
    const html = await (await page('/app/board?notice=no_candidate', 'coordinator')).text();
    expect(html).toContain('No other candidate matches: offer to a named specialist or widen the search.');
    expect(html).not.toContain('Offered to the next candidates.');
  });

  it('lets a network coordinator re-offer another organisation’s referral escalated to the network', async () => {
    const opened = await h.call('POST', '/v1/referrals', {
      org: 'dune-bxl',
      body: openBody({ pseudonym: 'CRANE-1968', need: { specialty: 'neurology' } }),
    });
    const r = (await h.deps.store.get((await opened.json()).id))!;
    await runSweep(h.deps, { now: new Date(plus(r.createdAt, 60_000)) });
    await h.drainEvents();
    const atOrg = (await h.deps.escalations.listBoard({ org: 'dune-bxl' }, 'open', { limit: 10 })).items.find(
      (e) => e.referralId === r.id,
    )!;
    // With dune-bxl's coordinators for now: not on mdm-lu's network coordinator's board, nor theirs to act on.
    let html = await (await page('/app/board', 'network_coordinator')).text();
    expect(html.includes(atOrg.id)).toBe(false);
    const early = await page(
      `/app/board/escalations/${atOrg.id}/reoffer`,
      'network_coordinator',
      form({ back: '/app/board' }),
    );
    expect(early.headers.get('location')).toBe('/app/board?notice=not_found');

    await runSweep(h.deps, { now: new Date(plus(r.createdAt, 49 * 3_600_000)) });
    await h.drainEvents();
    html = await (await page('/app/board', 'network_coordinator')).text();
    expect(html).toContain(`action="/app/board/escalations/${atOrg.id}/reoffer"`);

    await h.deps.specialists.put(specialist({ specialty: 'neurology' }));
    h.clock.set(new Date(plus(r.createdAt, 50 * 3_600_000)));
    const res = await page(
      `/app/board/escalations/${atOrg.id}/reoffer`,
      'network_coordinator',
      form(formOf(html, atOrg.id, 'reoffer')),
    );
    expect(res.headers.get('location')).toBe('/app/board?state=open&notice=reoffered');
    const after = (await h.deps.store.get(r.id))!;
    expect(after.status).toBe('offered');
    expect(after.timeline.at(-1)).toMatchObject({
      action: 'offer.sent',
      actor: { role: 'network_coordinator' },
    });
  });

  it('sends a question nobody answered and an absence nobody followed up to the referral’s page, where they are answered', async () => {
    const asked = await open(h);
    const offer = asked.offers[0]!;
    await apply(h, asked.id, { role: 'specialist', id: offer.specialistId }, (r, ctx) =>
      requestMoreInfo(r, { offerId: offer.id, question: 'Any allergies known?' }, ctx),
    );
    const absent = await open(h, { pseudonym: 'HERON-1977' });
    const appt = plus(h.clock.now(), 5 * 24 * HOUR);
    await schedule(h, absent.id, appt);
    const acc = { role: 'accompanier' as const, id: 'acc-1' };
    await apply(h, absent.id, acc, (r, ctx) => assignAccompanier(r, { accompanierId: acc.id }, ctx));
    h.clock.set(new Date(plus(appt, -HOUR)));
    await apply(h, absent.id, acc, (r, ctx) => markAbsent(r, ctx));
    await runSweep(h.deps, { now: new Date(plus(appt, 72 * HOUR)) });
    await h.drainEvents();

    const html = await (await page('/app/board', 'coordinator')).text();
    expect(html).toContain('Question unanswered');
    expect(html).toContain(`href="/app/referrals/${asked.id}#answer"`);
    expect(html).toContain('Answer the question');
    expect(html).toContain('Absent at the meeting point, no follow-up');
    expect(html).toContain(`href="/app/referrals/${absent.id}"`);
    expect(html).toContain('Seen again, reschedule or close');
    expect(html).toContain('<option value="question_unanswered"');
    const filtered = await (await page('/app/board?kind=absence_unresolved', 'coordinator')).text();
    expect(filtered).toContain(`href="/app/referrals/${absent.id}"`);
    expect(filtered).not.toContain(`href="/app/referrals/${asked.id}#answer"`);

    // The page it links to has the answer's form.
    const referralPage = await (await page(`/app/referrals/${asked.id}`, 'coordinator')).text();
    expect(referralPage).toContain('id="answer"');
  });
});
