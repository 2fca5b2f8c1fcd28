import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LINK_POST_BUDGET } from '../../../functions/ports/link-posts.ts';
import { type Harness, specialist } from '../http/harness.ts';
import {
  expectNoHealthData,
  linkIn,
  linksHarness,
  MDM,
  mailsTo,
  openReferral,
  parse,
  pathOf,
  postForm,
  postJson,
  stored,
} from './support.ts';

let h: Harness;

const first = specialist({ id: 'eye-1', email: 'eye-1@clinic.example', locale: 'en', monthlyQuota: 50 });
const second = specialist({ id: 'eye-2', email: 'eye-2@clinic.example', locale: 'fr', monthlyQuota: 50 });

beforeAll(async () => {
  h = await linksHarness('links-accept', [first, second]);
});

afterAll(async () => {
  await h?.stopEvents();
});

/** Opens a referral and returns the link path emailed to each of the two specialists. */
async function openWithLinks(pseudonym: string) {
  const r = await openReferral(h, { pseudonym });
  await h.drainEvents();
  const linkOf = (email: string) => {
    const mail = mailsTo(h, email).findLast((m) => m.subject.includes('Relais'));
    return pathOf(linkIn(mail?.text));
  };
  return { r, eye1: linkOf('eye-1@clinic.example'), eye2: linkOf('eye-2@clinic.example') };
}

const IN_TWO_DAYS = '2026-11-27T09:30:00Z';
const scheduledFor = (id: string) =>
  h.events.filter((e) => e.referralId === id && e.type === 'appointment.scheduled');

