import { projectRaised } from '../../domain/escalations/project-escalation.ts';
import { escalationIdsOf, resolveForReferral } from '../../domain/escalations/resolve-escalations.ts';
import { EVENT_TYPES, type EventType } from '../../events/catalog.ts';
import type { Deps } from '../lib/deps.ts';
import { escalationDepsOf } from '../lib/use-case-deps.ts';
import type { Consumer } from './dispatch.ts';
import { referralOf } from './referral-of-event.ts';

/**
 * Events written on the escalation items themselves: nothing on the referral moved. (A reminder is the
 * referral's: it moves its version, which the board's forms send as If-Match.)
 */
const NOT_PROGRESS: readonly EventType[] = ['escalation.acknowledged', 'escalation.resolved'];

/**
 * The coordinator board, projected from events. `escalation.raised` puts a new escalation on the board;
 * every other event of a referral that has escalations resolves those its progress answered (the arrival
 * confirmed late, an accompanier found, a later deadline overdue, the referral closed…) and shows the
 * referral as it is now on the others (resolve-escalations.ts). That is where "resolving the cause
 * resolves the escalation" happens: after the cause's own write, within the event delivery, idempotent
 * (conditional writes) and retried on failure.
 */
export const escalationBoard: Consumer<Deps> = {
  name: 'escalation-board',
  // Its writes are conditional (the board item created once, an escalation resolved on its version).
  idempotent: true,
  handles: EVENT_TYPES.filter((t) => !NOT_PROGRESS.includes(t)),
  async handle(event, deps) {
    const escDeps = escalationDepsOf(deps);
    if (event.type === 'escalation.raised') {
      await projectRaised(escDeps, event);
      return;
    }
    // A referral with no escalation raised (the event says so, since this release) has nothing to
    // resolve: no read. An event that does not say reads the referral to find out.
    if (event.escalated === false) return;
    const r = await referralOf(deps, event);
    if (!r || escalationIdsOf(r).length === 0) return;
    const resolved = await resolveForReferral(escDeps, r);
    if (resolved.length > 0) {
      deps.logger.info('escalations resolved', {
        consumer: 'escalation-board',
        referralId: r.id,
        escalationIds: resolved.map((e) => e.id),
      });
    }
  },
};
