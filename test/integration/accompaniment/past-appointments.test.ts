import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, pageSessionOf } from '../http/harness.ts';
import {
  ACCOMPANIER,
  APPOINTMENT_AT,
  acceptFirstOffer,
  accompanimentHarness,
  as,
  atTime,
  COORDINATOR,
  openReferral,
  type Staff,
  scheduledReferral,
} from './support.ts';

/*
 * An accompaniment whose appointment has passed cannot be taken any more: it is not offered to
 * accompaniers (nor in the choices a coordinator reads), it is the coordinators' to chase on the board.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('acc-past');
});
afterAll(async () => {
  await h.stopEvents();
});

const LATER_AT = '2026-11-29T10:00:00.000Z';

const availableIds = async (who: Staff): Promise<string[]> => {
  const res = await as(h, who, 'GET', '/v1/me/available-accompaniments');
  expect(res.status).toBe(200);
  return (await res.json()).items.map((i: { id: string }) => i.id);
};

const pageHtml = async (who: Staff): Promise<string> => {
  const cookie = await pageSessionOf(h, who.role, 'mdm-lu', who.sub);
  return (await h.request('/app/accompaniments', { headers: { cookie } })).text();
};

describe('accompaniments to take', () => {
  it('offers those whose appointment is ahead, and no longer one whose time has passed', async () => {
    const soon = await scheduledReferral(h);
    const later = await acceptFirstOffer(h, await openReferral(h, { pseudonym: 'HERON-1977' }), LATER_AT);

    // Before the first appointment: both can be taken.
    await atTime(
      h,
      async () => {
        for (const who of [ACCOMPANIER, COORDINATOR]) {
          expect(await availableIds(who)).toEqual([soon.id, later.id]);
        }
        const html = await pageHtml(ACCOMPANIER);
        expect(html).toContain(`id="r-${soon.id}"`);
        expect(html).toContain(`id="r-${later.id}"`);
      },
      '2026-11-27T09:59:00.000Z',
    );

    // Its time has come: nobody can take the person there any more.
    await atTime(
      h,
      async () => {
        for (const who of [ACCOMPANIER, COORDINATOR]) expect(await availableIds(who)).toEqual([later.id]);
        const html = await pageHtml(ACCOMPANIER);
        expect(html).not.toContain(`id="r-${soon.id}"`);
        expect(html).toContain(`id="r-${later.id}"`);
      },
      APPOINTMENT_AT,
    );
  });
});
