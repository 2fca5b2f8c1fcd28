import type { EventType } from '../../events/catalog.ts';
import type { Deps } from '../lib/deps.ts';
import type { Consumer } from './dispatch.ts';
import { referralOf } from './referral-of-event.ts';
import { addNotes, notedReferralOf, referringWorker, staffNotes, tellStaff } from './staff-feed.ts';

const TEAM = { team: true } as const;

const HANDLED = [
  'accompaniment.assigned',
  'person.absent',
  'person.seen_again',
] as const satisfies EventType[];

/**
 * The staff side of an accompaniment, in the feeds (no email): an accompanier assigned by someone else
 * is told (and the one it was taken from, on a reassignment); the referring worker is told when the
 * person was not at the meeting point (someone has to find them) and when they are back.
 */
export const tellAccompaniment: Consumer<Deps> = {
  name: 'tell-accompaniment',
  // Feed items only, keyed by the event (tellStaff): a repeat writes nothing new.
  idempotent: true,
  handles: HANDLED,
  async handle(event, deps) {
    if (event.type === 'accompaniment.assigned') {
      // The one assigned and the one it was taken from, in one write of the feeds (one erasure pointer).
      // The event names them, its referral and its organisation: no read of the referral. (An assigned
      // referral is open, and erasure waits for it to be closed and told: retention.ts.)
      const r = notedReferralOf(event);
      await addNotes(deps, [
        ...staffNotes(r, event, 'accompaniment_assigned', [event.data.accompanierId]),
        ...staffNotes(r, event, 'accompaniment_unassigned', [event.data.previousAccompanierId]),
      ]);
      return;
    }
    // The referring worker and the accompanier are the referral's: read.
    const r = await referralOf(deps, event);
    if (!r) return;
    switch (event.type) {
      case 'person.absent':
        await tellStaff(deps, r, event, 'person_absent', [referringWorker(r)], TEAM);
        return;
      case 'person.seen_again':
        await tellStaff(
          deps,
          r,
          event,
          'person_seen_again',
          [referringWorker(r), r.accompaniment.accompanierId],
          TEAM,
        );
        return;
      default:
        return;
    }
  },
};
