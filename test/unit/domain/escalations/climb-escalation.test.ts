import { describe, expect, it } from 'vitest';
import { climbEscalation } from '../../../../domain/escalations/climb-escalation.ts';
import type { EscalationDeps } from '../../../../domain/escalations/context.ts';
import { DEFAULT_ESCALATION_SETTINGS } from '../../../../domain/escalations/settings.ts';
import { actionFor } from '../../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../../domain/timers/ports.ts';
import type { RelaisEvent } from '../../../../events/catalog.ts';
import { opened } from '../referral/builders.ts';

/* The climb's own decisions, on an in-memory board (the sweep against DynamoDB Local:
 * test/integration/escalations/climb-once.test.ts). */

const r = opened();
const NOW = '2025-03-10T09:00:00.000Z';

function deps(item: BoardEscalation) {
  const saved: { e: BoardEscalation; events: readonly RelaisEvent[] }[] = [];
  const d: EscalationDeps = {
    escalations: {
      get: async () => item,
      create: async () => true,
      save: async (e, _v, events) => {
        saved.push({ e, events });
      },
      listBoard: async () => ({ items: [] }),
    },
    store: { get: async () => r },
    clock: { now: () => new Date(NOW) },
    newId: () => 'ev-1',
    escalationSettings: DEFAULT_ESCALATION_SETTINGS,
  };
  return { d, saved };
}

const item = (over: Partial<BoardEscalation>): BoardEscalation => ({
  id: 'esc-1',
  referralId: r.id,
  org: r.org,
  kind: 'candidates_exhausted',
  level: 'org_coordinator',
  since: '2025-03-01T09:00:00.000Z',
  state: 'open',
  urgency: r.urgency,
  action: actionFor('candidates_exhausted'),
  version: 4,
  raisedAt: '2025-03-01T09:00:00.000Z',
  climbAt: '2025-03-03T09:00:00.000Z',
  ...over,
});

describe('climbEscalation', () => {
  it('climbs to the network once, telling it, and has no next climb there', async () => {
    const { d, saved } = deps(item({}));
    expect(await climbEscalation(d, item({}), NOW)).toBe('climbed');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.e).toMatchObject({ level: 'network_coordinator', version: 5, raisedAt: NOW });
    expect(saved[0]!.e).not.toHaveProperty('climbAt');
    expect(saved[0]!.events.map((e) => e.type)).toEqual(['escalation.raised']);
  });

  it('takes an item at the top with a climb left over off the due index, telling nobody', async () => {
    const stale = item({ level: 'network_coordinator' });
    const { d, saved } = deps(stale);
    expect(await climbEscalation(d, stale, NOW)).toBe('not_due');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.e).toMatchObject({ level: 'network_coordinator', state: 'open', version: 5 });
    expect(saved[0]!.e).not.toHaveProperty('climbAt');
    expect(saved[0]!.events).toEqual([]);
  });
});
