import type { Deps } from '../lib/deps.ts';
import { confirmAppointment } from './confirm-appointment.ts';
import type { Consumer } from './dispatch.ts';
import { escalationBoard } from './escalation-board.ts';
import { notifyEscalation } from './notify-escalation.ts';
import { projectSpecialistLoad } from './project-specialist-load.ts';
import { sendAddressConfirmation } from './send-address-confirmation.ts';
import { sendOfferEmail } from './send-offer-email.ts';
import { sendReminder } from './send-reminder.ts';
import { statsProjection } from './stats-projection.ts';
import { tellAccompanier } from './tell-accompanier.ts';
import { tellAccompaniment } from './tell-accompaniment.ts';
import { tellUndeliverable } from './tell-coordinators.ts';
import { tellOutcome } from './tell-outcome.ts';
import { tellReferrer } from './tell-referrer.ts';
import { tellRescheduled } from './tell-rescheduled.ts';
import { tellInDoubt, tellTaken } from './tell-specialists.ts';
import { tellWithdrawn } from './tell-withdrawn.ts';

/**
 * Every reaction to events, in one list: the local runtime's in-process bus and the AWS consumer
 * function both dispatch to it (each consumer at most once per event id). Add a line per consumer.
 */
export const CONSUMERS: readonly Consumer<Deps>[] = [
  sendOfferEmail,
  confirmAppointment,
  tellReferrer,
  projectSpecialistLoad,
  tellOutcome,
  tellRescheduled,
  tellWithdrawn,
  tellTaken,
  tellInDoubt,
  tellAccompanier,
  tellUndeliverable,
  tellAccompaniment,
  escalationBoard,
  notifyEscalation,
  sendReminder,
  statsProjection,
  sendAddressConfirmation,
];
