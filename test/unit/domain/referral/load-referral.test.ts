import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../domain/caller.ts';
import { DomainError } from '../../../../domain/errors.ts';
import { reachOf, reachThrough, visibleTo } from '../../../../domain/referral/load-referral.ts';
import type { Referral, StaffRole } from '../../../../domain/referral/model.ts';
import {
  actionFor,
  ESCALATION_LEVELS,
  ESCALATION_STATES,
  type EscalationLevel,
  type EscalationState,
} from '../../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../../domain/timers/ports.ts';
import { at, opened } from './builders.ts';

/* Who reaches a referral, and how far: the one rule of load-referral.ts, with an in-memory board. */

const referral = (escalationIds: readonly string[] = []): Referral => {
  const r = opened();
  return {
    ...r,
    timeline: [
      ...r.timeline,
      ...escalationIds.map((escalationId) => ({
        at: at(1),
        actor: { role: 'system' as const, id: 'sweep' },
        action: 'escalation.raised',
        detail: { escalationId },
      })),
    ],
  };
};

const escalation = (
  r: Referral,
  id: string,
  level: EscalationLevel,
  state: EscalationState = 'open',
): BoardEscalation => ({
  id,
  referralId: r.id,
  org: r.org,
  kind: 'candidates_exhausted',
  level,
  since: at(1),
  state,
  urgency: r.urgency,
  action: actionFor('candidates_exhausted'),
  version: 1,
  raisedAt: at(1),
});

const board = (...items: BoardEscalation[]) => ({
  escalations: { get: async (id: string) => items.find((e) => e.id === id) },
});

const as = (org: string, ...roles: StaffRole[]): Caller => ({ sub: `${roles[0]}-${org}`, org, roles });
const NETWORK = as('dune-bxl', 'network_coordinator');

describe('reachOf', () => {
  it('gives the referring organisation all of it, whoever they are in it, without reading the board', async () => {
    const r = referral();
    const deps = { escalations: { get: async () => expect.fail('no read for the own organisation') } };
    expect(await reachOf(deps, r, as(r.org, 'social_worker'))).toBe('organisation');
    expect(await reachOf(deps, r, as(r.org, 'network_coordinator'))).toBe('organisation');
  });

  it('gives a network coordinator of another organisation the coordination fields while it is escalated to them', async () => {
    const r = referral(['e1', 'e2']);
    const orgLevel = escalation(r, 'e1', 'org_coordinator');
    expect(await reachOf(board(orgLevel), r, NETWORK)).toBeUndefined();
    for (const state of ['open', 'acknowledged'] as const) {
      expect(
        await reachOf(board(orgLevel, escalation(r, 'e2', 'network_coordinator', state)), r, NETWORK),
      ).toBe('coordination');
    }
    expect(
      await reachOf(board(orgLevel, escalation(r, 'e2', 'network_coordinator', 'resolved')), r, NETWORK),
    ).toBeUndefined();
  });

  it('gives nothing to anyone else of another organisation, nor through another referral’s escalation', async () => {
    const r = referral(['e1']);
    const escalated = board(escalation(r, 'e1', 'network_coordinator'));
    expect(await reachOf(escalated, r, as('dune-bxl', 'coordinator'))).toBeUndefined();
    expect(await reachOf(escalated, r, as('dune-bxl', 'social_worker', 'accompanier'))).toBeUndefined();
    expect(await reachOf({}, r, NETWORK)).toBeUndefined();
    const elsewhere = board({ ...escalation(r, 'e1', 'network_coordinator'), referralId: 'another' });
    expect(await reachOf(elsewhere, r, NETWORK)).toBeUndefined();
  });
});

describe('visibleTo', () => {
  it('is "not found" for a referral out of reach, or reached less far than the action needs', async () => {
    const r = referral(['e1']);
    const escalated = board(escalation(r, 'e1', 'network_coordinator'));
    await expect(visibleTo(escalated, r, NETWORK, 'coordination')).resolves.toBe(r);
    await expect(visibleTo(escalated, r, NETWORK)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(visibleTo(escalated, undefined, NETWORK, 'coordination')).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(visibleTo({}, r, as(r.org, 'social_worker'))).resolves.toBe(r);
  });
});

describe('reachThrough', () => {
  it('decides from an escalation in hand as reachOf decides from the board', async () => {
    const role = fc.constantFrom<StaffRole>(
      'social_worker',
      'coordinator',
      'network_coordinator',
      'accompanier',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('mdm-lu', 'dune-bxl'),
        fc.uniqueArray(role, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...ESCALATION_LEVELS),
        fc.constantFrom(...ESCALATION_STATES),
        async (org, roles, level, state) => {
          const r = referral(['e1']);
          const e = escalation(r, 'e1', level, state);
          const caller = as(org, ...roles);
          expect(reachThrough(caller, e)).toBe(await reachOf(board(e), r, caller));
        },
      ),
    );
  });
});
