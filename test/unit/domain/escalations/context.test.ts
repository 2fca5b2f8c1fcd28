import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../domain/caller.ts';
import { seesEscalation } from '../../../../domain/escalations/context.ts';
import { reachOf } from '../../../../domain/referral/load-referral.ts';
import type { Referral, StaffRole } from '../../../../domain/referral/model.ts';
import { actionFor, ESCALATION_LEVELS, ESCALATION_STATES } from '../../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../../domain/timers/ports.ts';
import { at, opened } from '../referral/builders.ts';

/*
 * Whose board an escalation is on: its organisation's coordinators and network coordinators always,
 * another organisation's network coordinator exactly when they reach the referral behind it.
 */

const referral = (): Referral => {
  const r = opened();
  return {
    ...r,
    timeline: [
      ...r.timeline,
      {
        at: at(1),
        actor: { role: 'system', id: 'sweep' },
        action: 'escalation.raised',
        detail: { escalationId: 'e1' },
      },
    ],
  };
};

const role = fc.constantFrom<StaffRole>(
  'social_worker',
  'coordinator',
  'network_coordinator',
  'accompanier',
  'admin',
);
const anEscalation = fc.record({
  level: fc.constantFrom(...ESCALATION_LEVELS),
  state: fc.constantFrom(...ESCALATION_STATES),
});

describe('seesEscalation', () => {
  it('gives another organisation’s escalation to exactly those who reach the referral behind it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(role, { minLength: 1, maxLength: 3 }),
        anEscalation,
        async (roles, shape) => {
          const r = referral();
          const e: BoardEscalation = {
            id: 'e1',
            referralId: r.id,
            org: r.org,
            kind: 'no_accompanier',
            ...shape,
            since: at(1),
            urgency: r.urgency,
            action: actionFor('no_accompanier'),
            version: 1,
            raisedAt: at(1),
          };
          const caller: Caller = { sub: 'x', org: `not-${r.org}`, roles };
          const board = { escalations: { get: async (id: string) => (id === e.id ? e : undefined) } };
          expect(seesEscalation(caller, e)).toBe((await reachOf(board, r, caller)) !== undefined);
        },
      ),
    );
  });

  it('gives an organisation’s coordinators and network coordinators all of its own, at every level', () => {
    fc.assert(
      fc.property(fc.uniqueArray(role, { minLength: 1, maxLength: 3 }), anEscalation, (roles, shape) => {
        const onBoard = roles.includes('coordinator') || roles.includes('network_coordinator');
        expect(seesEscalation({ org: 'mdm-lu', roles }, { org: 'mdm-lu', ...shape })).toBe(onBoard);
      }),
    );
  });

  it('keeps another organisation’s below the network level, or resolved, from a network coordinator', () => {
    const network = { org: 'dune-bxl', roles: ['network_coordinator'] as const };
    for (const level of ['assignee', 'org_coordinator'] as const)
      for (const state of ESCALATION_STATES)
        expect(seesEscalation(network, { org: 'mdm-lu', level, state })).toBe(false);
    expect(seesEscalation(network, { org: 'mdm-lu', level: 'network_coordinator', state: 'open' })).toBe(
      true,
    );
    expect(
      seesEscalation(network, { org: 'mdm-lu', level: 'network_coordinator', state: 'acknowledged' }),
    ).toBe(true);
    expect(seesEscalation(network, { org: 'mdm-lu', level: 'network_coordinator', state: 'resolved' })).toBe(
      false,
    );
  });
});
