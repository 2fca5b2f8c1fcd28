import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LINK_POST_BUDGET } from '../../../functions/ports/link-posts.ts';
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

let h: Harness;

const eyes = ['lim-a', 'lim-b', 'lim-c'].map((id) =>
  specialist({ id, email: `${id}@clinic.example`, locale: 'en', monthlyQuota: 50, languages: ['pt'] }),
);

beforeAll(async () => {
  h = await linksHarness('links-retry-limit', eyes);
});

afterAll(async () => {
  await h?.stopEvents();
});

const { posts, windowSeconds } = DEFAULT_LINK_POST_BUDGET;

/** A referral offered to two specialists, and the link each was emailed. */
async function offeredTwice(pseudonym: string) {
  const r = await openReferral(h, { pseudonym });
  await h.drainEvents();
  const [first, second] = r.offers.map((o) => eyes.find((s) => s.id === o.specialistId)!);
  const linkOf = (email: string) => pathOf(linkIn(mailsTo(h, email).at(-1)?.text));
  return { r, first: linkOf(first!.email), second: linkOf(second!.email) };
}

/** A POST the link accepts but that changes nothing: a body it refuses (400). */
const badAnswer = (link: string) => postJson(h, `${link}/decline`, { reason: 'not-a-reason' });

describe('the retry limit of link answers', () => {
  it(`refuses the ${posts + 1}th POST of a link within the window with 429 and Retry-After, changing nothing; other links and later windows are unaffected`, async () => {
    const { r, first, second } = await offeredTwice('LIMIT-1');
    for (let i = 0; i < posts; i++) expect((await badAnswer(first)).status, `POST ${i + 1}`).toBe(400);
    const before = await stored(h, r.id);

    // A good answer now is one too many: refused as a problem, the referral untouched.
    const refused = await postJson(h, `${first}/decline`, { reason: 'dates_impossible' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ type: 'urn:relais:problem:throttled', status: 429 });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    // A browser gets the page, at the same status and with the same header.
    const page = await postForm(h, `${first}/decline`, { reason: 'dates_impossible' });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBe(String(retryAfter));
    expect(await page.text()).toContain('Too many tries');
    expect(await stored(h, r.id)).toEqual(before);
    // Looking at the link is not an answer: still served.
    expect((await h.request(first)).status).toBe(200);

    // Another link, on the same referral, answers as ever.
    const other = await postJson(h, `${second}/decline`, { reason: 'dates_impossible' });
    expect(other.status).toBe(200);
    const afterOther = await stored(h, r.id);
    expect(afterOther.version).toBe(before.version + 1);

    // Once the window has passed, the first link answers again.
    const now = h.clock.now();
    h.clock.set(new Date(now.getTime() + retryAfter * 1000));
    try {
      const again = await postJson(h, `${first}/decline`, { reason: 'dates_impossible' });
      expect(again.status).toBe(200);
      expect((await stored(h, r.id)).version).toBe(afterOther.version + 1);
    } finally {
      h.clock.set(now);
    }
  });

  it('counts an answer refused for the state of its link too: a used link is not a free retry loop', async () => {
    const { first } = await offeredTwice('LIMIT-2');
    expect((await postJson(h, `${first}/decline`, { reason: 'dates_impossible' })).status).toBe(200);
    for (let i = 1; i < posts; i++) {
      expect((await postJson(h, `${first}/decline`, { reason: 'dates_impossible' })).status).toBe(410);
    }
    expect((await postJson(h, `${first}/decline`, { reason: 'dates_impossible' })).status).toBe(429);
  });
});
