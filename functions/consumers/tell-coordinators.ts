import type { Deps } from '../lib/deps.ts';
import { coordinatorsFeed } from '../lib/feeds.ts';
import type { Consumer } from './dispatch.ts';
import { consumerLog } from './specialist-mail.ts';

/**
 * offer.withdrawn because the specialist's mail bounced or was reported as spam → the referring
 * organisation's coordinators see it in their group feed, beside the board's escalations: the offer went
 * to the next candidate already, but the directory entry needs someone to fix the address or talk to the
 * specialist (they stay paused until then). A feed notice rather than an escalation: there is no
 * deadline to climb, and the referral itself is not stuck.
 */
export const tellUndeliverable: Consumer<Deps> = {
  name: 'tell-undeliverable',
  handles: ['offer.withdrawn'],
  // A feed item keyed by the event: a repeat writes nothing new.
  idempotent: true,
  accepts: (event) => event.type === 'offer.withdrawn' && event.data.why === 'undeliverable',
  async handle(event, deps) {
    if (event.type !== 'offer.withdrawn' || event.data.why !== 'undeliverable') return;
    await deps.notifications.add(
      { group: coordinatorsFeed(event.org), org: event.org },
      {
        id: event.id,
        at: event.at,
        kind: 'offer_undeliverable',
        referralId: event.referralId,
        eventId: event.id,
      },
    );
    consumerLog(deps, 'tell-undeliverable', event).info('coordinators told of an undeliverable offer', {
      specialistId: event.data.specialistId,
    });
  },
};
