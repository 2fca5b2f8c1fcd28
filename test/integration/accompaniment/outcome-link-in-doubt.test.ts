import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../functions/ui/messages.ts';
import type { Harness } from '../http/harness.ts';
import {
  ACCOMPANIER,
  accompaniedReferral,
  accompanimentHarness,
  as,
  linkToken,
  read,
  WORKER,
} from './support.ts';

/*
 * The specialist's outcome link while the person was not at the meeting point: the appointment is in
 * doubt, not closed. The link says so (and that there is nothing to record yet), as the email they were
 * sent does, and works again once the person is seen again.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('acc-outcome-in-doubt');
});
afterAll(async () => {
  await h.stopEvents();
});

const escaped = (s: string) => s.replaceAll('&', '&amp;').replaceAll("'", '&#39;').replaceAll('"', '&quot;');

describe('the outcome link while the person is absent at the meeting point', () => {
  it('says the appointment is uncertain and nothing is to be recorded yet, then works again', async () => {
    const r = await accompaniedReferral(h, { pseudonym: 'HERON-1' });
    const outcome = `/o/${await linkToken(h, r, r.offers[0]?.id ?? '', 'outcome')}`;
    await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/departed`);
    expect((await as(h, ACCOMPANIER, 'POST', `/v1/referrals/${r.id}/absent`)).status).toBe(200);
    const held = await read(h, r.id);

    // Looked at: a page to come back to, in the specialist's language (French in the demo directory).
    const page = await h.request(outcome, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(escaped(t('fr', 'message.uncertain.title')));
    expect(html).toContain(escaped(t('fr', 'message.uncertain.body')));
    expect(html).not.toContain(escaped(t('fr', 'message.closed.title')));

    // An answer meanwhile is refused as such, and changes nothing.
    const answer = await h.request(`${outcome}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ attended: false }),
    });
    expect(answer.status).toBe(409);
    expect(await answer.json()).toMatchObject({ title: 'Appointment uncertain' });
    expect((await read(h, r.id)).version).toBe(held.version);

    // Seen again: the outcome form again.
    expect((await as(h, WORKER, 'POST', `/v1/referrals/${r.id}/seen-again`)).status).toBe(200);
    const again = await h.request(outcome, { headers: { accept: 'text/html' } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(`action="${outcome}/outcome"`);
  });
});
