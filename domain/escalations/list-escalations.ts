import type { Caller } from '../caller.ts';
import { DomainError } from '../errors.ts';
import type { EscalationKind, EscalationState } from '../timers/escalation.ts';
import type { BoardScope, EscalationPage } from '../timers/ports.ts';
import { canSee, type EscalationDeps, isNetworkCoordinator, seesEscalation } from './context.ts';

export interface ListEscalationsQuery {
  readonly state: EscalationState;
  readonly kind?: EscalationKind;
  /** A network coordinator may narrow the network board to one organisation. */
  readonly org?: string;
  readonly cursor?: string;
  readonly limit: number;
}

/**
 * The caller's board: their organisation's escalations for a coordinator; for a network coordinator the
 * network's (or one organisation's, filtered), of which another organisation's only while they reach it
 * (`seesEscalation`). Anyone else is refused.
 */
export async function listEscalations(
  deps: Pick<EscalationDeps, 'escalations'>,
  caller: Caller,
  q: ListEscalationsQuery,
): Promise<EscalationPage & { readonly scope: BoardScope }> {
  const scope = boardScope(caller, q.org);
  const page = await deps.escalations.listBoard(scope, q.state, {
    kind: q.kind,
    shows: (e) => seesEscalation(caller, e),
    cursor: q.cursor,
    limit: q.limit,
  });
  return { ...page, scope };
}

/** The board a caller may read, narrowed to `org` when asked (and allowed). */
export function boardScope(caller: Caller, org?: string): BoardScope {
  if (org !== undefined) {
    if (!canSee(caller, org)) throw new DomainError('forbidden', 'You cannot see this organisation’s board.');
    return { org };
  }
  if (isNetworkCoordinator(caller)) return { network: true };
  if (caller.roles.includes('coordinator')) return { org: caller.org };
  throw new DomainError('forbidden', 'Only coordinators see the board.');
}
