import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../../domain/referral/model.ts';
import { actionFor } from '../../../domain/timers/escalation.ts';
import { createHarness, type Harness, openBody, specialist } from './harness.ts';

/*
 * Every list's cursor is opaque (issue 13 item 6): the board's, the directory's, a feed's and an access
 * log's as well as the referrals'. Decoded as base64 (each part), a cursor shows no key, organisation
 * or id; and it still pages.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness('opaque-cursors');
  for (let i = 0; i < 3; i++) await h.deps.specialists.put(specialist({ id: `oc-spec-${i}` }));
  await h.startEvents();
});
afterAll(async () => h.stopEvents());

/** The cursor's text once every part is base64-decoded: what a client could read in it. */
const readable = (cursor: string): string =>
  cursor
    .split('.')
    .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
    .join(' ');

/** Expects `cursor` to name none of `secrets`, nor any key attribute, and pages on with it. */
function expectOpaque(cursor: unknown, secrets: readonly string[]): asserts cursor is string {
  expect(cursor).toBeTypeOf('string');
  const text = readable(cursor as string);
  for (const s of ['pk', 'sk', 'gsi', ...secrets]) expect(text, `shows ${s}`).not.toContain(s);
}

const pageOf = async (path: string, role: StaffRole) => {
  const res = await h.call('GET', path, { role, org: 'mdm-lu' });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: { id?: string }[]; nextCursor?: string };
};

describe('opaque cursors', () => {
  it('on the board', async () => {
    for (const [i, since] of ['2026-11-01T10:00:00.000Z', '2026-11-02T10:00:00.000Z'].entries())
      await h.deps.escalations.create(
        {
          id: `OCESC${i}`,
          referralId: `oc-ref-${i}`,
          org: 'mdm-lu',
          kind: 'outcome_missing',
          level: 'org_coordinator',
          since,
          state: 'open',
          urgency: 'routine',
          action: actionFor('outcome_missing'),
          version: 1,
          raisedAt: since,
        },
        [],
      );
    const first = await pageOf('/v1/escalations?limit=1', 'coordinator');
    expectOpaque(first.nextCursor, ['mdm-lu', 'OCESC', 'oc-ref', 'ESC#', '2026-']);
    const second = await pageOf(`/v1/escalations?limit=1&cursor=${first.nextCursor}`, 'coordinator');
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });

  it('in the directory', async () => {
    const first = await pageOf('/v1/specialists?limit=1', 'coordinator');
    expectOpaque(first.nextCursor, ['oc-spec', 'SPEC', 'DIRECTORY']);
    const second = await pageOf(`/v1/specialists?limit=1&cursor=${first.nextCursor}`, 'coordinator');
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });

  it('in a feed', async () => {
    for (let i = 0; i < 3; i++)
      await h.deps.notifications.add(
        { sub: 'co-oc', org: 'mdm-lu' },
        {
          id: `oc-n${i}`,
          at: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
          kind: 'outcome_recorded',
          referralId: `oc-r${i}`,
          eventId: `oc-e${i}`,
        },
      );
    const res = await h.call('GET', '/v1/me/notifications?limit=1', {
      role: 'social_worker',
      sub: 'co-oc',
      org: 'mdm-lu',
    });
    const first = (await res.json()) as { nextCursor?: string };
    expectOpaque(first.nextCursor, ['NOTE#', 'oc-e', 'oc-n', '2026-']);
    const next = await h.call('GET', `/v1/me/notifications?limit=1&cursor=${first.nextCursor}`, {
      role: 'social_worker',
      sub: 'co-oc',
      org: 'mdm-lu',
    });
    expect(next.status).toBe(200);
  });

  it('in an access log', async () => {
    const opened = await h.call('POST', '/v1/referrals', { role: 'social_worker', body: openBody() });
    expect(opened.status).toBe(201);
    const { id } = (await opened.json()) as { id: string };
    for (let i = 0; i < 2; i++) await h.call('GET', `/v1/referrals/${id}`, { role: 'social_worker' });
    const first = await pageOf(`/v1/referrals/${id}/access-log?limit=1`, 'coordinator');
    expectOpaque(first.nextCursor, [id, 'ACCESS', 'REF#', 'mdm-lu']);
    await pageOf(`/v1/referrals/${id}/access-log?limit=1&cursor=${first.nextCursor}`, 'coordinator');
  });
});
