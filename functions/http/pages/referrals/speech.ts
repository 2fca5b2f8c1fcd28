import type { Status } from '../../../../domain/referral/model.ts';
import { catalogue, type Locale, type Params, type TextKey, t } from '../../../ui/messages.ts';
import { actionLabel, statusLabel } from '../referral-words.ts';

/*
 * How the referral pages speak: in the staff member's locale, dates in the organisation's time zone
 * (pages/locale.ts decides both). Codes (statuses, timeline actions, reasons) are named through the
 * staff catalogue; a code it has no words for is shown as it is rather than failing the page.
 */

export interface Speech {
  readonly locale: Locale;
  readonly timeZone: string;
}

/** A text of the staff catalogue in the page's locale. */
export const say = (s: Speech, key: TextKey, params: Params = {}): string => t(s.locale, key, params);

/** The text under `prefix + code` when the catalogue has one, else the code in words. */
export function named(s: Speech, prefix: string, code: string): string {
  const key = `${prefix}${code}`;
  return key in catalogue(s.locale).text ? t(s.locale, key as TextKey) : code.replaceAll('_', ' ');
}

/** A status in words: the same words every referral page uses (referral-words.ts, one home). */
export const statusName = (s: Speech, status: Status | string): string => statusLabel(s.locale, status);

/** A timeline entry's action in words (referral-words.ts, one home). */
export const eventName = (s: Speech, action: string): string => actionLabel(s.locale, action);

/** A time as people read it on a page: "mer. 25 nov., 14:30", in the organisation's time zone. */
export function timeOf(s: Speech, at: string): string {
  return new Intl.DateTimeFormat(catalogue(s.locale).intl, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: s.timeZone,
  }).format(new Date(at));
}
