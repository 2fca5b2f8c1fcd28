import type { Referral } from '../../domain/referral/model.ts';
import type { RelaisEvent } from '../../events/catalog.ts';
import type { Deps } from '../lib/deps.ts';
import { teamFeed } from '../lib/feeds.ts';

const STAFF_ROLES = new Set(['social_worker', 'accompanier', 'coordinator', 'network_coordinator', 'admin']);

/** The staff member who opened the referral (the referring worker), if a staff member did. */
export const referringWorker = (r: Referral): string | undefined =>
  STAFF_ROLES.has(r.createdBy.role) ? r.createdBy.id : undefined;

/** Staff of the referring organisation who see its whole referrals, and so read its team feed. */
const TEAM_ROLES = new Set(['social_worker', 'coordinator']);

/**
 * Adds an item to the feed of each recipient, once per event and recipient (the store makes a repeat a
 * no-op), skipping whoever did it: they know. With `team`, the referring organisation's team feed gets
 * it too (colleagues see what happened while the creator is away; the creator reads it once), unless
 * a member of that team did it.
 */
export async function tellStaff(
  deps: Pick<Deps, 'notifications'>,
  r: Referral,
  event: RelaisEvent,
  kind: string,
  recipients: readonly (string | undefined)[],
  options: { readonly team?: boolean } = {},
): Promise<number> {
  const subs = new Set(recipients.filter((s): s is string => !!s && s !== event.actor.id));
  for (const sub of subs) {
    await deps.notifications.add(
      { sub, org: r.org },
      { id: `${event.id}:${sub}`, at: event.at, kind, referralId: r.id, eventId: event.id },
    );
  }
  if (options.team && !TEAM_ROLES.has(event.actor.role)) {
    await deps.notifications.add(
      { group: teamFeed(r.org), org: r.org },
      { id: `${event.id}:team`, at: event.at, kind, referralId: r.id, eventId: event.id },
    );
  }
  return subs.size;
}

/** The staff page of a referral (behind sign-in): where an email sends staff, never the details. */
export const referralPageUrl = (deps: Pick<Deps, 'settings'>, referralId: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/app/referrals/${encodeURIComponent(referralId)}`;
