import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../../domain/directory/model.ts';
import type { Referral } from '../../../domain/referral/model.ts';
import { actionFor } from '../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { createHarness, type Harness, openBody, pageSessionOf, specialist } from '../http/harness.ts';
import { HOUR, MDM_EN, MINUTE, open, plus, schedule, sweepAt } from '../timers/support.ts';
import { DUNE } from './support.ts';

/*
 * The board names a referral as a coordinator recognises it, never by its raw id: its specialty in the
 * page's language, its urgency, its appointment in the organisation's time zone, how long ago it was
 * opened, with a link to its page. From what the escalation item itself shows of the referral (kept
 * there when it is raised, and as the referral moves), which holds no pseudonym and no free text.
 */

/** MdM in French, in a zone an hour behind Luxembourg's in winter: a time shown in the wrong one is off. */
const MDM: Organisation = { ...MDM_EN, locale: 'fr', timeZone: 'Europe/Lisbon' };
const PSEUDONYM = 'OSPREY-1979';
const REASON = 'blurred vision both eyes since the winter';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('escalations-board-names');
  await h.deps.organisations.put(MDM);
  await h.deps.organisations.put(DUNE);
  for (let i = 0; i < 2; i++) await h.deps.specialists.put(specialist());
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

const boardOf = async (cookie: string, query = ''): Promise<string> => {
  const res = await h.request(`/app/board${query}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
};

/** The board's row of an escalation, as text a person reads (tags and attributes left out). */
function rowText(html: string, id: string): string {
  const start = html.indexOf(`data-escalation-id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const row = html.slice(html.indexOf('>', start) + 1, html.indexOf('</tr>', start));
  return row.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
}

describe('the board names a referral', () => {
  it('by its specialty, urgency, appointment and age, linking to it, from the escalation item alone', async () => {
    const r = await open(h, { pseudonym: PSEUDONYM, reason: REASON, urgency: 'urgent' });
    const appt = '2026-12-02T10:00:00.000Z'; // 10:00 in Lisbon, 11:00 in Luxembourg
    await schedule(h, r.id, appt);
    await sweepAt(h, plus(appt, -24 * HOUR));
    await h.drainEvents();
    const stored = (await h.deps.store.get(r.id))!;
    const id = String(
      stored.timeline.findLast((t) => t.action === 'escalation.raised')?.detail?.escalationId,
    );
    const e = (await h.deps.escalations.get(id))!;
    expect(e.referral).toEqual({
      specialty: 'ophthalmology',
      openedAt: r.createdAt,
      appointmentAt: appt,
      version: stored.version,
    });
    // Not sealed, so nothing about the person: no pseudonym, no reason.
    expect(JSON.stringify(e)).not.toContain(PSEUDONYM);
    expect(JSON.stringify(e)).not.toContain('blurred');

    const html = await boardOf(await pageSessionOf(h, 'coordinator', 'mdm-lu', 'coord-names'));
    const text = rowText(html, id);
    expect(text).toContain('Ophtalmologie');
    expect(text).toContain('Urgent');
    expect(text).toMatch(/Rendez-vous : .*2 déc.*10:00/);
    expect(text).not.toContain('11:00');
    // Opened on 25 November, the board looked at on 1 December.
    expect(text).toContain('ouverte il y a 6 jours');
    expect(text).not.toContain(r.id);
    expect(html).toContain(`href="/app/referrals/${r.id}"`);
  });

  it('from the referral itself for an escalation raised before items showed it', async () => {
    const r = await open(h, { pseudonym: 'LEGACY-1', need: { specialty: 'dental' } });
    const since = h.clock.now().toISOString();
    const legacy: BoardEscalation = {
      id: `LEGACY-${r.id}`,
      referralId: r.id,
      org: 'mdm-lu',
      kind: 'candidates_exhausted',
      level: 'org_coordinator',
      since,
      state: 'open',
      urgency: 'routine',
      action: actionFor('candidates_exhausted'),
      version: 1,
      raisedAt: since,
    };
    expect(await h.deps.escalations.create(legacy, [])).toBe(true);
    const html = await boardOf(await pageSessionOf(h, 'coordinator', 'mdm-lu', 'coord-names'));
    const text = rowText(html, legacy.id);
    expect(text).toContain('Soins dentaires');
    expect(text).not.toContain(r.id);
  });
});

describe('a network coordinator of another organisation', () => {
  it('sees the urgency on the board and on the referral’s coordination page, which leads back to the board', async () => {
    const opened = await h.call('POST', '/v1/referrals', {
      org: 'dune-bxl',
      body: openBody({ pseudonym: 'HERON-1', need: { specialty: 'neurology' }, urgency: 'soon' }),
    });
    expect(opened.status).toBe(201);
    const r: Referral = (await h.deps.store.get((await opened.json()).id))!;
    await sweepAt(h, plus(h.clock.now(), MINUTE)); // nobody to ask: DUNE's coordinators
    await h.drainEvents();
    await sweepAt(h, plus(h.clock.now(), 49 * HOUR)); // nobody acknowledged it: the network
    await h.drainEvents();
    const [e] = (await h.deps.escalations.listBoard({ network: true }, 'open', { limit: 100 })).items.filter(
      (i) => i.referralId === r.id,
    );
    expect(e).toMatchObject({ level: 'network_coordinator' });

    const cookie = await pageSessionOf(h, 'network_coordinator', 'mdm-lu', 'net-names');
    const text = rowText(await boardOf(cookie, '?org=dune-bxl'), e!.id);
    expect(text).toContain('Neurologie');
    expect(text).toContain('Dans les prochains jours');
    expect(text).toContain('dune-bxl');

    const page = await h.request(`/app/referrals/${r.id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Urgence');
    expect(body).toContain('Dans les prochains jours');
    expect(body).toContain('href="/app/board"');
    expect(body).not.toContain('HERON-1');
  });
});
