import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../../functions/sweep/run-sweep.ts';
import { LOCALES } from '../../../functions/ui/messages.ts';
import { ACCOMPANIER, APPOINTMENT_AT, as, atTime, PLACE } from '../accompaniment/support.ts';
import { type Harness, specialist } from '../http/harness.ts';
import { expectNoHealthData, linkIn, linksHarness, openReferral, parse, pathOf } from '../links/support.ts';

/** One specialist per locale, in a specialty of their own each, so each referral goes to one of them. */
const SPECIALTIES = ['ophthalmology', 'dental', 'cardiology', 'dermatology', 'ent'] as const;
const BY_LOCALE = LOCALES.map((locale, i) =>
  specialist({
    id: `speaks-${locale}`,
    email: `${locale}@clinic.example`,
    locale,
    specialty: SPECIALTIES[i],
  }),
);

let h: Harness;
beforeAll(async () => {
  h = await linksHarness('reminders-pages', BY_LOCALE);
});
afterAll(async () => {
  await h.stopEvents();
});

/** Only that it is a reminder of a request: no specialty, no urgency (mail logs, lock screens). */
const REMINDER_SUBJECT = {
  en: 'Relais: reminder, appointment request',
  fr: 'Relais : rappel, demande de rendez-vous',
  de: 'Relais: Erinnerung, Terminanfrage',
  nl: 'Relais: herinnering, afspraakverzoek',
  it: 'Relais: promemoria, richiesta di appuntamento',
} as const;

describe('a reminder', () => {
  it('says it is a reminder, in its subject and first line, in the specialist’s language', async () => {
    for (const [i, s] of BY_LOCALE.entries()) {
      const r = await openReferral(h, { pseudonym: `REMIND-${i}`, need: { specialty: s.specialty } });
      const offer = r.offers[0]!;
      expect(offer.specialistId).toBe(s.id);
      await h.drainEvents();
      const offerMail = h.sent.filter((m) => m.to === s.email).at(-1)!;
      // Half-way to the deadline the sweep raises the reminder.
      const half = (Date.parse(offer.sentAt) + Date.parse(offer.expiresAt)) / 2;
      const saved = h.clock.now();
      h.clock.set(new Date(half + 60_000));
      const before = h.sent.length;
      await runSweep(h.deps);
      await h.drainEvents();
      h.clock.set(saved);
      const reminders = h.sent.slice(before).filter((m) => m.to === s.email);
      expect(reminders).toHaveLength(1);
      const mail = await parse(reminders[0]!);
      expect(mail.subject).toBe(REMINDER_SUBJECT[s.locale]);
      expect(mail.subject).not.toBe(offerMail.subject);
      const firstLine = (mail.text ?? '').split('\n')[0];
      expect(firstLine).toMatch(/reminder|rappel|Erinnerung|herinnering|promemoria/i);
      // Still the offer: its link to the same offer.
      expect(linkIn(mail.text)).toContain('/o/');
      expectNoHealthData(mail, [`REMIND-${i}`]);
    }
  });
});

describe('the outcome page', () => {
  it('says who recorded the outcome when someone else did, in the specialist’s language', async () => {
    const s = BY_LOCALE.find((x) => x.locale === 'fr')!;
    const r = await openReferral(h, { pseudonym: 'RECORDED-1', need: { specialty: s.specialty } });
    const offer = r.offers[0]!;
    const offerToken = await h.deps.linkTokens.sign({
      purpose: 'offer',
      offerId: offer.id,
      referralId: r.id,
      expiresAt: new Date(offer.expiresAt),
      now: h.clock.now(),
    });
    const accepted = await h.request(`/o/${offerToken}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ appointmentAt: APPOINTMENT_AT, place: PLACE }),
    });
    expect(accepted.status).toBe(200);
    await h.drainEvents();
    const outcomeLink = linkIn(h.sent.filter((m) => m.to === s.email).at(-1)?.text);
    // While it works, the page shows the appointment: its place, sealed at rest, opened for the page.
    const open = await h.request(pathOf(outcomeLink), { headers: { 'accept-language': 'en' } });
    expect(open.status).toBe(200);
    expect(await open.text()).toContain(PLACE);
    const taken = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/accompaniment`, {
      accompanierId: ACCOMPANIER.sub,
    });
    expect(taken.status).toBe(200);
    await atTime(h, async () => {
      expect((await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/arrived`)).status).toBe(200);
      const outcome = await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/outcome`, { attended: true });
      expect(outcome.status).toBe(200);
      // The browser reads English; the page follows the specialist (French).
      const page = await h.request(pathOf(outcomeLink), { headers: { 'accept-language': 'en' } });
      expect(page.status).toBe(410);
      const html = await page.text();
      expect(html).toContain('lang="fr"');
      expect(html).toContain('enregistré par l’accompagnateur le ');
      expect(html).not.toContain('votre réponse');
      expect(html).not.toContain('RECORDED-1');
      // Answering it again: the same page, nothing changed.
      const again = await h.request(`${pathOf(outcomeLink)}/outcome`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
        body: 'attended=false',
      });
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('enregistré par l’accompagnateur le ');
    });
  });
});
