import type { Mail } from '../../../domain/ports.ts';
import { type Locale, t } from '../../ui/messages.ts';
import { assertNoHealthData, type NoHealthData } from '../../ui/no-health-data.ts';
import { renderMail } from './layout.ts';

export const STAFF_NOTIFICATION_KINDS = [
  'outcome_recorded',
  'info_requested',
  'advice_returned',
  'appointment_scheduled',
  'escalation',
] as const;
export type StaffNotificationKind = (typeof STAFF_NOTIFICATION_KINDS)[number];

export type StaffNotificationEmailInput = NoHealthData<{
  readonly to: string;
  readonly locale: Locale;
  readonly kind: StaffNotificationKind;
  /** Where in Relais to look (a referral page, the board); the details are shown there, behind login. */
  readonly link: string;
}>;

/** Tells a staff member that something happened, and nothing of what: "open Relais". */
export function staffNotificationEmail(input: StaffNotificationEmailInput): Mail {
  assertNoHealthData(input);
  const { to, locale, kind, link } = input;
  if (!STAFF_NOTIFICATION_KINDS.includes(kind)) throw new TypeError('Unknown staff notification kind');
  return renderMail({
    to,
    locale,
    subject: t(locale, `staff.${kind}.subject`),
    blocks: [
      { kind: 'paragraph', text: t(locale, `staff.${kind}.body`) },
      { kind: 'paragraph', text: t(locale, 'staff.open') },
      { kind: 'button', label: t(locale, 'staff.button'), href: link },
    ],
    footer: [t(locale, 'staff.why'), t(locale, 'email.signature')],
  });
}
