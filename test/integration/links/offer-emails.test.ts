import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, specialist } from '../http/harness.ts';
import {
  expectNoHealthData,
  linkIn,
  linksHarness,
  openReferral,
  outboxMessages,
  PSEUDONYM,
  pathOf,
  REASON,
  stored,
} from './support.ts';

let h: Harness;

const recipient = (m: ParsedMail): string | undefined =>
  m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined;
let outboxDir: string;

const eyes = {
  a: specialist({ id: 'eye-a', email: 'eye-a@clinic.example', languages: ['pt', 'fr'], locale: 'fr' }),
  b: specialist({ id: 'eye-b', email: 'eye-b@clinic.example', languages: ['fr'], locale: 'en' }),
  c: specialist({ id: 'eye-c', email: 'eye-c@clinic.example', languages: ['de'], locale: 'de' }),
  d: specialist({ id: 'eye-d', email: 'eye-d@clinic.example', languages: ['pt'], locale: 'nl' }),
  paused: specialist({ id: 'eye-paused', languages: ['pt'], pausedUntil: '2027-01-01T00:00:00Z' }),
  inactive: specialist({ id: 'eye-inactive', languages: ['pt'], active: false }),
};
const dentist = specialist({ id: 'tooth-a', specialty: 'dental', languages: ['pt'] });

beforeAll(async () => {
  outboxDir = await mkdtemp(join(tmpdir(), 'relais-outbox-'));
  h = await linksHarness('links-offer-emails', [...Object.values(eyes), dentist], { outboxDir });
});

afterAll(async () => {
  await h?.stopEvents();
  await rm(outboxDir, { recursive: true, force: true });
});

describe('opening a referral', () => {
  it('emails two ophthalmologists a working link, with neither the pseudonym nor the reason anywhere', async () => {
    const r = await openReferral(h);
    // Both speak one of the person's languages (pt, fr) and nobody was offered anything yet: by id.
    expect(r.offers.map((o) => o.specialistId)).toEqual(['eye-a', 'eye-b']);
    await h.drainEvents();

    const messages = await outboxMessages(outboxDir);
    expect(messages.map(recipient).sort()).toEqual(['eye-a@clinic.example', 'eye-b@clinic.example']);
    for (const m of messages) {
      expectNoHealthData(m);
      // What is needed, in the specialist's language: urgency, languages, accompaniment; the specialty
      // is on the link's page only (health data, in a mail log or on a lock screen).
      expect(m.text).not.toMatch(/ophtalmolog|ophthalmolog/i);
      const link = linkIn(m.text);
      expect(link.startsWith('http://relais.test/o/')).toBe(true);
      expect(typeof m.html === 'string' && m.html.includes(link)).toBe(true);

      const page = await h.request(pathOf(link), { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`action="${pathOf(link)}/accept"`);
      expect(html).toContain('CHL Eich, Luxembourg');
      expect(html).toMatch(/ophtalmolog|ophthalmolog/i);
      expect(html).not.toContain(PSEUDONYM);
      expect(html).not.toContain(REASON);
      expect(html).not.toMatch(/cataract|blurred/i);
      expect(html).not.toMatch(/<script|<img|<link|https?:\/\/(?!relais)/i);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    // Opening the links changed nothing.
    expect((await stored(h, r.id)).version).toBe(1);
  });

  it('writes to each specialist in their language, naming the referring desk and how to reach it, not the specialty', async () => {
    const fr = h.sent.find((m) => m.to === 'eye-a@clinic.example');
    const en = h.sent.find((m) => m.to === 'eye-b@clinic.example');
    // The specialty is on the link's page, which the email says.
    expect(fr?.text).toContain('La spécialité et les autres détails sont sur la page de la demande');
    expect(en?.text).toContain('The specialty and the other details are on the request’s page');
    for (const m of [fr, en])
      expect(`${m?.subject}${m?.text}${m?.html}`).not.toMatch(/ophtalmolog|ophthalmolog/i);
    for (const m of [fr, en]) {
      expect(m?.text).toContain('Médecins du Monde Luxembourg');
      expect(m?.text).toContain('accueil@mdm-lu.example');
    }
  });
});

describe('matching', () => {
  it('offers to speakers of the person’s languages first, then the least recently loaded first', async () => {
    // eye-a was just offered (the load projection says so once the events are through), eye-d never:
    // both speak Portuguese, so eye-d comes first, then eye-a before the non-speakers eye-b and eye-c.
    const r = await openReferral(h, { pseudonym: 'OTTER-2', languages: ['pt'] });
    expect(r.offers.map((o) => o.specialistId)).toEqual(['eye-d', 'eye-a']);
    await h.drainEvents();
    const load = await h.deps.specialistLoad.loadOf(['eye-a', 'eye-b', 'eye-c', 'eye-d'], h.clock.now());
    expect([...load.keys()].sort()).toEqual(['eye-a', 'eye-b', 'eye-d']);
    expect(load.get('eye-d')?.lastOfferedAt).toBe(h.clock.now().toISOString());
  });

  it('never offers to paused, inactive or other-specialty entries, nor to anyone whose quota is used up', async () => {
    const month = h.clock.now();
    // eye-b's quota of 4 is used up this month.
    for (let i = 0; i < 4; i++)
      await h.deps.specialistLoad.recordAppointment('eye-b', `quota-${i}`, month.toISOString());
    // Re-recording the same appointment does not count twice.
    await h.deps.specialistLoad.recordAppointment('eye-c', 'once', month.toISOString());
    await h.deps.specialistLoad.recordAppointment('eye-c', 'once', month.toISOString());
    const load = await h.deps.specialistLoad.loadOf(['eye-b', 'eye-c'], month);
    expect(load.get('eye-b')?.monthCount).toBe(4);
    expect(load.get('eye-c')?.monthCount).toBe(1);

    h.clock.set(new Date(month.getTime() + 60_000));
    // French speakers: eye-a, and eye-b whose quota is used up; then the others, never-loaded eye-c first.
    const r = await openReferral(h, { pseudonym: 'OTTER-3', languages: ['fr'] });
    expect(r.offers.map((o) => o.specialistId)).toEqual(['eye-a', 'eye-c']);
    await h.drainEvents();
  });

  it('offers to named specialists on POST /offers and refuses one who already declined', async () => {
    const r = await openReferral(h, { pseudonym: 'OTTER-4', autoOffer: false });
    const res = await h.call('POST', `/v1/referrals/${r.id}/offers`, { body: { specialistIds: ['eye-c'] } });
    expect(res.status).toBe(200);
    expect((await res.json()).offers.map((o: { specialistId: string }) => o.specialistId)).toEqual(['eye-c']);
    const wrong = await h.call('POST', `/v1/referrals/${r.id}/offers`, {
      body: { specialistIds: ['tooth-a'] },
    });
    expect(wrong.status).toBe(422);
    await h.drainEvents();
    expect(h.sent.filter((m) => m.to === 'eye-c@clinic.example').length).toBeGreaterThanOrEqual(2);
  });
});
