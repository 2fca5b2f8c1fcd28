import type { ActorRole, CloseReason, Status } from '../../../domain/referral/model.ts';
import { catalogue, DEFAULT_TIME_ZONE, type Locale, type TextKey, t } from '../../ui/messages.ts';

/*
 * The words and times every page about a referral shows alike (the accompanier's page, a referral's
 * page, a person's page): a status, a timeline action, a role, in the page's language from the staff
 * catalogue (functions/ui/locales/pages), and times in the organisation's time zone.
 */

/** Where a page's words and times come from: the staff member's language, the organisation's zone. */
export interface PageWhere {
  readonly locale: Locale;
  readonly timeZone: string;
}

/** A known key of the catalogue, or undefined (a value stored before its words existed). */
const known = (locale: Locale, key: string): TextKey | undefined =>
  key in catalogue(locale).text ? (key as TextKey) : undefined;

/** A word of the catalogue by its key; the value itself when the catalogue has no word for it. */
const wordOr = (locale: Locale, key: string, value: string): string => {
  const k = known(locale, key);
  return k ? t(locale, k) : value.replace(/_/g, ' ');
};

export const statusLabel = (locale: Locale, status: Status | string): string =>
  wordOr(locale, `staff.status.${status}`, status);

/** A timeline entry's action (`offer.sent`) in words. */
export const actionLabel = (locale: Locale, action: string): string =>
  wordOr(locale, `staff.action.${action}`, action);

export const roleLabel = (locale: Locale, role: ActorRole | string): string =>
  wordOr(locale, `staff.role.${role}`, role);

export const closeReasonLabel = (locale: Locale, reason: CloseReason | string): string =>
  wordOr(locale, `staff.close.${reason}`, reason);

/** A time as people read it on a phone: "Wed 25 Nov, 14:30", "mer. 25 nov., 14:30". */
export function formatTime(at: string, { locale, timeZone }: PageWhere): string {
  return new Intl.DateTimeFormat(catalogue(locale).intl, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(at));
}

/** The calendar day of an instant in the zone, `YYYY-MM-DD`: to tell today from later. */
export function dayOf(at: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(at);
}
