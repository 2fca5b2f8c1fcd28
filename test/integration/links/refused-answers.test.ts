import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locale, type Params, type TextKey, t } from '../../../functions/ui/messages.ts';
import { type Harness, specialist } from '../http/harness.ts';
import {
  linkIn,
  linksHarness,
  mailsTo,
  openReferral,
  pathOf,
  postForm,
  postJson,
  stored,
} from './support.ts';

/*
 * A link answer refused for what was typed comes back as the page again: the refusal's own reason next
 * to the refused field, in the specialist's language, what was typed kept and its section open; nothing
 * changes. (The harness clock stands at 2026-11-25T09:00Z.)
 */

let h: Harness;

const en = specialist({ id: 'ref-en', email: 'ref-en@clinic.example', locale: 'en', monthlyQuota: 50 });
const fr = specialist({ id: 'ref-fr', email: 'ref-fr@clinic.example', locale: 'fr', monthlyQuota: 50 });

beforeAll(async () => {
  h = await linksHarness('links-refused-answers', [en, fr]);
});

afterAll(async () => {
  await h?.stopEvents();
});

/** Opens a referral; the offer link emailed to each specialist. */
async function offered(pseudonym: string) {
  const r = await openReferral(h, { pseudonym });
  await h.drainEvents();
  const linkOf = (email: string) => pathOf(linkIn(mailsTo(h, email).at(-1)?.text));
  return { r, en: linkOf(en.email), fr: linkOf(fr.email) };
}

/** A catalogue sentence as the page writes it (hono/jsx escapes it). */
const words = (locale: Locale, key: TextKey, params?: Params): string =>
  t(locale, key, params)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** The refusal next to `field`: under it, tied to it, and no note that names no field. */
function expectNextTo(html: string, field: string, sentence: string): void {
  expect(html).toContain(`<p class="error" id="${field}-error" role="alert">${sentence}</p>`);
  expect(html).toMatch(new RegExp(`aria-describedby="[^"]*${field}-error"`));
  expect(html).not.toContain('class="card error"');
}

describe('a refused offer answer, shown again', () => {
  it('keeps a question with a phone number, says why next to it, with its section open', async () => {
    const { r, en: link } = await offered('REF-Q');
    const question = 'Could the person bring their x-ray? Call me on 621 123 456';
    const res = await postForm(h, `${link}/more-info`, { question });
    expect(res.status).toBe(400);
    const html = await res.text();
    expectNextTo(html, 'question', words('en', 'page.error.contact'));
    expect(html).toMatch(
      /<textarea id="question"[^>]*>Could the person bring their x-ray\? Call me on 621 123 456<\/textarea>/,
    );
    expect(html).toMatch(/<details class="card" open=""><summary>Ask a question/);
    // The other sections stay closed.
    expect(html.match(/<details class="card" open/g)).toHaveLength(1);
    expect((await stored(h, r.id)).version).toBe(1);
  });

  it('says a date more than 18 months ahead is too far, a past one has passed, a 31 February does not exist', async () => {
    const { r, en: link } = await offered('REF-DATES');
    const accept = (appointmentAt: string, timeZone = 'Europe/Luxembourg') =>
      postForm(h, `${link}/accept`, { appointmentAt, timeZone, place: 'Room 4' });
    for (const [at, key, zone] of [
      ['2028-06-10T10:00', 'page.error.tooFar'],
      ['2026-11-20T10:30', 'page.error.past'],
      ['2027-02-31T10:00', 'page.error.date'],
      ['2026-11-27T10:00', 'page.error.date', 'Mars/Olympus'],
    ] as const) {
      const res = await accept(at, zone);
      expect(res.status).toBe(400);
      const html = await res.text();
      expectNextTo(html, 'appointmentAt', words('en', key));
      expect(html).toContain(`value="${at}"`);
      // The place typed, not the practice.
      expect(html).toContain('value="Room 4"');
    }
    expect((await stored(h, r.id)).version).toBe(1);
  });

  it('asks for a reason from the list, in the specialist’s language, the decline section open', async () => {
    const { r, fr: link } = await offered('REF-REASON');
    const res = await postForm(h, `${link}/decline`, { reason: 'bored' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expectNextTo(html, 'reason', words('fr', 'page.error.reason'));
    expect(html).toMatch(/<details class="card" open=""><summary>Refuser/);
    // The JSON answer names the same field.
    const json = await postJson(h, `${link}/decline`, { reason: 'bored' });
    expect((await json.json()).errors).toEqual([{ path: 'reason', message: expect.any(String) }]);
    expect((await stored(h, r.id)).version).toBe(1);
  });
});

describe('a refused outcome answer, shown again', () => {
  it('says the person can be recorded as come only from the appointment’s time', async () => {
    const { r, en: link } = await offered('REF-OUTCOME');
    expect((await postJson(h, `${link}/accept`, { appointmentAt: '2026-11-27T09:30:00Z' })).status).toBe(200);
    await h.drainEvents();
    const outcome = pathOf(linkIn(mailsTo(h, en.email).at(-1)?.text));
    const version = (await stored(h, r.id)).version;
    const res = await postForm(h, `${outcome}/outcome`, { attended: 'true' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(
      `<p class="error" id="attended-error" role="alert">${words('en', 'page.error.notYet')}</p>`,
    );
    expect(html).not.toContain('class="card error"');

    // The reschedule form on the same page keeps a time that does not exist, and says so.
    const moved = await postForm(h, `${outcome}/reschedule`, {
      appointmentAt: '2026-11-31T10:00',
      timeZone: 'Europe/Luxembourg',
    });
    expect(moved.status).toBe(400);
    const page = await moved.text();
    expectNextTo(page, 'appointmentAt', words('en', 'page.error.date'));
    expect(page).toContain('value="2026-11-31T10:00"');
    expect((await stored(h, r.id)).version).toBe(version);
  });
});

describe('a second, different answer on a used link', () => {
  it('is told the first answer stands and nothing changed, not that it was recorded', async () => {
    const { r, en: link } = await offered('REF-TWICE');
    const first = await postForm(h, `${link}/accept`, {
      appointmentAt: '2026-11-27T10:00',
      timeZone: 'Europe/Luxembourg',
      place: 'Room 4',
    });
    expect(first.status).toBe(200);
    const after = await stored(h, r.id);
    const second = await postForm(h, `${link}/accept`, {
      appointmentAt: '2026-11-27T11:00',
      timeZone: 'Europe/Luxembourg',
      place: 'Room 4',
    });
    expect(second.status).toBe(410);
    const html = await second.text();
    expect(html).toContain(words('en', 'message.used.body'));
    expect(html).not.toMatch(/your answer was recorded/i);
    expect(await stored(h, r.id)).toEqual(after);
  });
});
