import { describe, expect, it } from 'vitest';
import { LINK_REFUSALS, REFUSAL_STATUS_NOTES, TOKEN_REFUSAL } from '../../../functions/links/refusals.ts';
import { MESSAGE_PAGE_KINDS } from '../../../functions/links/render/index.ts';
import { linkRouteDocs } from '../../../functions/links/routes.ts';

const GONE = 'urn:relais:problem:gone';

describe('the link refusal table', () => {
  it('answers as API.md says: 410 used, expired, moved on; 409 taken, waiting or uncertain; 401 not a valid link; 429 answered too often', () => {
    const statuses = Object.fromEntries(Object.entries(LINK_REFUSALS).map(([k, v]) => [k, v.status]));
    expect(statuses).toEqual({
      used: 410,
      expired: 410,
      closed: 410,
      taken: 409,
      waiting: 409,
      uncertain: 409,
      invalid: 401,
      throttled: 429,
    });
  });

  it('gives each refusal its problem type and its own message page', () => {
    const rows = Object.fromEntries(
      Object.entries(LINK_REFUSALS).map(([k, v]) => [k, { type: v.problem.type, page: v.page }]),
    );
    expect(rows).toEqual({
      used: { type: GONE, page: 'used' },
      expired: { type: GONE, page: 'expired' },
      closed: { type: GONE, page: 'closed' },
      taken: { type: 'urn:relais:problem:taken', page: 'taken' },
      waiting: { type: 'urn:relais:problem:conflict', page: 'info_requested' },
      uncertain: { type: 'urn:relais:problem:conflict', page: 'uncertain' },
      invalid: { type: 'urn:relais:problem:unauthorized', page: 'invalid' },
      throttled: { type: 'urn:relais:problem:throttled', page: 'throttled' },
    });
    for (const row of Object.values(LINK_REFUSALS)) {
      expect(MESSAGE_PAGE_KINDS).toContain(row.page);
      expect(row.problem.title.length).toBeGreaterThan(0);
      expect(row.problem.detail.length).toBeGreaterThan(0);
    }
  });

  it('refuses a token past its exp as expired and any other bad token as invalid', () => {
    expect(TOKEN_REFUSAL).toEqual({ expired: 'expired', invalid: 'invalid' });
  });

  it('documents each refusal status the link routes answer with', () => {
    for (const route of linkRouteDocs()) {
      const statuses = Object.keys(route.responses).map(Number);
      expect(statuses, `${route.method} ${route.path}`).toEqual(expect.arrayContaining([200, 401, 410]));
      for (const status of statuses.filter((s) => s in REFUSAL_STATUS_NOTES)) {
        expect(route.responses[status]?.description.length).toBeGreaterThan(0);
      }
      // Answers are counted against the link's retry limit; looking at a link is not.
      expect(statuses.includes(429), `${route.method} ${route.path}`).toBe(route.method === 'post');
    }
  });
});
