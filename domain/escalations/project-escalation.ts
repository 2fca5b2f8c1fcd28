import type { EventOf } from '../../events/catalog.ts';
import { actionFor, type Escalation } from '../timers/escalation.ts';
import type { BoardEscalation } from '../timers/ports.ts';
import type { EscalationDeps } from './context.ts';
import { showing } from './referral-summary.ts';
import { resolveForReferral } from './resolve-escalations.ts';
import { climbAt } from './settings.ts';

/**
 * Puts a newly raised escalation on the board (the consumer of `escalation.raised`). The referral's
 * conditional write raised it once; creating the board item is conditional too, so a repeated delivery
 * changes nothing. A climb (an event without `deadline`) was written on the board item by the sweep
 * already. Should the referral have moved on meanwhile (the arrival confirmed late), the escalation is
 * resolved at once. The board item shows the referral as the projection read it (referral-summary.ts),
 * so that the board names it without reading it.
 */
export async function projectRaised(
  deps: EscalationDeps,
  event: EventOf<'escalation.raised'>,
): Promise<void> {
  const { data } = event;
  const r = await deps.store.get(event.referralId);
  if (data.deadline !== undefined) {
    const base: Escalation = {
      id: data.escalationId,
      referralId: event.referralId,
      org: event.org,
      kind: data.kind,
      level: data.level,
      since: new Date(Date.parse(event.at)).toISOString(),
      state: 'open',
      urgency: data.urgency,
      action: actionFor(data.kind),
    };
    const raisedAt = base.since;
    const climb = climbAt(base, raisedAt, deps.escalationSettings);
    const e: BoardEscalation = { ...base, version: 1, raisedAt, ...(climb ? { climbAt: climb } : {}) };
    await deps.escalations.create(r ? showing(e, r) : e, []);
  }
  if (r) await resolveForReferral(deps, r);
}
