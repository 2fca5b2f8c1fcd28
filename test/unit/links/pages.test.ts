import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECLINE_REASONS } from '../../../domain/referral/model.ts';
import {
  addressPage,
  LINK_PAGE_CSP,
  LINK_PAGE_STYLE_HASH,
  MESSAGE_PAGE_KINDS,
  type MessagePageInput,
  messagePage,
  movedPage,
  type OfferPageInput,
  type OutcomePageInput,
  offerPage,
  outcomePage,
  rescheduleForm,
  toDateTimeLocal,
} from '../../../functions/links/render/index.ts';
import { LOCALES, type Locale } from '../../../functions/ui/messages.ts';
import { HealthDataRefused } from '../../../functions/ui/no-health-data.ts';

const TOKEN = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJvZmZfMSJ9.c2lnbmF0dXJl';
const XSS = '<script>alert(1)</script>';

const offer: OfferPageInput = {
  locale: 'en',
  specialty: 'ophthalmology',
  urgency: 'urgent',
  languages: ['pt', 'fr'],
  interpreterNeeded: false,
  accompanied: true,
  referringOrg: { name: 'Médecins du Monde Luxembourg', contact: '+352 26 19 74 1' },
  practice: 'Cabinet Weber, 12 rue de la Gare, Luxembourg',
  expiresAt: new Date('2030-03-01T14:00:00Z'),
  token: TOKEN,
};

const outcome: OutcomePageInput = {
  locale: 'en',
  specialty: 'dental',
  appointmentAt: new Date('2030-03-05T09:30:00Z'),
  place: 'Cabinet Weber',
  token: TOKEN,
};

const messageInput = (locale: Locale, kind: MessagePageInput['kind']): MessagePageInput =>
  kind === 'accepted'
    ? { locale, kind, appointmentAt: new Date('2030-03-05T09:30:00Z'), place: 'Cabinet Weber' }
    : { locale, kind };

function allPages(locale: Locale): [string, string][] {
  return [
    ['offer', offerPage({ ...offer, locale, exchanges: [{ question: 'Is there a recent prescription?' }] })],
    ['outcome', outcomePage({ ...outcome, locale })],
    ...MESSAGE_PAGE_KINDS.map((kind): [string, string] => [kind, messagePage(messageInput(locale, kind))]),
    ['address', addressPage({ locale, token: TOKEN })],
    ['moved', movedPage(locale, { at: '2030-03-05T09:30:00Z', place: 'Cabinet Weber' }, 'Europe/Luxembourg')],
  ];
}

/** What every link page must respect to work under LINK_PAGE_CSP on a phone, with nothing remote. */
function expectSafePage(html: string): void {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"\/?>/);
  expect(html).toMatch(/<html lang="(fr|en|de|nl|it)">/);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(img|link|iframe|object|embed|base|frame|audio|video|svg|math)\b/i);
  expect(html).not.toMatch(/https?:\/\//i);
  expect(html.match(/<style>/g)).toHaveLength(1);
  // Escaped data has no raw `<`: every tag here is one the renderer wrote.
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
    expect(tag).not.toMatch(/\s(href|src|srcset|formaction)\s*=/i);
  }
  for (const m of html.matchAll(/<form\b[^>]*>/gi)) {
    expect(m[0]).toMatch(/method="post"/);
    expect(m[0]).toMatch(
      /action="\/o\/[A-Za-z0-9._%-]+\/(accept|decline|more-info|advice|outcome|reschedule|address)"/,
    );
  }
}

