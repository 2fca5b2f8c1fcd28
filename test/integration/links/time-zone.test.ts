import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../functions/ui/messages.ts';
import { type Harness, specialist } from '../http/harness.ts';
import {
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

/*
 * The specialist reads and types every time in the referring organisation's zone, as its staff do
 * (functions/http/pages/locale.ts): an organisation in Lisbon (UTC+0 in November) is an hour behind
 * the default Europe/Luxembourg, so a time read in the wrong zone is off by one hour.
 */

let h: Harness;
const LISBON = 'Europe/Lisbon';
const doctor = specialist({ id: 'eye-lis', email: 'eye@lisboa.example', locale: 'en', monthlyQuota: 50 });

beforeAll(async () => {
  h = await linksHarness('links-time-zone', [doctor]);
  // Before anything reads the organisation (the process keeps its copy for 30 s).
  await h.deps.organisations.put({ ...MDM, timeZone: LISBON });
});

afterAll(async () => {
  await h?.stopEvents();
});

const html = async (path: string): Promise<string> =>
  (await h.request(path, { headers: { accept: 'text/html' } })).text();

describe('an organisation in Europe/Lisbon', () => {
  it('has the offer, the accept form, the confirmation and the outcome page in Lisbon time', async () => {
    const r = await openReferral(h, { pseudonym: 'LISBOA-1' });
    await h.drainEvents();
    const offerMail = mailsTo(h, doctor.email).at(-1);
    const offerLink = pathOf(linkIn(offerMail?.text));
    const expiresAt = new Date((await stored(h, r.id)).offers[0]?.expiresAt ?? '');
    // The deadline to answer, in the organisation's zone, in the email and on the page.
    expect(offerMail?.text).toContain(formatDateTime('en', expiresAt, LISBON));
    const page = await html(offerLink);
    expect(page).toContain(formatDateTime('en', expiresAt, LISBON));
    expect(page).toContain('Local time (Europe/Lisbon)');
    const zone = /<input type="hidden" name="timeZone" value="([^"]+)"/.exec(page)?.[1];
    expect(zone).toBe(LISBON);

    // The doctor types 10:00 in the form, which sends the zone it showed.
    const accepted = await postForm(h, `${offerLink}/accept`, {
      appointmentAt: '2026-11-27T10:00',
      timeZone: zone ?? '',
      place: 'Clínica da Luz',
    });
    expect(accepted.status).toBe(200);
    const appointmentAt = new Date('2026-11-27T10:00:00.000Z');
    expect((await stored(h, r.id)).appointment?.at).toBe(appointmentAt.toISOString());
    expect(await accepted.text()).toContain(formatDateTime('en', appointmentAt, LISBON));

    await h.drainEvents();
    const confirmation = mailsTo(h, doctor.email).at(-1);
    expect(confirmation?.text).toContain(formatDateTime('en', appointmentAt, LISBON));
    expect(confirmation?.text).not.toContain('CET');
    const parsed = await parse(confirmation!);
    const ics = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics?.content.toString('utf8')).toMatch(/DTSTART:20261127T100000Z/);

    // The outcome page shows the time, and its reschedule form is typed, in Lisbon time too.
    const outcome = await html(pathOf(linkIn(parsed.text)));
    expect(outcome).toContain(formatDateTime('en', appointmentAt, LISBON));
    expect(outcome).toMatch(/name="appointmentAt" value="2026-11-27T10:00"/);
    expect(outcome).toMatch(/<input type="hidden" name="timeZone" value="Europe\/Lisbon"/);
  });

  it('reads a local time a script posts without a zone in the organisation’s zone, as its page shows times', async () => {
    const r = await openReferral(h, { pseudonym: 'LISBOA-2' });
    await h.drainEvents();
    const offerLink = pathOf(linkIn(mailsTo(h, doctor.email).at(-1)?.text));
    const accepted = await postJson(h, `${offerLink}/accept`, { appointmentAt: '2026-11-28T10:00' });
    expect(accepted.status).toBe(200);
    // 10:00 in Lisbon (UTC+0), not in Luxembourg (09:00Z).
    expect((await stored(h, r.id)).appointment?.at).toBe('2026-11-28T10:00:00.000Z');
    // A zone the body names, and an offset, are read as they say.
    await h.drainEvents();
    const outcomeLink = pathOf(linkIn(mailsTo(h, doctor.email).at(-1)?.text));
    const moved = await postJson(h, `${outcomeLink}/reschedule`, {
      appointmentAt: '2026-11-29T10:00',
      timeZone: 'Europe/Luxembourg',
    });
    expect(moved.status).toBe(200);
    expect((await stored(h, r.id)).appointment?.at).toBe('2026-11-29T09:00:00.000Z');
    const again = await postJson(h, `${outcomeLink}/reschedule`, { appointmentAt: '2026-11-30T10:00' });
    expect(again.status).toBe(200);
    expect((await stored(h, r.id)).appointment?.at).toBe('2026-11-30T10:00:00.000Z');
  });
});
