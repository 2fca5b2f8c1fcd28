import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Mail } from '../../../domain/ports.ts';
import type { Specialty } from '../../../domain/referral/model.ts';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { LOCALES, specialtyName } from '../../../functions/ui/messages.ts';
import { localDynamoClient, localStreamsClient } from '../../../local/dynamodb.ts';
import { createStreamTap, type ReferralRecord, type StreamTap } from '../../support/stream-tap.ts';
import { type Harness, specialist } from '../http/harness.ts';
import {
  everythingIn,
  linkIn,
  linksHarness,
  MDM,
  openReferral,
  parse,
  pathOf,
  postForm,
  postJson,
  stored,
} from '../links/support.ts';

/*
 * THE CHECK of issue 13: after a full flow over HTTP (open, offers, a question answered, accepted,
 * accompanied from a meeting point, departed, arrived, an outcome with a note, closed; a second referral
 * of the same person returned with advice), a dump of the table (every item, every attribute, key and
 * index key) and the stream records the publisher read show neither the pseudonym nor any word of the
 * free text sent. Yet every route still reads them back in clear.
 *
 * And no email of it (subject, text, HTML, calendar attachment, as a mail client parses the MIME) says
 * the person, the free text or the specialty in any locale: a mail's subject shows in mail logs and on
 * lock screens, its calendar event is synced and shared. The emails say where to read the details.
 */

const PSEUDONYM = 'KESTREL-5532';
const TEXTS = {
  reason: 'persistent wheezing since the Hollerich shelter shut down',
  question: 'Does the wheezing worsen during nightshifts outdoors?',
  answer: 'Mostly after nightshifts spent near Gasperich roundabout',
  place: 'Polyclinique Kirchberg, consultation corridor',
  meetingPoint: 'bakery Schueberfouer entrance',
  note: 'inhaler prescribed, salbutamol twice daily',
  advice: 'Pharmacist Bonnevoie can renew salbutamol without visit',
};
/** Every word of the free text long enough to give something away on its own. */
const WORDS = [
  PSEUDONYM,
  ...new Set(
    Object.values(TEXTS)
      .flatMap((t) => t.split(/[^\p{L}\p{N}-]+/u))
      .filter((w) => w.length >= 6),
  ),
];

const eyes = ['dump-a', 'dump-b'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'en', monthlyQuota: 50, languages: ['pt'] }),
);
/** Psychiatrists, one per locale: every email of the second journey in each of them. */
const minds = LOCALES.map((locale) =>
  specialist({
    id: `mind-${locale}`,
    email: `mind-${locale}@clinic.example`,
    locale,
    specialty: 'psychiatry',
    monthlyQuota: 50,
  }),
);

/** Words of the free text that no email text has of its own (unlike "consultation" or "without"). */
const TELLING = [
  PSEUDONYM,
  ...Object.values(TEXTS),
  'Polyclinique',
  'Kirchberg',
  'corridor',
  'bakery',
  'Schueberfouer',
  'wheezing',
  'Hollerich',
  'nightshifts',
  'Gasperich',
  'inhaler',
  'salbutamol',
  'Bonnevoie',
];

/**
 * What an email must not say, found anywhere a reader of it sees: the telling words, and the specialty
 * by its name in every locale (an email in any of them would show its own).
 */
async function leakedByMail(mail: Mail, specialty: Specialty, telling: readonly string[]): Promise<string[]> {
  const all = everythingIn(await parse(mail)).toLowerCase();
  const names = LOCALES.map((locale) => specialtyName(locale, specialty));
  return [...telling, ...names].filter((w) => all.includes(w.toLowerCase()));
}

let h: Harness;
let dynamo: DynamoDBClient;
let streams: DynamoDBStreamsClient;
let tap: StreamTap;
const records: ReferralRecord[] = [];

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint') as string;
  dynamo = localDynamoClient(endpoint);
  streams = localStreamsClient(endpoint);
  h = await linksHarness('table-dump', [...eyes, ...minds]);
  tap = createStreamTap({ dynamo, streams, tableName: h.tableName });
});

afterAll(async () => {
  await h?.stopEvents();
  dynamo?.destroy();
  streams?.destroy();
});

