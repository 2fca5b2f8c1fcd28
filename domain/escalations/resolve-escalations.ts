import { DomainError } from '../errors.ts';
import type { Referral } from '../referral/model.ts';
import { makeEvent } from '../referral/transition.ts';
import { resolveOnProgress } from '../timers/escalation.ts';
import { SWEEP_ACTOR } from '../timers/fire-due.ts';
import type { BoardEscalation } from '../timers/ports.ts';
import { withoutClimb } from './acknowledge-escalation.ts';
import type { EscalationDeps } from './context.ts';
import { escalationIdsOf } from './referral-escalations.ts';
import { showing, showsOlderThan } from './referral-summary.ts';

export { escalationIdsOf };

/**
 * Keeps the board in step with the referral: resolves the referral's escalations that its progress
 * answered (the arrival confirmed, an accompanier found, a later deadline overdue, the referral
 * closed…), and brings the others' summary of it up to date (referral-summary.ts: the version the
 * board's actions send as If-Match, the appointment, the urgency). Run by a consumer on every event of
 * the referral, and when a new escalation is put on the board. Returns those it resolved. A concurrent
 * change of an escalation (a coordinator acknowledging it) makes this run fail with `conflict`, and the
 * event is retried.
 */
export async function resolveForReferral(
  deps: EscalationDeps,
  referralOrId: string | Referral,
): Promise<BoardEscalation[]> {
  const r = typeof referralOrId === 'string' ? await deps.store.get(referralOrId) : referralOrId;
  if (!r) return [];
  const resolved: BoardEscalation[] = [];
  for (const id of escalationIdsOf(r)) {
    const e = await deps.escalations.get(id);
    if (!e || e.state === 'resolved') continue;
    if (resolveOnProgress(e, r).state === 'resolved') resolved.push(await saveResolved(deps, e));
    // Nothing to tell anyone: only what the board shows of the referral moved.
    else if (showsOlderThan(e, r))
      await deps.escalations.save({ ...showing(e, r), version: e.version + 1 }, e.version, []);
  }
  return resolved;
}

/** Writes an escalation as resolved now, on the version read. */
export async function saveResolved(deps: EscalationDeps, e: BoardEscalation): Promise<BoardEscalation> {
  if (e.state === 'resolved') throw new DomainError('invalid_state', 'Already resolved.');
  const now = deps.clock.now().toISOString();
  const saved: BoardEscalation = {
    ...withoutClimb(e),
    state: 'resolved',
    version: e.version + 1,
    resolvedAt: now,
  };
  const event = makeEvent(
    { id: e.referralId, org: e.org },
    { now, actor: SWEEP_ACTOR, newId: deps.newId },
    'escalation.resolved',
    { escalationId: e.id, kind: e.kind },
  );
  await deps.escalations.save(saved, e.version, [event]);
  return saved;
}
