import { confirmAppointment } from './confirm-appointment.ts';
import type { Consumer } from './dispatch.ts';
import { notifyEscalation } from './notify-escalation.ts';
import type { NotifyDeps } from './notify-parts.ts';
import { sendAddressConfirmation } from './send-address-confirmation.ts';
import { sendOfferEmail } from './send-offer-email.ts';
import { sendReminder } from './send-reminder.ts';
import { tellAccompanier } from './tell-accompanier.ts';
import { tellOutcome } from './tell-outcome.ts';
import { tellReferrer } from './tell-referrer.ts';
import { tellRescheduled } from './tell-rescheduled.ts';
import { tellInDoubt, tellTaken } from './tell-specialists.ts';
import { tellWithdrawn } from './tell-withdrawn.ts';

/**
 * The consumers the notify function runs on AWS: those that send email. See functions/consumers/
 * groups.ts for why the consumers are split in two functions.
 */
export const NOTIFY_CONSUMERS: readonly Consumer<NotifyDeps>[] = [
  sendOfferEmail,
  confirmAppointment,
  tellReferrer,
  tellOutcome,
  tellRescheduled,
  tellWithdrawn,
  tellTaken,
  tellInDoubt,
  tellAccompanier,
  notifyEscalation,
  sendReminder,
  sendAddressConfirmation,
];