describe('first valid acceptance wins', () => {
  it('gives one appointment to 50 concurrent accepts on one link: 9 more reach it and get 410, the rest are past the retry limit (429), no 5xx', async () => {
    const { r, eye1 } = await openWithLinks('RACE-50');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postJson(h, `${eye1}/accept`, { appointmentAt: IN_TWO_DAYS, place: `Room ${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    // The retry limit counts atomically: exactly its budget of answers goes through, at once too.
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(DEFAULT_LINK_POST_BUDGET.posts - 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - DEFAULT_LINK_POST_BUDGET.posts);
    expect(statuses.some((s) => s >= 500)).toBe(false);
    const refused = await answers.find((a) => a.status === 410)?.json();
    expect(refused).toMatchObject({ status: 410, type: 'urn:relais:problem:gone' });
    expect(answers.find((a) => a.status === 410)?.headers.get('content-type')).toBe(
      'application/problem+json',
    );

    const after = await stored(h, r.id);
    expect(after.status).toBe('scheduled');
    expect(after.appointment).toMatchObject({ at: '2026-11-27T09:30:00.000Z', specialistId: 'eye-1' });
    // The other offer was withdrawn as taken, in the same write.
    expect(after.offers.map((o) => o.state).sort()).toEqual(['accepted', 'withdrawn']);
    expect(after.version).toBe(2);
    await h.drainEvents();
    expect(scheduledFor(r.id)).toHaveLength(1);
  });

  it('gives the appointment to one of two specialists accepting at the same instant: the other 409', async () => {
    const { r, eye1, eye2 } = await openWithLinks('RACE-2');
    const [a, b] = await Promise.all([
      postJson(h, `${eye1}/accept`, { appointmentAt: IN_TWO_DAYS }),
      postJson(h, `${eye2}/accept`, { appointmentAt: '2026-11-28T14:00:00+01:00' }),
    ]);
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    const loser = a?.status === 409 ? a : b;
    expect(await loser?.json()).toMatchObject({ status: 409, type: 'urn:relais:problem:taken' });
    const after = await stored(h, r.id);
    expect(after.status).toBe('scheduled');
    expect(after.offers.filter((o) => o.state === 'accepted')).toHaveLength(1);
    await h.drainEvents();
    expect(scheduledFor(r.id)).toHaveLength(1);

    // The loser's link now says "taken", in their language, and changes nothing.
    const loserLink = a?.status === 409 ? eye1 : eye2;
    const page = await h.request(loserLink, { headers: { accept: 'text/html', 'accept-language': 'de' } });
    expect(page.status).toBe(409);
    const text = await page.text();
    expect(text).toMatch(loserLink === eye2 ? /déjà pris ce rendez-vous/ : /already taken this appointment/);
    expect((await stored(h, r.id)).version).toBe(after.version);
  });

  it('accepts from the page form with a local time, the place defaulting to the practice', async () => {
    const { r, eye2 } = await openWithLinks('FORM-1');
    const res = await postForm(h, `${eye2}/accept`, {
      appointmentAt: '2026-11-27T10:30',
      timeZone: 'Europe/Luxembourg',
      place: '',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('10:30');
    const after = await stored(h, r.id);
    // 10:30 in Luxembourg in November is 09:30 UTC.
    expect(after.appointment).toMatchObject({ at: '2026-11-27T09:30:00.000Z', place: first.practice });
    // A second click on the same link does nothing harmful: the "already answered" page, 410.
    const again = await postForm(h, `${eye2}/accept`, {
      appointmentAt: '2026-11-27T11:30',
      timeZone: 'Europe/Luxembourg',
    });
    expect(again.status).toBe(410);
    expect((await stored(h, r.id)).version).toBe(after.version);
  });

  it('shows the form again with a note, changing nothing, for a time in the past', async () => {
    const { r, eye1 } = await openWithLinks('FORM-PAST');
    const res = await postForm(h, `${eye1}/accept`, {
      appointmentAt: '2026-11-20T10:30',
      timeZone: 'Europe/Luxembourg',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain(`action="${eye1}/accept"`);
    const json = await postJson(h, `${eye1}/accept`, { appointmentAt: '2026-11-20T10:30:00Z' });
    expect(json.status).toBe(400);
    expect((await json.json()).errors).toEqual([{ path: 'appointmentAt', message: expect.any(String) }]);
    expect((await stored(h, r.id)).version).toBe(1);
  });
});

describe('after an acceptance', () => {
  it('confirms to the specialist with an .ics and an outcome link, and tells the referring worker', async () => {
    const { r, eye1 } = await openWithLinks('CONFIRM-1');
    const before = h.sent.length;
    expect((await postJson(h, `${eye1}/accept`, { appointmentAt: IN_TWO_DAYS })).status).toBe(200);
    await h.drainEvents();
    const mails = h.sent.slice(before);

    const confirmation = mails.find((m) => m.to === 'eye-1@clinic.example');
    expect(confirmation).toBeDefined();
    const parsed = await parse(confirmation!);
    expectNoHealthData(parsed);
    const ics = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics?.content.toString('utf8')).toMatch(/BEGIN:VEVENT[\s\S]*DTSTART:20261127T093000Z/);
    const outcomeLink = pathOf(linkIn(parsed.text));
    const outcomePage = await h.request(outcomeLink, { headers: { accept: 'text/html' } });
    expect(outcomePage.status).toBe(200);
    expect(await outcomePage.text()).toContain(`action="${outcomeLink}/outcome"`);

    const desk = mails.find((m) => m.to === MDM.contact.email);
    expect(desk).toBeDefined();
    expectNoHealthData(await parse(desk!));
    const feed = await h.deps.notifications.list(
      { sub: 'social_worker-mdm-lu', org: 'mdm-lu' },
      { limit: 50 },
    );
    expect(feed.items.some((n) => n.referralId === r.id && n.kind === 'appointment_scheduled')).toBe(true);
    // The other specialist got no confirmation: only "no longer needed, thank you", with no invitation.
    const toOther = mails.filter((m) => m.to === 'eye-2@clinic.example');
    expect(toOther.map((m) => [m.subject, m.attachments?.length ?? 0])).toEqual([
      ['Relais : demande plus nécessaire, merci', 0],
    ]);

    // Outcome by link: once.
    // Attendance is recorded from the appointment's time.
    const saved = h.clock.now();
    h.clock.set(new Date(IN_TWO_DAYS));
    expect((await postJson(h, `${outcomeLink}/outcome`, { attended: true })).status).toBe(200);
    h.clock.set(saved);
    const done = await stored(h, r.id);
    expect(done.status).toBe('attended');
    expect(done.outcome?.recordedBy).toEqual({ role: 'specialist', id: 'eye-1' });
    const again = await postForm(h, `${outcomeLink}/outcome`, { attended: 'false' });
    expect(again.status).toBe(410);
    expect((await stored(h, r.id)).version).toBe(done.version);
  });

  it('records a no-show through the outcome page form', async () => {
    const { r, eye2 } = await openWithLinks('NOSHOW-1');
    expect((await postJson(h, `${eye2}/accept`, { appointmentAt: IN_TWO_DAYS })).status).toBe(200);
    await h.drainEvents();
    const confirmation = mailsTo(h, 'eye-2@clinic.example').at(-1);
    const outcomeLink = pathOf(linkIn(confirmation?.text));
    const res = await postForm(h, `${outcomeLink}/outcome`, { attended: 'false' });
    expect(res.status).toBe(200);
    const after = await stored(h, r.id);
    expect(after.status).toBe('no_show');
    expect(after.counts.noShows).toBe(1);
  });
});

describe('the offer page', () => {
  it("names the referring organisation from the process's copy, and reads its referral eventually consistent", async () => {
    const { eye1, eye2 } = await openWithLinks('ORG-COPY');
    const reads = vi.spyOn(h.deps.organisations, 'get');
    const referralReads = vi.spyOn(h.deps.store, 'get');
    try {
      for (const path of [eye1, eye2, eye1]) {
        const page = await h.request(path, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('Médecins du Monde Luxembourg');
      }
      expect(reads.mock.calls.length).toBeLessThanOrEqual(1);
      // A page shown, never a decision: its referral is read eventually consistent (half the units).
      expect(referralReads.mock.calls.length).toBeGreaterThanOrEqual(3);
      for (const [, options] of referralReads.mock.calls)
        expect(options).toMatchObject({ consistent: false });
    } finally {
      reads.mockRestore();
      referralReads.mockRestore();
    }
  });
});
