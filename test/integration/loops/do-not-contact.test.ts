import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accompaniedReferral,
  accompanimentHarness,
  as,
  COORDINATOR,
  mailsTo,
  openReferral,
  read,
  specialistEmail,
  timelineOf,
  WORKER,
} from '../accompaniment/support.ts';
import type { Harness } from '../http/harness.ts';

/*
 * `POST /v1/people/{pseudonym}/do-not-contact` with `{ "doNotContact": false }`: a coordinator lifts
 * "contact through the organisation only" on every open referral of the person, on each timeline.
 */

let h: Harness;
beforeAll(async () => {
  h = await accompanimentHarness('loops-dnc');
});
afterAll(async () => {
  await h.stopEvents();
});

const ORG_ONLY = 'le contact passe uniquement par Médecins du Monde Luxembourg';

describe('lifting do-not-contact', () => {
  it('is refused to a social worker (403) and changes nothing', async () => {
    const r = await openReferral(h, { pseudonym: 'LARK-1', doNotContactDirectly: true });
    const res = await as(h, WORKER, 'POST', '/v1/people/LARK-1/do-not-contact', { doNotContact: false });
    expect(res.status).toBe(403);
    const after = await read(h, r.id);
    expect(after.doNotContactDirectly).toBe(true);
    expect(after.version).toBe(r.version);
  });

  it('by a coordinator clears it on each open referral, on its timeline, and specialists are no longer told', async () => {
    const scheduled = await accompaniedReferral(h, { pseudonym: 'LARK-2' });
    const onOffer = await openReferral(h, { pseudonym: 'LARK-2' });
    const closed = await openReferral(h, { pseudonym: 'LARK-2' });
    expect(
      (await as(h, WORKER, 'POST', `/v1/referrals/${closed.id}/close`, { reason: 'cancelled' })).status,
    ).toBe(200);
    const marked = await as(h, WORKER, 'POST', '/v1/people/LARK-2/do-not-contact', { doNotContact: true });
    expect((await marked.json()).changed).toHaveLength(2);

    const res = await as(h, COORDINATOR, 'POST', '/v1/people/LARK-2/do-not-contact', { doNotContact: false });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.changed.map((c: { id: string }) => c.id).sort()).toEqual([scheduled.id, onOffer.id].sort());
    expect(body.unchanged).toBe(1);
    for (const id of [scheduled.id, onOffer.id]) {
      const r = await read(h, id);
      expect(r.doNotContactDirectly).toBe(false);
      expect(timelineOf(r).slice(-2)).toEqual([
        `person.do_not_contact by social_worker:${WORKER.sub}`,
        `person.do_not_contact_lifted by coordinator:${COORDINATOR.sub}`,
      ]);
    }
    expect(timelineOf(await read(h, closed.id))).not.toContain(
      `person.do_not_contact_lifted by coordinator:${COORDINATOR.sub}`,
    );

    const again = await as(h, COORDINATOR, 'POST', '/v1/people/LARK-2/do-not-contact', {
      doNotContact: false,
    });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toMatch(/No open referral/);

    await h.drainEvents();
    const before = h.sent.length;
    await as(h, WORKER, 'POST', `/v1/referrals/${scheduled.id}/reschedule`, {
      appointmentAt: '2026-12-03T10:00:00Z',
    });
    await h.drainEvents();
    const mails = mailsTo(h, await specialistEmail(h, scheduled.appointment!.specialistId), before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).not.toContain(ORG_ONLY);
  });

  it('answers 404 for a person with no referral in the organisation, and 400 for a non-boolean', async () => {
    expect(
      (await as(h, COORDINATOR, 'POST', '/v1/people/NOBODY-9/do-not-contact', { doNotContact: false }))
        .status,
    ).toBe(404);
    const bad = await as(h, COORDINATOR, 'POST', '/v1/people/LARK-2/do-not-contact', { doNotContact: 'no' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: 'doNotContact', message: expect.any(String) }]);
  });
});

describe('do-not-contact without saying which', () => {
  const refusedUnchanged = async (res: Awaited<ReturnType<typeof as>>, id: string, version: number) => {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).errors).toEqual([{ path: 'doNotContact', message: expect.any(String) }]);
    const after = await read(h, id);
    expect(after.doNotContactDirectly).toBe(false);
    expect(after.version).toBe(version);
  };

  it('is a 400 naming doNotContact for no body, an empty body and {}, and changes nothing', async () => {
    const r = await openReferral(h, { pseudonym: 'LARK-3' });
    const path = '/v1/people/LARK-3/do-not-contact';
    await refusedUnchanged(await as(h, WORKER, 'POST', path), r.id, r.version);
    await refusedUnchanged(await as(h, WORKER, 'POST', path, ''), r.id, r.version);
    await refusedUnchanged(await as(h, WORKER, 'POST', path, {}), r.id, r.version);
    await refusedUnchanged(await as(h, COORDINATOR, 'POST', path, {}), r.id, r.version);
  });
});

describe('the other actions on a person', () => {
  it.each([
    ['consent-withdrawal', WORKER],
    ['erasure', COORDINATOR],
  ] as const)(
    '%s carries nothing: any field is a 400 naming it, and nothing changes',
    async (action, who) => {
      const r = await openReferral(h, { pseudonym: `OWL-${action.length}` });
      const res = await as(h, who, 'POST', `/v1/people/OWL-${action.length}/${action}`, {
        doNotContact: true,
      });
      expect(res.status).toBe(400);
      expect((await res.json()).errors).toEqual([{ path: 'doNotContact', message: expect.any(String) }]);
      const after = await read(h, r.id);
      expect(after.status).toBe(r.status);
      expect(after.version).toBe(r.version);
    },
  );
});