describe('link pages', () => {
  it.each(LOCALES)('renders every page in %s, safely', (locale) => {
    for (const [name, html] of allPages(locale)) {
      expect(html, name).toContain(`<html lang="${locale}">`);
      expectSafePage(html);
    }
  });

  it('exports the CSP the pages are built for', () => {
    expect(LINK_PAGE_CSP).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('has one style element whose hash is exported, for a policy without unsafe-inline', () => {
    for (const [, html] of allPages('fr')) {
      const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
      const hash = createHash('sha256').update(css, 'utf8').digest('base64');
      expect(LINK_PAGE_STYLE_HASH).toBe(`'sha256-${hash}'`);
    }
  });

  it('gives every page large tap targets', () => {
    const html = offerPage(offer);
    expect(html).toMatch(/button\{[^}]*min-height:3\.25rem/);
    expect(html).toMatch(/input,select,textarea\{[^}]*min-height:3rem/);
  });
});

describe('offer page', () => {
  it('shows only the shared minimum and the deadline', () => {
    const html = offerPage(offer);
    expect(html).toContain('Ophthalmology');
    expect(html).toContain('Urgent');
    expect(html).toContain('Portuguese, French');
    expect(html).toContain('No interpreter needed');
    expect(html).toContain('An outreach worker comes with the person');
    expect(html).toContain('Médecins du Monde Luxembourg (+352 26 19 74 1)');
    expect(html).toMatch(/1 March 2030 at 15:00/);
  });

  it('accepts with a date, a time and a place that defaults to the practice', () => {
    const html = offerPage({ ...offer, now: new Date('2030-03-01T10:00:00Z') });
    const form = /<form method="post" action="\/o\/[^"]+\/accept">[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    expect(form).toContain(`action="/o/${TOKEN}/accept"`);
    expect(form).toMatch(
      /<input id="appointmentAt" name="appointmentAt" type="datetime-local" required(="")? min="2030-03-01T11:00"/,
    );
    expect(form).toContain('name="place"');
    expect(form).toContain('value="Cabinet Weber, 12 rue de la Gare, Luxembourg"');
    expect(form).toMatch(/<input type="hidden" name="timeZone" value="Europe\/Luxembourg"\/?>/);
  });

  it('declines with one of the decline reasons', () => {
    const html = offerPage(offer);
    const form = /<form method="post" action="\/o\/[^"]+\/decline">[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    expect(form).toMatch(/<select id="reason" name="reason" required(="")?>/);
    const values = [...form.matchAll(/<option value="([^"]*)">/g)].map((m) => m[1]).filter(Boolean);
    expect(values).toEqual([...DECLINE_REASONS]);
  });

  it('asks for more information and returns advice with text areas', () => {
    const html = offerPage(offer);
    expect(html).toMatch(
      /action="\/o\/[^"]+\/more-info">[\s\S]*?<textarea id="question" name="question" required/,
    );
    expect(html).toMatch(/action="\/o\/[^"]+\/advice">[\s\S]*?<textarea id="advice" name="advice" required/);
  });

  it('shows the questions asked and their answers', () => {
    const html = offerPage({
      ...offer,
      exchanges: [
        { question: 'Recent prescription?', answer: 'Yes, from 2029.' },
        { question: 'Walking ok?' },
      ],
    });
    expect(html).toContain('Recent prescription?');
    expect(html).toContain('Yes, from 2029.');
    expect(html).toContain('Waiting for an answer');
  });

  it('escapes every injected value', () => {
    const html = offerPage({
      ...offer,
      referringOrg: { name: XSS, contact: `"><script>alert(2)</script>` },
      practice: `"><script>alert(3)</script>`,
      languages: [XSS],
      timeZone: 'Europe/Luxembourg',
      exchanges: [{ question: XSS, answer: `</textarea><script>alert(4)</script>` }],
      token: `x"><script>alert(5)</script>`,
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"');
    expectSafePage(html);
  });

  it('cannot be given the pseudonym or the reason', () => {
    // @ts-expect-error the pseudonym never reaches a link page
    expect(() => offerPage({ ...offer, pseudonym: 'ZEBRA-1985' })).toThrow(HealthDataRefused);
    // @ts-expect-error nor the reason
    expect(() => offerPage({ ...offer, reason: 'suspected cataract' })).toThrow(HealthDataRefused);
  });
});

describe('outcome page', () => {
  it('posts attended true or false to the outcome route', () => {
    const html = outcomePage(outcome);
    expect(html).toContain(`<form method="post" action="/o/${TOKEN}/outcome">`);
    expect(html).toContain('<button type="submit" name="attended" value="true">');
    expect(html).toContain('<button type="submit" name="attended" value="false" class="warn">');
    expect(html).toMatch(/5 March 2030 at 10:30/);
    expect(html).toContain('Dental care');
  });

  it('escapes the place', () => {
    const html = outcomePage({ ...outcome, place: XSS });
    expect(html).not.toMatch(/<script/i);
    expectSafePage(html);
  });

  it('cannot be given a note', () => {
    // @ts-expect-error a note never reaches a link page
    expect(() => outcomePage({ ...outcome, note: 'x' })).toThrow(HealthDataRefused);
  });
});

describe('reschedule form and moved page', () => {
  it('moves the appointment from the outcome page, with the current time filled in in the organisation’s zone', () => {
    const html = outcomePage({
      ...outcome,
      more: rescheduleForm('en', TOKEN, 'Europe/Lisbon', new Date('2030-07-05T09:30:00Z')),
    });
    const form = /<form method="post" action="\/o\/[^"]+\/reschedule">[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    expect(form).toContain(`action="/o/${TOKEN}/reschedule"`);
    expect(form).toMatch(
      /<input id="reschedule-at" type="datetime-local" name="appointmentAt" value="2030-07-05T10:30" required/,
    );
    expect(form).toMatch(/<input type="hidden" name="timeZone" value="Europe\/Lisbon"\/?>/);
    expectSafePage(html);
  });

  it('escapes the token', () => {
    const html = outcomePage({
      ...outcome,
      token: `x"><script>alert(1)</script>`,
      more: rescheduleForm('en', `x"><script>alert(2)</script>`, 'Europe/Luxembourg', new Date()),
    });
    expect(html).not.toMatch(/<script/i);
    expectSafePage(html);
  });

  it('tells the specialist where and when the moved appointment is, the place escaped', () => {
    const html = movedPage('en', { at: '2030-03-05T09:30:00Z', place: XSS }, 'Europe/Luxembourg');
    expect(html).toMatch(/5 March 2030 at 10:30/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expectSafePage(html);
  });
});

describe('address page', () => {
  it('confirms only through a button posting to the address route, the token escaped', () => {
    expect(addressPage({ locale: 'en', token: TOKEN })).toContain(
      `<form method="post" action="/o/${TOKEN}/address"><button type="submit">`,
    );
    const html = addressPage({ locale: 'fr', token: `x"><script>alert(1)</script>` });
    expect(html).not.toMatch(/<script/i);
    expectSafePage(html);
  });
});

describe('the pages escape by construction', () => {
  it('has no hand escaping and no raw markup but the constant style sheet', () => {
    const dir = new URL('../../../functions/links/render/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      expect(source, file).not.toMatch(/\b(escapeHtml|tHtml)\b/);
      expect(source, file).not.toMatch(/dangerouslySetInnerHTML/);
      const raws = source.match(/\braw\(/g) ?? [];
      expect(raws.length, file).toBe(file === 'layout.tsx' ? 1 : 0);
    }
    expect(readFileSync(new URL('layout.tsx', dir), 'utf8')).toContain('raw(LINK_PAGE_STYLE)');
  });
});

describe('message pages', () => {
  it('says thank you with the time and place once accepted', () => {
    const html = messagePage(messageInput('en', 'accepted'));
    expect(html).toContain('Thank you!');
    expect(html).toMatch(/5 March 2030 at 10:30/);
    expect(html).toContain('Cabinet Weber');
  });

  it('tells a second doctor that another one took the appointment', () => {
    expect(messagePage({ locale: 'fr', kind: 'taken' })).toContain(
      'Un autre médecin a déjà pris ce rendez-vous',
    );
  });

  it.each(LOCALES)('has a distinct title for each kind in %s', (locale) => {
    const titles = new Set(
      MESSAGE_PAGE_KINDS.map(
        (kind) => /<h1>([^<]*)<\/h1>/.exec(messagePage(messageInput(locale, kind)))?.[1],
      ),
    );
    // "Thank you" is shared by a few results; the others differ.
    expect(titles.size).toBeGreaterThanOrEqual(MESSAGE_PAGE_KINDS.length - 3);
  });

  it('escapes the place', () => {
    const html = messagePage({ locale: 'en', kind: 'accepted', appointmentAt: new Date(), place: XSS });
    expect(html).not.toMatch(/<script/i);
  });
});

describe('toDateTimeLocal', () => {
  it('writes the value of a datetime-local input in the time zone', () => {
    expect(toDateTimeLocal(new Date('2030-07-01T08:05:00Z'), 'Europe/Luxembourg')).toBe('2030-07-01T10:05');
    expect(toDateTimeLocal(new Date('2030-01-01T00:00:00Z'), 'UTC')).toBe('2030-01-01T00:00');
  });
});