const latestLink = (email: string) => pathOf(linkIn(h.sent.filter((m) => m.to === email).at(-1)?.text));
const emailOf = (id: string | undefined) => eyes.find((s) => s.id === id)!.email;

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const out = await dynamo.send(new ScanCommand({ TableName: h.tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The words of WORDS found in `text`, case-insensitively. */
const leaked = (text: string) => WORDS.filter((w) => text.toLowerCase().includes(w.toLowerCase()));

describe('a table dump after a full flow', () => {
  it('shows neither the pseudonym nor a word of the free text, which every route still reads', async () => {
    records.push(...(await tap.poll()));
    // Opened: on offer to both specialists.
    const r = await openReferral(h, { pseudonym: PSEUDONYM, reason: TEXTS.reason });
    await h.drainEvents();
    const asker = r.offers[0]!.specialistId;

    // A question by link, answered by the worker: a fresh link to the same specialist.
    expect(
      (await postForm(h, `${latestLink(emailOf(asker))}/more-info`, { question: TEXTS.question })).status,
    ).toBe(200);
    const answered = await h.call('POST', `/v1/referrals/${r.id}/answer`, { body: { answer: TEXTS.answer } });
    expect(answered.status).toBe(200);
    await h.drainEvents();

    // Accepted by the fresh link, at a place.
    const accepted = await postJson(h, `${latestLink(emailOf(asker))}/accept`, {
      appointmentAt: '2026-11-27T10:00:00Z',
      place: TEXTS.place,
    });
    expect(accepted.status).toBe(200);
    await h.drainEvents();

    // Accompanied from a meeting point, departed, arrived, an outcome with a note, closed.
    const acc = { role: 'accompanier', sub: 'acc-dump' } as const;
    const assigned = await h.call('POST', `/v1/referrals/${r.id}/accompaniment`, {
      ...acc,
      body: { accompanierId: acc.sub, meetingPoint: TEXTS.meetingPoint },
    });
    expect(assigned.status).toBe(200);
    h.clock.set(new Date('2026-11-27T09:20:00Z'));
    expect((await h.call('POST', `/v1/referrals/${r.id}/departed`, acc)).status).toBe(200);
    h.clock.set(new Date('2026-11-27T09:55:00Z'));
    expect((await h.call('POST', `/v1/referrals/${r.id}/arrived`, acc)).status).toBe(200);
    h.clock.set(new Date('2026-11-27T11:00:00Z'));
    const outcome = await h.call('POST', `/v1/referrals/${r.id}/outcome`, {
      ...acc,
      body: { attended: true, note: TEXTS.note },
    });
    expect(outcome.status).toBe(200);
    const closed = await h.call('POST', `/v1/referrals/${r.id}/close`, {
      role: 'coordinator',
      body: { reason: 'completed' },
    });
    expect(closed.status).toBe(200);
    await h.drainEvents();

    // A second referral of the same person, returned with advice.
    const second = await openReferral(h, { pseudonym: PSEUDONYM, reason: TEXTS.reason });
    await h.drainEvents();
    const adviser = second.offers[0]!.specialistId;
    expect(
      (await postJson(h, `${latestLink(emailOf(adviser))}/advice`, { advice: TEXTS.advice })).status,
    ).toBe(200);
    await h.drainEvents();

    // Everything reads back in clear through the store and the API.
    const first = await stored(h, r.id);
    expect(first).toMatchObject({
      pseudonym: PSEUDONYM,
      reason: TEXTS.reason,
      appointment: { place: TEXTS.place },
      accompaniment: { meetingPoint: TEXTS.meetingPoint },
      outcome: { note: TEXTS.note },
      exchanges: [expect.objectContaining({ question: TEXTS.question, answer: TEXTS.answer })],
    });
    expect((await stored(h, second.id)).advice).toBe(TEXTS.advice);
    const byPerson = await h.call('GET', `/v1/referrals?pseudonym=${PSEUDONYM}&limit=1`);
    expect(byPerson.status).toBe(200);
    const page = await byPerson.json();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await h.call(
      'GET',
      `/v1/referrals?pseudonym=${PSEUDONYM}&limit=1&cursor=${page.nextCursor}`,
    );
    expect(next.status).toBe(200);
    const ids = [page.items[0].id, (await next.json()).items[0].id].sort();
    expect(ids).toEqual([r.id, second.id].sort());

    // The cursor says nothing either, even decoded.
    expect(leaked(Buffer.from(page.nextCursor.replaceAll('.', ''), 'base64url').toString('latin1'))).toEqual(
      [],
    );
    expect(leaked(page.nextCursor)).toEqual([]);

    // The dump: every item, every attribute; and the stream's images.
    const items = await scanAll();
    expect(items.length).toBeGreaterThan(10);
    const dump = JSON.stringify(items);
    expect(dump).toContain(r.id); // the dump is of the right table
    expect(leaked(dump)).toEqual([]);
    records.push(...(await tap.poll()));
    expect(records.length).toBeGreaterThan(5);
    expect(leaked(JSON.stringify(records))).toEqual([]);
    expect(leaked(JSON.stringify(h.events))).toEqual([]);

    // Nor any email of the flow: offers, the fresh link after the answer, the confirmation, "no longer
    // needed", the desk's notices and its accompaniment invitation.
    expect(h.sent.length).toBeGreaterThan(6);
    for (const mail of h.sent) {
      expect(await leakedByMail(mail, 'ophthalmology', TELLING), mail.subject).toEqual([]);
    }
  });
});

/** The places and meeting points of the second journey: what people type, that says a specialty. */
const MARKS = {
  accepted: 'Zorglub methadone clinic, back door',
  movedByStaff: 'Quaxford addiction centre, room 4',
  movedByLink: 'Vrillon detox ward B',
  meetingPoint: 'outside the Wexmoor methadone clinic',
};
const MARK_WORDS = [...Object.values(MARKS), 'Zorglub', 'Quaxford', 'Vrillon', 'Wexmoor', 'methadone'];

describe('the emails of a journey through every change of an appointment', () => {
  it('say neither the place, nor the meeting point, nor the specialty, in any locale, and where to read them', async () => {
    // After the first journey's clock: a day later.
    h.clock.set(new Date('2026-11-28T09:00:00Z'));
    const from = h.sent.length;
    const desk = MDM.contact.email;
    const mailOf = (email: string) => h.sent.filter((m) => m.to === email).at(-1);
    // A minute between the steps, as between people's clicks: each change is later than the one before.
    const tick = () => h.clock.set(new Date(h.clock.now().getTime() + 60_000));

    const r = await openReferral(h, { pseudonym: 'OSPREY-4410', need: { specialty: 'psychiatry' } });
    await h.drainEvents();
    expect(r.offers.length).toBeGreaterThan(1);
    // Half-way to the deadline, the reminders.
    const offer = r.offers[0]!;
    h.clock.set(new Date((Date.parse(offer.sentAt) + Date.parse(offer.expiresAt)) / 2 + 60_000));
    await runSweep(h.deps);
    await h.drainEvents();

    // Accepted at a place; the others hear it is no longer needed.
    const taker = minds.find((s) => s.id === offer.specialistId)!;
    const appointmentAt = new Date(h.clock.now().getTime() + 3 * 24 * 3600_000);
    const accepted = await postJson(h, `${pathOf(linkIn(mailOf(taker.email)?.text))}/accept`, {
      appointmentAt: appointmentAt.toISOString(),
      place: MARKS.accepted,
    });
    expect(accepted.status).toBe(200);
    await h.drainEvents();

    // Accompanied from a meeting point, at a meeting time.
    tick();
    const acc = { role: 'accompanier', sub: 'acc-mind' } as const;
    const assigned = await h.call('POST', `/v1/referrals/${r.id}/accompaniment`, {
      ...acc,
      body: {
        accompanierId: acc.sub,
        meetingPoint: MARKS.meetingPoint,
        meetingAt: new Date(appointmentAt.getTime() - 45 * 60_000).toISOString(),
      },
    });
    expect(assigned.status).toBe(200);
    await h.drainEvents();

    // Moved by the worker to another place, then by the specialist through their link to a third.
    tick();
    const byStaff = await h.call('POST', `/v1/referrals/${r.id}/reschedule`, {
      body: {
        appointmentAt: new Date(appointmentAt.getTime() + 24 * 3600_000).toISOString(),
        place: MARKS.movedByStaff,
      },
    });
    expect(byStaff.status).toBe(200);
    await h.drainEvents();
    tick();
    const outcomeLink = pathOf(linkIn(mailOf(taker.email)?.text));
    const byLink = await postJson(h, `${outcomeLink}/reschedule`, {
      appointmentAt: new Date(appointmentAt.getTime() + 2 * 24 * 3600_000).toISOString(),
      place: MARKS.movedByLink,
    });
    expect(byLink.status).toBe(200);
    await h.drainEvents();

    // Not at the meeting point, then found again: the specialist hears it is in doubt, then that it holds.
    tick();
    expect((await h.call('POST', `/v1/referrals/${r.id}/absent`, acc)).status).toBe(200);
    await h.drainEvents();
    tick();
    expect((await h.call('POST', `/v1/referrals/${r.id}/seen-again`)).status).toBe(200);
    await h.drainEvents();

    // The place is where the emails say: on the specialist's page, behind their link.
    const page = await h.request(outcomeLink, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain(MARKS.movedByLink);

    // Consent withdrawn: the appointment and the accompaniment are cancelled in the calendars.
    tick();
    expect((await h.call('POST', '/v1/people/OSPREY-4410/consent-withdrawal')).status).toBe(200);
    await h.drainEvents();

    const sent = h.sent.slice(from);
    for (const mail of sent) {
      expect(await leakedByMail(mail, 'psychiatry', [...TELLING, ...MARK_WORDS]), mail.subject).toEqual([]);
    }
    const toTaker = sent.filter((m) => m.to === taker.email);
    // Offer, reminder, confirmation, moved twice, in doubt, holds after all, withdrawn.
    expect(toTaker).toHaveLength(8);
    expect(toTaker.at(-1)?.attachments?.[0]?.content).toContain('METHOD:CANCEL');
    const others = sent.filter((m) => m.to !== taker.email && m.to !== desk);
    expect(others.length).toBeGreaterThanOrEqual(3 * (r.offers.length - 1));
    const toDesk = sent.filter((m) => m.to === desk);
    // Scheduled; the accompaniment invited, moved twice and cancelled.
    expect(toDesk.filter((m) => m.attachments?.length)).toHaveLength(4);
    for (const mail of toDesk.filter((m) => m.attachments?.length)) {
      expect(mail.text).toContain(`/app/referrals/${r.id}`);
    }
  });
});
