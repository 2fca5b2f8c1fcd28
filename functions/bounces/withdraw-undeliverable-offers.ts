import { refillSlots } from '../../domain/matching/offer-slots.ts';
import type { Transition } from '../../domain/ports.ts';
import { changeReferral } from '../../domain/referral/change-referral.ts';
import type { Actor, Referral } from '../../domain/referral/model.ts';
import * as Rules from '../../domain/referral/rules/index.ts';
import { combine, unchanged } from '../../domain/referral/transition.ts';
import type { Deps } from '../lib/deps.ts';
import { useCaseDeps } from '../lib/use-case-deps.ts';
import { pauseFailing } from './pause-on-ses-event.ts';

/** Who withdraws an offer nobody can receive: the mail service's report, not a person. */
export const MAIL_DELIVERY_ACTOR: Actor = { role: 'system', id: 'mail-delivery' };

/** Reads of the due index, per shard: pending offers are a small part of the table. */
const PAGE = 100;
/** Every deadline, however far: the due index holds each referral with a pending deadline once. */
const ANY_TIME = '9999-12-31T00:00:00.000Z';

/**
 * The referrals with a pending offer to one of these specialists. Every pending offer has its deadline
 * (its expiry), so its referral is on the sparse due index: read shard by shard, it holds the referrals
 * with something pending, never the whole table, and no index by specialist is needed for an event as
 * rare as a bounce.
 */
export async function referralsOfferedTo(
  deps: Pick<Deps, 'dueIndex'>,
  specialistIds: ReadonlySet<string>,
): Promise<Referral[]> {
  const found = new Map<string, Referral>();
  for (let shard = 0; shard < deps.dueIndex.shards; shard++) {
    let start: Parameters<Deps['dueIndex']['listDue']>[2]['start'];
    do {
      const page = await deps.dueIndex.listDue(shard, ANY_TIME, { limit: PAGE, ...(start ? { start } : {}) });
      for (const item of page.items) {
        if (item.type !== 'referral') continue;
        const r = item.referral;
        if (r.offers.some((o) => o.state === 'pending' && specialistIds.has(o.specialistId)))
          found.set(r.id, r);
      }
      start = page.next;
    } while (start);
  }
  return [...found.values()];
}

/**
 * Withdraws every pending offer to these specialists at once, each referral in one write through the
 * write path, with the offer planner offering the next candidates in the same write (or recording that
 * nobody is left). The `offer.withdrawn` events (why `undeliverable`) tell the organisation's
 * coordinators (consumers/tell-coordinators.ts). Idempotent: a repeat finds nothing pending.
 */
export async function withdrawUndeliverableOffers(
  deps: Deps,
  specialistIds: readonly string[],
): Promise<{ readonly referrals: readonly string[]; readonly offers: number }> {
  if (specialistIds.length === 0) return { referrals: [], offers: 0 };
  const ids = new Set(specialistIds);
  const uc = useCaseDeps(deps);
  const changed: string[] = [];
  let offers = 0;
  for (const read of await referralsOfferedTo(deps, ids)) {
    let withdrawnHere = 0;
    await changeReferral(
      uc,
      read.id,
      async (r, at) => {
        const ctx = { ...at, actor: MAIL_DELIVERY_ACTOR };
        const steps: Transition[] = [];
        let current = r;
        for (const o of r.offers) {
          if (o.state !== 'pending' || !ids.has(o.specialistId)) continue;
          const step = Rules.withdrawUndeliverable(current, { offerId: o.id }, ctx);
          steps.push(step);
          current = step.referral;
        }
        withdrawnHere = steps.filter((s) => s.events.length > 0).length;
        if (withdrawnHere === 0) return unchanged(r);
        // The offer planner fills the freed slots, as after a decline or an expiry.
        return combine(r, ...steps, await refillSlots(uc, current, ctx));
      },
      { read },
    );
    if (withdrawnHere > 0) {
      changed.push(read.id);
      offers += withdrawnHere;
    }
  }
  return { referrals: changed, offers };
}

/**
 * An SES bounce or complaint: the specialists it names are paused in matching (pause-on-ses-event.ts),
 * and their pending offers are withdrawn at once, the next candidates offered.
 */
export async function handleSesEvent(input: unknown, deps: Deps) {
  const { outcome, failing } = await pauseFailing(input, deps);
  const withdrawn = await withdrawUndeliverableOffers(
    deps,
    failing.map((s) => s.id),
  );
  deps.logger.info('pending offers withdrawn after a delivery failure', {
    referrals: withdrawn.referrals,
    offers: withdrawn.offers,
  });
  return { ...outcome, withdrawn };
}
