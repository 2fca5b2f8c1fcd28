import type { Caller } from '../../../domain/caller.ts';
import { reachThrough } from '../../../domain/referral/load-referral.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import type { EscalationView } from '../schemas/escalations.ts';
import { exactly } from './exact.ts';

const asEscalationView = exactly<EscalationView>();

type Link = { readonly method: 'GET' | 'POST'; readonly href: string };

/**
 * An escalation as the board API shows it, with where to act: acknowledging it, and, when the caller
 * reaches the referral behind it (load-referral.ts: their organisation's, or another's escalated to the
 * network coordinators), the referral and the existing referral routes that answer it (re-offer,
 * reassign the accompaniment; recording the outcome and the follow-up stay with the referring
 * organisation). A link is shown only where following it works.
 */
export function escalationView(e: BoardEscalation, caller: Pick<Caller, 'org' | 'roles'>): EscalationView {
  const ref = `/v1/referrals/${encodeURIComponent(e.referralId)}`;
  const reach = reachThrough(caller, e);
  const links: Record<string, Link> = {};
  if (reach) links.referral = { method: 'GET', href: ref };
  if (e.state !== 'resolved') {
    if (e.state === 'open')
      links.acknowledge = { method: 'POST', href: `/v1/escalations/${encodeURIComponent(e.id)}/ack` };
    switch (reach && e.kind) {
      case 'candidates_exhausted':
        links.reoffer = { method: 'POST', href: `${ref}/offers` };
        break;
      case 'no_accompanier':
      case 'arrival_unconfirmed':
        links.reassign = { method: 'POST', href: `${ref}/accompaniment` };
        break;
      case 'outcome_missing':
        if (reach === 'organisation') links.outcome = { method: 'POST', href: `${ref}/outcome` };
        break;
      case 'follow_up_due':
        // The outcome is recorded already: the follow-up is done or moved on its own route.
        if (reach === 'organisation') links.followUp = { method: 'POST', href: `${ref}/follow-up` };
        break;
    }
  }
  return asEscalationView({
    id: e.id,
    referralId: e.referralId,
    org: e.org,
    kind: e.kind,
    level: e.level,
    since: e.since,
    state: e.state,
    urgency: e.urgency,
    action: e.action,
    version: e.version,
    ...(e.acknowledgedAt ? { acknowledgedAt: e.acknowledgedAt } : {}),
    ...(e.resolvedAt ? { resolvedAt: e.resolvedAt } : {}),
    links,
  });
}
