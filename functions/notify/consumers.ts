import { confirmAppointment } from '../consumers/confirm-appointment.ts';
import type { Consumer } from '../consumers/dispatch.ts';
import { notifyEscalation } from '../consumers/notify-escalation.ts';
import { sendOfferEmail } from '../consumers/send-offer-email.ts';
import { sendReminder } from '../consumers/send-reminder.ts';
import { tellOutcome } from '../consumers/tell-outcome.ts';
import { tellReferrer } from '../consumers/tell-referrer.ts';
import { tellRescheduled } from '../consumers/tell-rescheduled.ts';
import { tellWithdrawn } from '../consumers/tell-withdrawn.ts';
import type { Deps } from '../lib/deps.ts';

/**
 * The consumers the notify function runs on AWS: those that send email. See functions/consumers/
 * groups.ts for why the consumers are split in two functions.
 */
export const NOTIFY_CONSUMERS: readonly Consumer<Deps>[] = [
  sendOfferEmail,
  confirmAppointment,
  tellReferrer,
  tellOutcome,
  tellRescheduled,
  tellWithdrawn,
  notifyEscalation,
  sendReminder,
];
