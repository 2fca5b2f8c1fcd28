import { DomainError } from '../errors.ts';
import type { Referral } from '../referral/model.ts';
import { makeEvent } from '../referral/transition.ts';
import { resolveOnProgress } from '../timers/escalation.ts';
import { SWEEP_ACTOR } from '../timers/fire-due.ts';
import type { BoardEscalation } from '../timers/ports.ts';
import { withoutClimb } from './acknowledge-escalation.ts';
import type { EscalationDeps } from './context.ts';
import { escalationIdsOf } from './referral-escalations.ts';

export { escalationIdsOf };

/**
 * Resolves the referral's escalations that its progress answered (the arrival confirmed, an accompanier
 * found, the referral closed…): run by a consumer on every event of the referral, and by the sweep
 * before an escalation climbs. Returns those it resolved. A concurrent change of an escalation (a
 * coordinator acknowledging it) makes this run fail with `conflict`, and the event is retried.
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
    const next = resolveOnProgress(e, r);
    if (next.state !== 'resolved') continue;
    resolved.push(await saveResolved(deps, e));
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
