import { STATUSES } from '../../../../domain/referral/model.ts';
import { enPages } from '../../../ui/locales/pages/en.ts';
import { DEFAULT_TIME_ZONE, type Locale } from '../../../ui/messages.ts';
import type { AnyReferralView } from '../../views/need-to-know-view.ts';
import { renderHtml, type SignedInAs } from '../layout.tsx';
import { actionLabel, formatTime as formatTimeIn, statusLabel } from '../referral-words.ts';
import { ReferralPage } from './views.tsx';

/*
 * What the social worker's pages (pages/referrals) imported from here before the accompanier's pages
 * became components (views.tsx) and their words moved to the staff catalogue (referral-words.ts): kept,
 * in English as before, so that those pages need no change in the same round. New code imports
 * referral-words.ts and views.tsx.
 */

export const STATUS_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  STATUSES.map((s) => [s, statusLabel('en', s)]),
);

const ACTION_PREFIX = 'staff.action.';
export const ACTION_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(enPages)
    .filter((k) => k.startsWith(ACTION_PREFIX))
    .map((k) => k.slice(ACTION_PREFIX.length))
    .map((action) => [action, actionLabel('en', action)]),
);

/** A time as people read it on a phone, in English: "Wed 25 Nov, 14:30". */
export const formatTime = (at: string, timeZone = DEFAULT_TIME_ZONE): string =>
  formatTimeIn(at, { locale: 'en', timeZone });

export interface ReferralPageInput {
  readonly signedInAs: SignedInAs;
  readonly locale?: Locale;
  readonly timeZone?: string;
  readonly referral: AnyReferralView;
}

/** A referral's page for a view below the referring organisation's (views.tsx `ReferralPage`). */
export function referralPage({
  signedInAs,
  referral,
  locale = 'en',
  timeZone = DEFAULT_TIME_ZONE,
}: ReferralPageInput) {
  return renderHtml(ReferralPage({ signedInAs, referral, where: { locale, timeZone } }));
}
