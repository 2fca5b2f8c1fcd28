import type { NotificationTo } from '../../domain/ports.ts';
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

/** What a feed item says of its referral: which, and whose feeds it goes to (its organisation's). */
export type NotedReferral = Pick<Referral, 'id' | 'org'>;

/** {@link NotedReferral} from the event alone (its referral and organisation), for a consumer that reads none. */
export const notedReferralOf = (event: Pick<RelaisEvent, 'referralId' | 'org'>): NotedReferral => ({
  id: event.referralId,
  org: event.org,
});

/**
 * The feed items of an event about `r` for each recipient, once per event and recipient (the store makes
 * a repeat a no-op), skipping whoever did it: they know. With `team`, the referring organisation's team
 * feed gets it too (colleagues see what happened while the creator is away; the creator reads it once),
 * unless a member of that team did it.
 */
export function staffNotes(
  r: NotedReferral,
  event: RelaisEvent,
  kind: string,
  recipients: readonly (string | undefined)[],
  options: { readonly team?: boolean } = {},
): NotificationTo[] {
  const subs = new Set(recipients.filter((s): s is string => !!s && s !== event.actor.id));
  const note = (id: string) => ({ id, at: event.at, kind, referralId: r.id, eventId: event.id });
  const notes: NotificationTo[] = [...subs].map((sub) => ({
    recipient: { sub, org: r.org },
    n: note(`${event.id}:${sub}`),
  }));
  if (options.team && !TEAM_ROLES.has(event.actor.role)) {
    notes.push({ recipient: { group: teamFeed(r.org), org: r.org }, n: note(`${event.id}:team`) });
  }
  return notes;
}

/**
 * Adds {@link staffNotes} to the feeds, all at once: one erasure pointer for the event, whatever the
 * number of feeds. How many staff members were told.
 */
export async function tellStaff(
  deps: Pick<Deps, 'notifications'>,
  r: NotedReferral,
  event: RelaisEvent,
  kind: string,
  recipients: readonly (string | undefined)[],
  options: { readonly team?: boolean } = {},
): Promise<number> {
  const notes = staffNotes(r, event, kind, recipients, options);
  await addNotes(deps, notes);
  return notes.filter((x) => 'sub' in x.recipient).length;
}

/** Adds feed items, all at once; nothing at all when there are none. */
export async function addNotes(
  deps: Pick<Deps, 'notifications'>,
  notes: readonly NotificationTo[],
): Promise<void> {
  if (notes.length > 0) await deps.notifications.addAll(notes);
}

/** The staff page of a referral (behind sign-in): where an email sends staff, never the details. */
export const referralPageUrl = (deps: Pick<Deps, 'settings'>, referralId: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/app/referrals/${encodeURIComponent(referralId)}`;
