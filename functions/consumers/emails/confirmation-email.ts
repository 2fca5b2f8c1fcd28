import type { Mail } from '../../../domain/ports.ts';
import { t } from '../../ui/messages.ts';
import { assertNoHealthData } from '../../ui/no-health-data.ts';
import { type AppointmentEmailInput, appointmentEmail } from './appointment-email.ts';

export type ConfirmationEmailInput = AppointmentEmailInput;

/** Confirms an accepted appointment to the specialist, with a calendar invitation and the outcome link. */
export function confirmationEmail(input: ConfirmationEmailInput): Mail {
  assertNoHealthData(input);
  const { locale } = input;
  return appointmentEmail(input, {
    subject: (when) => t(locale, 'confirmation.subject', { when }),
    intro: t(locale, 'confirmation.intro'),
  });
}
