import type { Caller } from '../../../domain/caller.ts';
import { reachThrough } from '../../../domain/referral/load-referral.ts';
import type { EscalationKind } from '../../../domain/timers/escalation.ts';
import type { BoardEscalation } from '../../../domain/timers/ports.ts';
import type { EscalationView } from '../schemas/escalations.ts';
import { exactly } from './exact.ts';

const asEscalationView = exactly<EscalationView>();

type Link = { readonly method: 'GET' | 'POST'; readonly href: string };

/**
 * The referral routes that answer each kind (name, path under the referral), and whether only the
 * referring organisation may use them (`true`; otherwise a network coordinator it reached may too): the
 * outcome, the follow-up, a question's answer, an absence's end are the case's, not the network's. "Seen again" ends an absence only while the appointment is
 * still ahead (rules/mark-seen-again.ts), which the board item does not say: not linked.
 */
const ANSWERED_BY: Readonly<Record<EscalationKind, readonly (readonly [string, string, true?])[]>> = {
  candidates_exhausted: [['reoffer', 'offers']],
  no_accompanier: [['reassign', 'accompaniment']],
  arrival_unconfirmed: [['reassign', 'accompaniment']],
  outcome_missing: [['outcome', 'outcome', true]],
  // The outcome is recorded already: the follow-up is done or moved on its own route.
  follow_up_due: [['followUp', 'follow-up', true]],
  question_unanswered: [['answer', 'answer', true]],
  absence_unresolved: [
    ['reschedule', 'reschedule', true],
    ['close', 'close', true],
  ],
};

/**
 * An escalation as the board API shows it, with where to act: acknowledging it, and, when the caller
 * reaches the referral behind it (load-referral.ts: their organisation's, or another's escalated to the
 * network coordinators), the referral and the existing referral routes that answer it (`ANSWERED_BY`).
 * A link is shown only where following it works.
 */
export function escalationView(e: BoardEscalation, caller: Pick<Caller, 'org' | 'roles'>): EscalationView {
  const ref = `/v1/referrals/${encodeURIComponent(e.referralId)}`;
  const reach = reachThrough(caller, e);
  const links: Record<string, Link> = {};
  if (reach) links.referral = { method: 'GET', href: ref };
  if (e.state !== 'resolved') {
    if (e.state === 'open')
      links.acknowledge = { method: 'POST', href: `/v1/escalations/${encodeURIComponent(e.id)}/ack` };
    for (const [name, path, only] of reach ? ANSWERED_BY[e.kind] : []) {
      if (!only || reach === 'organisation') links[name] = { method: 'POST', href: `${ref}/${path}` };
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
