import { actorFor, type Caller } from '../caller.ts';
import { checkIfMatch, DomainError } from '../errors.ts';
import { makeEvent } from '../referral/transition.ts';
import { acknowledge } from '../timers/escalation.ts';
import type { BoardEscalation } from '../timers/ports.ts';
import { BOARD_ROLES, type EscalationDeps, seesEscalation } from './context.ts';

/**
 * A coordinator acknowledges an escalation: it leaves the open board for the acknowledged one and stops
 * climbing. Acknowledging it again, or a resolved one, changes nothing. One not on the caller's board
 * (context.ts `seesEscalation`: another organisation's below the network coordinators' level, or
 * resolved) is "not found", as for referrals. With `ifMatch` (the version the caller saw: the board's
 * form, the API's If-Match), one changed since (acknowledged by someone else, resolved) is a conflict.
 */
export async function acknowledgeEscalation(
  deps: EscalationDeps,
  caller: Caller,
  id: string,
  ifMatch?: number,
): Promise<BoardEscalation> {
  const e = await deps.escalations.get(id);
  if (!e || !seesEscalation(caller, e)) throw new DomainError('not_found', 'No such escalation.');
  checkIfMatch(ifMatch, e.version, 'escalation');
  const next = acknowledge(e);
  if (next === e || next.state === e.state) return e;
  const now = deps.clock.now().toISOString();
  const actor = actorFor(caller, BOARD_ROLES);
  const saved: BoardEscalation = {
    ...withoutClimb(next),
    version: e.version + 1,
    acknowledgedAt: now,
    acknowledgedBy: caller.sub,
  };
  const event = makeEvent(
    { id: e.referralId, org: e.org },
    { now, actor, newId: deps.newId },
    'escalation.acknowledged',
    {
      escalationId: e.id,
      kind: e.kind,
    },
  );
  await deps.escalations.save(saved, e.version, [event]);
  return saved;
}

/** The escalation without its next climb. */
export function withoutClimb(e: BoardEscalation): BoardEscalation {
  const { climbAt: _climb, ...rest } = e;
  return rest;
}
