import { beforeAll, describe, expect, it } from 'vitest';
import { actionFor } from '../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import { createHarness, type Harness, openBody } from './harness.ts';

/*
 * Every route that names a referral is on record, read from /openapi.json, so a route added later is
 * covered the day it is added: the document says it records (`x-relais-access-log`), and each GET that
 * reads one referral, called over HTTP, leaves its entry with the caller's sub and the route.
 */

let h: Harness;
// biome-ignore lint/suspicious/noExplicitAny: the document is checked field by field
let doc: any;

beforeAll(async () => {
  h = await createHarness('access-log-coverage');
  doc = await (await h.request('/openapi.json')).json();
});

/** A path that reads or changes referrals: theirs, a person's, an accompanier's, the board, a link. */
const namesAReferral = (path: string): boolean =>
  /^\/v1\/(referrals|people|escalations|specialists)\b|^\/v1\/me\/(accompaniments|available-accompaniments)\b|^\/o\//.test(
    path,
  );

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
    ([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })),
  );

describe('the access log covers every route', () => {
  it('is declared on every operation that names a referral, a person, the board or a specialist', () => {
    const named = operations().filter((o) => namesAReferral(o.path));
    expect(named.length).toBeGreaterThan(20);
    const unrecorded = named
      .filter((o) => o.op['x-relais-access-log'] !== 'recorded')
      .map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(unrecorded).toEqual([]);
  });

  it('is declared on every staff and link operation, and on no public one', () => {
    for (const { method, path, op } of operations()) {
      const secured = (op.security as unknown[]).length > 0 || op['x-relais-auth'] === 'link';
      expect(op['x-relais-access-log'], `${method} ${path}`).toBe(secured ? 'recorded' : undefined);
    }
  });

  it('records each GET of one referral with the caller’s sub and the route', async () => {
    const opened = await h.call('POST', '/v1/referrals', { body: openBody({ autoOffer: false }) });
    const { id } = await opened.json();
    const gets = operations().filter((o) => o.method === 'get' && o.path.startsWith('/v1/referrals/{id}'));
    expect(gets.map((o) => o.path)).toContain('/v1/referrals/{id}');
    for (const { path } of gets) {
      const sub = `caller-of-${path}`;
      const res = await h.call('GET', path.replace('{id}', id), { role: 'coordinator', sub });
      expect(res.status, path).toBe(200);
      const log = await (
        await h.call('GET', `/v1/referrals/${id}/access-log?limit=100`, {
          role: 'coordinator',
          sub: 'auditor',
        })
      ).json();
      expect(
        log.items.some(
          (e: { actor: { id: string }; route: string }) => e.actor.id === sub && e.route === `GET ${path}`,
        ),
        `GET ${path} is not on record`,
      ).toBe(true);
    }
  });

  it('records the board listing a referral, and who acknowledged its escalation', async () => {
    const opened = await h.call('POST', '/v1/referrals', { body: openBody({ autoOffer: false }) });
    const { id } = await opened.json();
    const e: BoardEscalation = {
      id: `ESC-${id}`,
      referralId: id,
      org: 'mdm-lu',
      kind: 'outcome_missing',
      level: 'org_coordinator',
      since: '2026-11-24T10:00:00.000Z',
      state: 'open',
      urgency: 'routine',
      action: actionFor('outcome_missing'),
      version: 1,
      raisedAt: '2026-11-24T10:00:00.000Z',
    };
    await h.deps.escalations.create(e, []);
    h.clock.set(new Date(h.clock.now().getTime() + 1000));
    expect(
      (await h.call('GET', '/v1/escalations', { role: 'coordinator', sub: 'board-reader' })).status,
    ).toBe(200);
    h.clock.set(new Date(h.clock.now().getTime() + 1000));
    const ack = await h.call('POST', `/v1/escalations/${e.id}/ack`, { role: 'coordinator', sub: 'acker' });
    expect(ack.status).toBe(200);
    expect((await h.deps.escalations.get(e.id))?.acknowledgedBy).toBe('acker');
    const log = await (
      await h.call('GET', `/v1/referrals/${id}/access-log`, { role: 'coordinator', sub: 'auditor' })
    ).json();
    const shown = log.items.map((x: { action: string; actor: { id: string }; route: string }) => [
      x.action,
      x.actor.id,
      x.route,
    ]);
    expect(shown.slice(0, 2)).toEqual([
      ['escalation.acknowledged', 'acker', 'POST /v1/escalations/{id}/ack'],
      ['listed', 'board-reader', 'GET /v1/escalations'],
    ]);
  });
});
