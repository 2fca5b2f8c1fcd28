import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../../domain/referral/model.ts';
import { MAX_BODY_BYTES } from '../../../functions/edge/validation.ts';
import { type Harness, specialist } from '../http/harness.ts';
import { linkIn, linksHarness, mailsTo, openReferral, pathOf, postJson, stored } from './support.ts';

/*
 * A link page's form whose body cannot be read (over 64 KB, or not a form at all) is answered as the
 * page's other refused answers are: the link's page again, with the note above the form, at the
 * problem's status (413, 415), in HTML. A JSON client still gets the problem. Nothing changes.
 */

let h: Harness;
const eye = specialist({ id: 'big-eye', email: 'big-eye@clinic.example', locale: 'en', monthlyQuota: 50 });
let r: Referral;
let link: string;

beforeAll(async () => {
  h = await linksHarness('links-oversized-forms', [eye]);
  r = await openReferral(h, { pseudonym: 'BIG-FORM-1' });
  await h.drainEvents();
  link = pathOf(linkIn(mailsTo(h, eye.email).at(-1)?.text));
});

afterAll(async () => {
  await h?.stopEvents();
});

const tooLarge = new URLSearchParams({
  appointmentAt: '2026-11-27T09:30',
  place: 'x'.repeat(MAX_BODY_BYTES + 1),
}).toString();

describe('a link form that cannot be read', () => {
  it.each(['accept', 'decline', 'more-info'])(
    'over 64 KB on %s is the link page at 413 with the note above the form, and changes nothing',
    async (action) => {
      const before = await stored(h, r.id);
      const res = await h.request(`${link}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: tooLarge,
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('role="alert"');
      expect(html).toContain(`action="${link}/accept"`);
      await h.drainEvents();
      expect(await stored(h, r.id)).toEqual(before);
    },
  );

  it('of another media type from a browser is the link page at 415', async () => {
    const res = await h.request(`${link}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'text/html' },
      body: 'appointmentAt=2026-11-27T09:30',
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('role="alert"');
  });

  it('over 64 KB as JSON is still the 413 problem', async () => {
    const res = await postJson(h, `${link}/accept`, { place: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
