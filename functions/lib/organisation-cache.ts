import type { Organisation } from '../../domain/directory/model.ts';
import type { Deps } from './deps.ts';

/**
 * How long a process keeps an organisation it read for a page or an event. Every signed-in page needs
 * its organisation's locale and zone, nearly every event its desk address, locale and name, and the
 * offer planner its country: values an administrator changes a few times a year, read again and again
 * within a minute. The price: after such a change, a warm process shows the old default language or
 * zone, sends to the old desk address or matches in the old country for at most this long (a staff
 * member's own language choice, the cookie, is never cached). An organisation not found is not kept:
 * one created a moment later is seen at once.
 */
export const ORGANISATION_CACHE_MS = 30_000;

/** Per store, so that two apps in one process (the tests' harnesses) never see each other's data. */
const cached = new WeakMap<object, Map<string, { readonly org: Organisation; readonly until: number }>>();

/**
 * The organisation `id`, from this process's copy when it was read less than
 * {@link ORGANISATION_CACHE_MS} ago. For the readers that tolerate that delay (pages' locale, emails,
 * the offer planner's country); an organisation's own pages and routes, which change it, read it fresh.
 * A failed read is thrown, not kept.
 */
export async function organisationOf(
  deps: Pick<Deps, 'organisations'>,
  id: string,
): Promise<Organisation | undefined> {
  let byId = cached.get(deps.organisations);
  if (!byId) {
    byId = new Map();
    cached.set(deps.organisations, byId);
  }
  const now = performance.now();
  const hit = byId.get(id);
  if (hit && hit.until > now) return hit.org;
  const org = await deps.organisations.get(id);
  if (org) byId.set(id, { org, until: now + ORGANISATION_CACHE_MS });
  else byId.delete(id);
  return org;
}
